package io.driftwatch.jobs.commit;

import io.driftwatch.common.trend.Verdict;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.pipeline.Counters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A run's counts, typed: what the job's operators sent as named {@link io.driftwatch.jobs.pipeline.RunCount}s
 * (a name is how a count crosses operators), summed by {@link Counters#accumulate}, read once here.
 *
 * @param firstEvent the earliest event time read (valid or not), or null
 * @param lastEvent the latest, or null
 * @param validTimeMin the earliest valid record's event time, or null
 * @param validTimeMax the latest, or null
 * @param deadLetters dead letters by {@code kind:reason}, most frequent first (ties by name)
 * @param deadLetterExamples one example of each, in the same order ("" where none was kept)
 * @param decisions the run's decisions by kind, RETRAIN first
 * @param unusableLabelRecord one unusable label record as written ({@code source: text}), or null
 * @param personalData values that look personal by {@code column:kind} in the scanned records, most first
 * @param personalScanned how many records were scanned for them
 */
public record RunCounts(long recordsRead, long recordsValid, long recordsInvalid, long recordsOutOfRange, long recordsLate,
        long labelsRead, long labelsJoined, long labelsUnmatched, long labelsOutOfRange, long labelsInvalid, long labelsLate,
        Long firstEvent,
        Long lastEvent, Long validTimeMin, Long validTimeMax, long kpiWindowRows, long featureProfileRows,
        long featureDriftRows, long referenceProfileRows, List<Column.ValueCount> deadLetters,
        List<String> deadLetterExamples, List<Column.ValueCount> decisions, long anomaliesFired, String unusableLabelRecord,
        List<Column.ValueCount> personalData, long personalScanned) {

    /** The count name of a decision of the judge (streaming: one per signal; batch: added after judging). */
    static final String DECISION = "decision:";
    /** The count name of the KPI anomalies that fired. */
    static final String ANOMALIES_FIRED = "anomalies_fired";

    /** The typed counts of summed {@code counts}, with the dead letters' {@code examples}. */
    public static RunCounts of(Map<String, Long> counts, Map<String, String> examples) {
        List<Column.ValueCount> reasons = new ArrayList<>();
        counts.forEach((name, n) -> {
            if (name.startsWith(Counters.DEAD_LETTER)) reasons.add(new Column.ValueCount(name.substring(Counters.DEAD_LETTER.length()), n));
        });
        reasons.sort(Comparator.comparingLong(Column.ValueCount::count).reversed().thenComparing(Column.ValueCount::value));
        List<String> reasonExamples = new ArrayList<>();
        for (Column.ValueCount r : reasons) reasonExamples.add(examples.getOrDefault(Counters.DEAD_LETTER + r.value(), ""));
        List<Column.ValueCount> decisions = new ArrayList<>();
        for (Verdict d : Verdict.MOST_SEVERE_FIRST) {
            Long n = counts.get(DECISION + d.name());
            if (n != null) decisions.add(new Column.ValueCount(d.name(), n));
        }
        return new RunCounts(n(counts, Counters.RECORDS_READ), n(counts, Counters.RECORDS_VALID),
                n(counts, Counters.RECORDS_INVALID), n(counts, Counters.RECORDS_OUT_OF_RANGE), n(counts, Counters.RECORDS_LATE),
                n(counts, Counters.LABELS_READ), n(counts, Counters.LABELS_JOINED), n(counts, Counters.LABELS_UNMATCHED),
                n(counts, Counters.LABELS_OUT_OF_RANGE),
                n(counts, Counters.LABELS_INVALID), n(counts, Counters.LABELS_LATE), counts.get(Counters.FIRST_EVENT),
                counts.get(Counters.LAST_EVENT), counts.get(Counters.VALID_TIME_MIN), counts.get(Counters.VALID_TIME_MAX),
                n(counts, "rows_kpi_windows"), n(counts, "rows_feature_profiles"), n(counts, "rows_feature_drift"),
                n(counts, "reference_rows_feature_profiles"), List.copyOf(reasons), List.copyOf(reasonExamples),
                List.copyOf(decisions), n(counts, ANOMALIES_FIRED), examples.get(Counters.LABEL_RECORD),
                personal(counts), n(counts, Counters.PERSONAL_SCANNED));
    }

    private static List<Column.ValueCount> personal(Map<String, Long> counts) {
        List<Column.ValueCount> out = new ArrayList<>();
        counts.forEach((name, n) -> {
            if (name.startsWith(Counters.PERSONAL)) out.add(new Column.ValueCount(name.substring(Counters.PERSONAL.length()), n));
        });
        out.sort(Comparator.comparingLong(Column.ValueCount::count).reversed().thenComparing(Column.ValueCount::value));
        return List.copyOf(out);
    }

    private static long n(Map<String, Long> counts, String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** The example kept for a dead-letter reason, or null. */
    public String exampleOf(String reason) {
        for (int i = 0; i < deadLetters.size(); i++) {
            if (deadLetters.get(i).value().equals(reason)) {
                String e = deadLetterExamples.get(i);
                return e.isEmpty() ? null : e;
            }
        }
        return null;
    }
}
