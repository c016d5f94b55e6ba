package io.driftwatch.jobs.tables;

import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code kpi_windows} (contract §5): the key, the window, the part of it the run covered
 * ({@code [coverage_start, coverage_end)}: the window cut to the run's range), its KPIs (one column
 * per {@link Kpi}), each KPI's sampling interval ({@code <kpi>_ci_low}, {@code <kpi>_ci_high}) and {@code kpi_state}, the window's mergeable {@link KpiState}, so KPIs of a
 * period (the reference's) or of coarser windows follow without the logs.
 */
public record KpiWindowRow(
        String model, String modelVersion, String segment, long windowStart, long windowEnd, long coverageStart,
        long coverageEnd, KpiValues kpis, byte[] kpiState) implements io.driftwatch.common.trend.KpiWindow {

    /** The row with other KPIs (the estimates without labels set, {@link io.driftwatch.common.kpi.Estimates}). */
    public KpiWindowRow withKpis(KpiValues other) {
        return new KpiWindowRow(model, modelVersion, segment, windowStart, windowEnd, coverageStart, coverageEnd, other,
                kpiState);
    }

    /** The stored KPI state, or null for rows written before it was stored. */
    @Override
    public KpiState state() {
        return kpiState == null ? null : KpiState.fromBytes(kpiState);
    }

    /**
     * The reliability diagram as JSON, {@code [[bin, n, mean score, positive share], ...]} per score bin with
     * labels (20 equal-width bins; multiclass: the predicted class's probability, share right), from the
     * state; null where there is no {@code ece}.
     */
    public String reliabilityJson() {
        if (kpiState == null || kpis.value(Kpi.ECE) == null) return null;
        double[][] bins = state().reliability();
        if (bins == null || bins.length == 0) return null;
        StringBuilder b = new StringBuilder("[");
        for (double[] bin : bins) {
            if (b.length() > 1) b.append(',');
            b.append('[').append((int) bin[0]).append(',').append((long) bin[1]).append(',').append(bin[2]).append(',')
                    .append(bin[3]).append(']');
        }
        return b.append(']').toString();
    }

    public static final TableSchema<KpiWindowRow> SCHEMA = new TableSchema<>("kpi_windows", columns(),
            KpiWindowRow::model, KpiWindowRow::windowStart, KpiWindowRow::read);

    private static List<Column<KpiWindowRow>> columns() {
        List<Column<KpiWindowRow>> c = new ArrayList<>(List.of(
                Column.string("model", KpiWindowRow::model),
                Column.string("model_version", KpiWindowRow::modelVersion),
                Column.string("segment", KpiWindowRow::segment),
                Column.timestamp("window_start", KpiWindowRow::windowStart),
                Column.timestamp("window_end", KpiWindowRow::windowEnd),
                Column.timestamp("coverage_start", KpiWindowRow::coverageStart),
                Column.timestamp("coverage_end", KpiWindowRow::coverageEnd),
                Column.bool("complete", KpiWindowRow::complete),
                Column.string("task", r -> r.kpis().task())));
        for (Kpi k : Kpi.values()) {
            c.add(switch (k.kind()) {
                case COUNT -> Column.int64(k.column(), r -> r.kpis().get(k));
                case VALUE -> Column.float64(k.column(), r -> r.kpis().get(k));
                case FLAG -> Column.bool(k.column(), r -> r.kpis().get(k));
            });
        }
        // the sampling interval of each KPI that has one, at 95 % (Intervals; docs/reference/output-tables.md)
        for (Kpi k : Kpi.values()) {
            if (k.interval() == null) continue;
            c.add(Column.float64(k.ciLowColumn(), r -> r.kpis().ciLow(k)));
            c.add(Column.float64(k.ciHighColumn(), r -> r.kpis().ciHigh(k)));
        }
        // the reliability diagram of a binary model (docs/guide/checks.md "Calibration"), readable without the state
        c.add(Column.string("reliability", KpiWindowRow::reliabilityJson));
        c.add(Column.binary("kpi_state", KpiWindowRow::kpiState));
        return c;
    }

    private static KpiWindowRow read(StoredRow r) {
        KpiValues.Builder kpis = KpiValues.builder(r.string("task"));
        for (Kpi k : Kpi.values()) {
            Object v = r.get(k.column());
            kpis.put(k, k.kind() == Kpi.Kind.COUNT && v == null ? 0L : v);
            if (k.interval() != null) kpis.interval(k, r.float64(k.ciLowColumn()), r.float64(k.ciHighColumn()));
        }
        long start = r.int64("window_start"), end = r.int64("window_end");
        return new KpiWindowRow(r.string("model"), r.string("model_version"), r.string("segment"), start, end,
                r.int64("coverage_start", start), r.int64("coverage_end", end), kpis.build(), r.bytes("kpi_state"));
    }
}
