package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.privacy.PersonalData;

import io.driftwatch.common.model.LabelRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.common.parse.BadRecordException.Reason;
import io.driftwatch.jobs.source.RawRecord;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.LateEventRow;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and validates prediction records. Usable ones go on as {@link Observation}s (those
 * outside {@code [from, to)} are counted and dropped); unusable ones go to the
 * {@link AnalyzePipeline#DEAD_LETTERS} side output with the reason. Never throws on bad input.
 */
public final class ParseRecords extends ProcessFunction<RawRecord, Observation> implements CountsSource {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;
    private final long from;
    private final long to;
    private final AnalyzeSettings.ReferencePeriod referencePeriod;
    private final AnalyzeSettings lateness;
    /** Label files are joined: out-of-range predictions' ids go to the join ({@link AnalyzePipeline#PREDICTIONS_OUT_OF_RANGE}). */
    private final boolean labelsJoined;

    private transient LongCounter bytesRead;
    private transient LongCounter read, valid, invalid, outOfRange, late;
    private transient LongMinimum firstEvent;
    private transient LongMaximum lastEvent;
    private transient long validTimeMin, validTimeMax;
    private transient DeadLetterCounts deadLetters;
    private transient RawDecoder decoder;
    private transient boolean pairedEvents;
    private transient java.util.Map<String, org.apache.flink.metrics.Counter> modelRecords;
    private transient org.apache.flink.metrics.Counter deadLetterMetric;
    /** Text values that look personal, by {@code column:kind}, in this subtask's first {@link #SCANNED} records. */
    private transient java.util.Map<String, Long> personal;
    private transient long scanned;
    /** Records per subtask scanned for personal data (the scan reports counts only; docs/guide/privacy.md). */
    static final int SCANNED = 1000;

    /**
     * @param from inclusive lower bound of event time (Long.MIN_VALUE: none)
     * @param to exclusive upper bound (Long.MAX_VALUE: none)
     */
    public ParseRecords(RecordParser parser, long from, long to) {
        this(parser, from, to, null, null, false);
    }

    /**
     * @param referencePeriod records in it pass too (a reference profiled in the same job), or null
     * @param lateness when streaming, the windows and label wait a record is late against
     *     ({@link AnalyzeSettings#emittedAt}); null in batch
     * @param labelsJoined label records are joined to the predictions (then a prediction outside the
     *     range still tells the join its id)
     */
    public ParseRecords(RecordParser parser, long from, long to, AnalyzeSettings.ReferencePeriod referencePeriod,
            AnalyzeSettings lateness, boolean labelsJoined) {
        this.parser = parser;
        this.from = from;
        this.to = to;
        this.referencePeriod = referencePeriod;
        this.lateness = lateness;
        this.labelsJoined = labelsJoined;
    }

    @Override
    public void open(OpenContext ctx) {
        read = counter(Counters.RECORDS_READ);
        bytesRead = getRuntimeContext().getLongCounter(Counters.BYTES_READ);
        valid = counter(Counters.RECORDS_VALID);
        invalid = counter(Counters.RECORDS_INVALID);
        outOfRange = counter(Counters.RECORDS_OUT_OF_RANGE);
        late = counter(Counters.RECORDS_LATE);
        decoder = new RawDecoder(parser.config(), parser.withFeatures());
        pairedEvents = parser.config().input().format().pairsEvents();
        modelRecords = new java.util.HashMap<>();
        deadLetterMetric = getRuntimeContext().getMetricGroup().counter("dead_letters");
        getRuntimeContext().getMetricGroup().meter("dead_letters_per_s",
                new org.apache.flink.metrics.MeterView(deadLetterMetric));
        deadLetters = new DeadLetterCounts();
        personal = new java.util.TreeMap<>();
        scanned = 0;
        validTimeMin = Long.MAX_VALUE;
        validTimeMax = Long.MIN_VALUE;
        firstEvent = new LongMinimum();
        lastEvent = new LongMaximum();
        getRuntimeContext().addAccumulator(Counters.FIRST_EVENT, firstEvent);
        getRuntimeContext().addAccumulator(Counters.LAST_EVENT, lastEvent);
    }

    @Override
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> c = new java.util.HashMap<>(java.util.Map.of(
                Counters.RECORDS_READ, read.getLocalValue(), Counters.RECORDS_VALID, valid.getLocalValue(),
                Counters.RECORDS_INVALID, invalid.getLocalValue(), Counters.RECORDS_OUT_OF_RANGE, outOfRange.getLocalValue(),
                Counters.RECORDS_LATE, late.getLocalValue()));
        if (lastEvent.getLocalValue() != Long.MIN_VALUE) {
            c.put(Counters.FIRST_EVENT, firstEvent.getLocalValue());
            c.put(Counters.LAST_EVENT, lastEvent.getLocalValue());
        }
        if (validTimeMax != Long.MIN_VALUE) {
            c.put(Counters.VALID_TIME_MIN, validTimeMin);
            c.put(Counters.VALID_TIME_MAX, validTimeMax);
        }
        deadLetters.addTo(c);
        if (scanned > 0) c.put(Counters.PERSONAL_SCANNED, scanned);
        personal.forEach((k, n) -> c.put(Counters.PERSONAL + k, n));
        return c;
    }

    @Override
    public java.util.Map<String, String> examples() {
        return deadLetters.examples();
    }

    /** The model's record counter and rate (metric group {@code model}: {@code records}, {@code records_per_s}). */
    private org.apache.flink.metrics.Counter modelRecords(String model) {
        org.apache.flink.metrics.Counter c = modelRecords.get(model);
        if (c == null) {
            org.apache.flink.metrics.MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("model", model);
            c = g.counter("records");
            g.meter("records_per_s", new org.apache.flink.metrics.MeterView(c));
            modelRecords.put(model, c);
        }
        return c;
    }

    private LongCounter counter(String name) {
        return getRuntimeContext().getLongCounter(name);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Observation> out) {
        // a request and its response paired: their bytes were counted as they were read (ReadEvents)
        if (raw.text() != null && !pairedEvents) bytesRead.add(raw.text().length() + 1);
        java.util.List<JsonNode> nodes;
        try {
            nodes = decoder.decode(raw);
        } catch (BadRecordException e) {
            read.add(1);
            deadLetter(raw, null, e.reason(), e.getMessage(), ctx);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            read.add(1);
            deadLetter(raw, null, Reason.UNEXPECTED_ERROR, e.toString(), ctx);
            return;
        }
        // one record, or the predictions of a platform's batch request
        for (JsonNode node : nodes) parse(raw, node, ctx, out);
    }

    /** Counts the text features and segment values that look personal (hashed ones do not: they are hashes). */
    private void scan(Observation o) {
        scanned++;
        for (int i = 0; i < o.featureNames().length; i++) {
            PersonalData.Kind k = PersonalData.detect(o.featureTexts()[i]);
            if (k != null) personal.merge(o.featureNames()[i] + ":" + k.configName(), 1L, Long::sum);
        }
        for (String key : o.segments()) {
            int eq = key.indexOf('=');
            PersonalData.Kind k = PersonalData.detect(key.substring(eq + 1));
            if (k != null) personal.merge(key.substring(0, eq) + ":" + k.configName(), 1L, Long::sum);
        }
    }

    private void deadLetter(RawRecord raw, JsonNode node, Reason reason, String detail, Context ctx) {
        invalid.add(1);
        deadLetterMetric.inc();
        ctx.output(AnalyzePipeline.DEAD_LETTERS, deadLetterOf(parser, raw, node, reason, detail, "prediction", deadLetters));
    }

    private void parse(RawRecord raw, JsonNode node, Context ctx, Collector<Observation> out) {
        read.add(1);
        try {
            Observation o = parser.parse(node, raw.csvHeader() != null);
            valid.add(1);
            if (scanned < SCANNED) scan(o);
            modelRecords(o.model()).inc();
            validTimeMin = Math.min(validTimeMin, o.timestamp());
            validTimeMax = Math.max(validTimeMax, o.timestamp());
            boolean inRange = o.timestamp() >= from && o.timestamp() < to;
            boolean inReference = referencePeriod != null && o.timestamp() >= referencePeriod.from()
                    && o.timestamp() < referencePeriod.to();
            if (!inRange && !inReference) {
                outOfRange.add(1);
                // for the label join only: a daily run over a week's file skips most records here
                if (labelsJoined && o.predictionId() != null) {
                    ctx.output(AnalyzePipeline.PREDICTIONS_OUT_OF_RANGE, LabelRecord.predictionOutOfRange(o.predictionId(),
                            o.timestamp()));
                }
                return;
            }
            if (lateness != null) {
                // streaming: the window has been emitted (the watermark passed its end plus the label
                // wait), so the record cannot count any more; a later analyze of the window will
                long windowStart = lateness.grid().start(o.timestamp());
                if (lateness.emittedAt(windowStart) <= ctx.timerService().currentWatermark()) {
                    late.add(1);
                    ctx.output(AnalyzePipeline.LATE_EVENTS, LateEventRow.of(raw.source(), raw.text(), "prediction",
                            o.timestamp(), windowStart, "window emitted before the record arrived (watermark "
                                    + Timestamps.format(ctx.timerService().currentWatermark()) + ")", o.model()));
                    return;
                }
            }
            if (inRange) {
                firstEvent.add(o.timestamp());
                lastEvent.add(o.timestamp());
            }
            out.collect(o);
        } catch (BadRecordException e) {
            deadLetter(raw, node, e.reason(), e.getMessage(), ctx);
        } catch (RuntimeException | StackOverflowError e) {
            // a parser bug must not stop the job either (a stream would fail again on every restart);
            // the record and the cause are kept
            deadLetter(raw, node, Reason.UNEXPECTED_ERROR, e.toString(), ctx);
        }
    }

    /**
     * A dead-letter row (counted in {@code counts}), partitioned by the record's own model and time
     * where they can be read through the config's mapping; otherwise its time is
     * {@link DeadLetterRow#UNKNOWN_TIME} and the commit files it under the start of the run's range.
     */
    static DeadLetterRow deadLetterOf(RecordParser parser, RawRecord raw, JsonNode node, Reason reason, String detail,
            String kind, DeadLetterCounts counts) {
        counts.add(kind, reason, raw.source(), detail);
        if (kind.equals("label") && raw.text() != null) {
            String shown = parser.config().privacy().redact(raw.text(), null);
            if (shown != null) counts.addLabelRecord(raw.source(), shown);
        }
        String model = null;
        long time = DeadLetterRow.UNKNOWN_TIME;
        if (node != null && node.isObject()) {
            model = parser.modelOrNull(node);
            time = parser.timeOr(node, kind.equals("label"), DeadLetterRow.UNKNOWN_TIME);
        }
        return DeadLetterRow.of(raw.source(), raw.text(), reason, detail, model, time, kind);
    }
}
