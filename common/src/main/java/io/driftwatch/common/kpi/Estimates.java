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
        if (reference == null) return window;
        double[] values = window.values().clone();
        double[] intervals = window.intervals().clone();
        boolean any = false;
        long[] counts = window.cbpe() != null ? window.cbpe() : state == null ? null : state.cbpeCounts();
        TreeMap<String, long[]> ovr = window.ovr() != null ? window.ovrCounts() : state == null ? null : state.ovrCounts();
        Cbpe.Estimate e = null;
        if (reference.cbpe() != null && counts != null) {
            e = Cbpe.estimate(counts, reference.cbpe());
        } else if (reference.ovr() != null && ovr != null && !ovr.isEmpty()) {
            TreeMap<String, long[]> refOvr = reference.ovrCounts();
            if (refOvr != null) e = Cbpe.estimateMacro(ovr, refOvr);
        }
        if (e != null) {
            set(values, intervals, Kpi.ESTIMATED_PRECISION, e.precision());
            set(values, intervals, Kpi.ESTIMATED_RECALL, e.recall());
            set(values, intervals, Kpi.ESTIMATED_F1, e.f1());
            set(values, intervals, Kpi.ESTIMATED_ROC_AUC, e.rocAuc());
            any = true;
        }
        ErrorBins errors = window.errorBins() != null ? window.errorBinsState() : state == null ? null : state.errorBins();
        if (reference.errorBins() != null && errors != null) {
            ErrorBins.Estimate r = ErrorBins.estimate(errors, reference.errorBinsState());
            if (r != null) {
                set(values, intervals, Kpi.ESTIMATED_MAE, r.mae(), r.maeLow(), r.maeHigh());
                set(values, intervals, Kpi.ESTIMATED_RMSE, r.rmse(), r.rmseLow(), r.rmseHigh());
                any = true;
            }
        }
        return any ? new KpiValues(window.task(), values, intervals, window.cbpe(), window.errorBins(), window.ovr())
                : window;
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
