package io.driftwatch.common.kpi;

import java.util.TreeMap;

/**
 * A window's quality without labels under its reference, as {@code kpi_windows} holds it
 * ({@code estimated_precision} … {@code estimated_rmse}, docs/guide/quality-without-labels.md): the same
 * estimates the judge writes to {@code retraining_signals} ({@link Cbpe#estimate}, {@link Cbpe#estimateMacro},
 * {@link ErrorBins#estimate}), for every key — a segment against the reference's same segment.
 */
public final class Estimates {
    private Estimates() {}

    /**
     * The window's values with its estimates and their bands set, or the values unchanged where the
     * window or the reference lacks the counts.
     *
     * @param window the window's KPIs
     * @param state the window's state, whose counts {@code window} may not carry (rows read back), or null
     * @param reference the reference's KPIs of the same key (every version and window merged), or null
     */
    public static KpiValues of(KpiValues window, KpiState state, KpiValues reference) {
        Cbpe.Estimate e = cbpe(window, state, reference);
        ErrorBins.Estimate r = errors(window, state, reference);
        if (e == null && r == null) return window;
        double[] values = window.values().clone();
        double[] intervals = window.intervals().clone();
        if (e != null) {
            set(values, intervals, Kpi.ESTIMATED_PRECISION, e.precision());
            set(values, intervals, Kpi.ESTIMATED_RECALL, e.recall());
            set(values, intervals, Kpi.ESTIMATED_F1, e.f1());
            set(values, intervals, Kpi.ESTIMATED_ROC_AUC, e.rocAuc());
        }
        if (r != null) {
            set(values, intervals, Kpi.ESTIMATED_MAE, r.mae(), r.maeLow(), r.maeHigh());
            set(values, intervals, Kpi.ESTIMATED_RMSE, r.rmse(), r.rmseLow(), r.rmseHigh());
        }
        return new KpiValues(window.task(), values, intervals, window.cbpe(), window.errorBins(), window.ovr());
    }

    /**
     * A classifier window's CBPE estimate (binary; multiclass one-vs-rest, macro), or null where the
     * window or the reference lacks the counts. The counts come from {@code window}, else from
     * {@code state} (rows read back from {@code kpi_windows} carry them only there).
     */
    public static Cbpe.Estimate cbpe(KpiValues window, KpiState state, KpiValues reference) {
        if (reference == null) return null;
        long[] counts = window.cbpe() != null ? window.cbpe() : state == null ? null : state.cbpeCounts();
        if (reference.cbpe() != null && counts != null) return Cbpe.estimate(counts, reference.cbpe());
        if (reference.ovr() == null) return null;
        TreeMap<String, long[]> ovr = window.ovr() != null ? window.ovrCounts() : state == null ? null : state.ovrCounts();
        TreeMap<String, long[]> refOvr = reference.ovrCounts();
        return ovr == null || ovr.isEmpty() || refOvr == null ? null : Cbpe.estimateMacro(ovr, refOvr);
    }

    /** A regression window's estimate from the reference's errors ({@link ErrorBins#estimate}), or null. */
    public static ErrorBins.Estimate errors(KpiValues window, KpiState state, KpiValues reference) {
        if (reference == null || reference.errorBins() == null) return null;
        ErrorBins errors = window.errorBins() != null ? window.errorBinsState() : state == null ? null : state.errorBins();
        return errors == null ? null : ErrorBins.estimate(errors, reference.errorBinsState());
    }

    private static void set(double[] values, double[] intervals, Kpi k, Cbpe.Value v) {
        set(values, intervals, k, v.value(), v.low(), v.high());
    }

    private static void set(double[] values, double[] intervals, Kpi k, double value, double low, double high) {
        values[k.ordinal()] = value;
        intervals[2 * k.ordinal()] = Double.isNaN(value) ? Double.NaN : low;
        intervals[2 * k.ordinal() + 1] = Double.isNaN(value) ? Double.NaN : high;
    }
}
