package io.driftwatch.common.trend;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retraining decision of contract §7 for one window and (model, version), a pure function of what
 * the window measured, what the reference period measured, its drift rows and its anomalies.
 *
 * <ul>
 *   <li>{@code RETRAIN} when the quality KPI of the task is worse than the reference's by more than
 *       {@code max_accuracy_drop} on at least {@code min_labels} labels (binary: accuracy; multiclass:
 *       macro F1; regression: RMSE, relatively: {@code rmse / reference − 1} against
 *       {@code max_rmse_increase}); without enough labels,
 *       when {@code estimated_accuracy} (binary) dropped that much, said so in the reason; or when the
 *       weighted share of drifted features is at least {@code max_drift_share}; or when the prediction
 *       drifted in {@code prediction_drift_windows} windows in a row (this one included).
 *   <li>{@code INVESTIGATE} when any feature or the prediction drifted, or moved a little in window
 *       after window (a CUSUM over its tests, docs/reference/alarms.md), or any KPI anomaly fired.
 *   <li>{@code OK} otherwise.
 * </ul>
 *
 * <p>A quality drop beyond the allowed one that is within the window's sampling noise at
 * {@code confidence} ({@code z = drop / se < z(confidence)}, see {@link #noise}) is no alarm: the
 * window is {@code OK} with that said in its reasons (0.06 on 125 labels is noise, on 1,400 it is
 * not); {@code retraining.within_noise: investigate} makes it {@code INVESTIGATE} as before issue 20.
 *
 * <p>Severity (0..1): 0 for OK; for INVESTIGATE {@code 0.25 + 0.25 ×} the weighted drifted share;
 * for RETRAIN {@code 0.5 + 0.5 ×} the largest overshoot of a rule, each capped at 1 (an accuracy drop
 * twice the allowed one, all features drifted, a prediction drift twice as long as allowed).
 */
public final class RetrainingRules {
    private RetrainingRules() {}

    /**
     * One column's drift verdict in the window ({@code label}: the label column, the target's
     * distribution; {@code persistent}: the evidence over time of a column not drifted in this window
     * alone — a CUSUM of its tests' z-scores at or over its threshold, in words — or null).
     */
    /** The reserved column of multivariate drift ({@code PcaReconstruction.FEATURE}). */
    static final String MULTIVARIATE = io.driftwatch.common.drift.PcaReconstruction.FEATURE;

    public record ColumnVerdict(String name, boolean prediction, boolean drifted, String method, double statistic,
            boolean label, String persistent) {

        public ColumnVerdict(String name, boolean prediction, boolean drifted, String method, double statistic,
                boolean label) {
            this(name, prediction, drifted, method, statistic, label, null);
        }

        /** A feature's or the prediction's verdict. */
        public ColumnVerdict(String name, boolean prediction, boolean drifted, String method, double statistic) {
            this(name, prediction, drifted, method, statistic, false);
        }
    }

    /**
     * What the rules read.
     *
     * @param quality the task's quality KPI in the window (accuracy, macro F1 or RMSE), or null
     * @param referenceQuality the same KPI over the reference period, or null
     * @param labels labeled predictions in the window
     * @param estimated binary {@code estimated_accuracy} in the window, or null
     * @param referenceEstimated the reference period's, or null
     * @param columns the window's drift verdicts (features and the prediction)
     * @param predictionDriftRun consecutive windows up to this one with the prediction drifted
     * @param anomalies the KPIs whose anomaly fired in the window
     * @param featureWeights importance per feature (absent: 1)
     * @param concentration the segment where a quality drop concentrates, or null
     * @param predictions the window's predictions (the estimated accuracy's basis)
     * @param qualityInterval the window's quality KPI's 95 % interval ({@code kpi_windows}), or null
     * @param estimatedInterval the window's estimated accuracy's 95 % interval, or null
     * @param referenceQualityInterval the reference period's quality KPI's 95 % interval, or null (a stored
     *     reference without one: the reference is taken as exact)
     * @param referenceEstimatedInterval the reference period's estimated accuracy's 95 % interval, or null
     */
    public record Inputs(Task task, Double quality, Double referenceQuality, long labels, Double estimated,
            Double referenceEstimated, List<ColumnVerdict> columns, int predictionDriftRun, List<String> anomalies,
            Map<String, Double> featureWeights, SegmentDrop concentration, long predictions, double[] qualityInterval,
            double[] estimatedInterval, double[] referenceQualityInterval, double[] referenceEstimatedInterval) {

        /** Without the reference's intervals: the reference is taken as exact. */
        public Inputs(Task task, Double quality, Double referenceQuality, long labels, Double estimated,
                Double referenceEstimated, List<ColumnVerdict> columns, int predictionDriftRun, List<String> anomalies,
                Map<String, Double> featureWeights, SegmentDrop concentration, long predictions, double[] qualityInterval,
                double[] estimatedInterval) {
            this(task, quality, referenceQuality, labels, estimated, referenceEstimated, columns, predictionDriftRun,
                    anomalies, featureWeights, concentration, predictions, qualityInterval, estimatedInterval, null, null);
        }

        /** Without the window's intervals: drops are judged against a proportion's noise at the reference. */
        public Inputs(Task task, Double quality, Double referenceQuality, long labels, Double estimated,
                Double referenceEstimated, List<ColumnVerdict> columns, int predictionDriftRun, List<String> anomalies,
                Map<String, Double> featureWeights, SegmentDrop concentration, long predictions) {
            this(task, quality, referenceQuality, labels, estimated, referenceEstimated, columns, predictionDriftRun,
                    anomalies, featureWeights, concentration, predictions, null, null);
        }

        /** Without the window's prediction count: the estimated accuracy's noise is not judged. */
        public Inputs(Task task, Double quality, Double referenceQuality, long labels, Double estimated,
                Double referenceEstimated, List<ColumnVerdict> columns, int predictionDriftRun, List<String> anomalies,
                Map<String, Double> featureWeights, SegmentDrop concentration) {
            this(task, quality, referenceQuality, labels, estimated, referenceEstimated, columns, predictionDriftRun,
                    anomalies, featureWeights, concentration, Long.MAX_VALUE);
        }

        public Inputs(Task task, Double quality, Double referenceQuality, long labels, Double estimated,
                Double referenceEstimated, List<ColumnVerdict> columns, int predictionDriftRun, List<String> anomalies,
                Map<String, Double> featureWeights) {
            this(task, quality, referenceQuality, labels, estimated, referenceEstimated, columns, predictionDriftRun,
                    anomalies, featureWeights, null);
        }
    }

    /**
     * A segment that carries most of a quality drop: its drop against its own reference and its share
     * of the window's labeled traffic.
     */
    public record SegmentDrop(String segment, double drop, double trafficShare) {}

    /** The task's quality KPI as the reasons name it ({@link Kpi#qualityName}). */
    public static String qualityName(Task task) {
        return Kpi.qualityName(task);
    }

    /** The decision with its reasons, most important first. */
    public record Decision(Verdict decision, double severity, List<String> reasons, List<String> driftedFeatures,
            Double quality, Double referenceQuality, Double qualityDrop) {}

    public static Decision decide(Inputs in, RetrainingConfig rules) {
        List<String> retrain = new ArrayList<>();
        List<String> investigate = new ArrayList<>();
        // said, but no alarm: a drop within the sampling noise
        List<String> notes = new ArrayList<>();
        double overshoot = 0;

        String kpi = qualityName(in.task());
        boolean relative = in.task() == Task.REGRESSION;
        Double drop = null;
        String held = null;
        if (in.quality() != null && in.referenceQuality() != null && in.labels() >= rules.minLabels()) {
            drop = relative
                    ? (in.referenceQuality() > 0 ? in.quality() / in.referenceQuality() - 1 : null)
                    : in.referenceQuality() - in.quality();
            double tolerance = rules.maxQualityDrop(in.task());
            String what = String.format(Locale.ROOT, "%s %s vs reference %s (%s) on %,d labels", kpi, num(in.quality()),
                    num(in.referenceQuality()), drop == null ? "n/a" : signed(relative ? drop : -drop, relative),
                    in.labels());
            Judged j = drop == null || drop <= tolerance ? null : judgeDrop(in.quality(), in.referenceQuality(), !relative,
                    tolerance, in.qualityInterval(), in.referenceQualityInterval(),
                    noise(in.task(), in.referenceQuality(), in.labels()),
                    "that many labels", rules);
            if (j != null && j.standing() == Standing.BEYOND_TOLERANCE) {
                retrain.add(what + j.evidence());
                overshoot = Math.max(overshoot, drop / (2 * tolerance));
                if (in.concentration() != null) {
                    SegmentDrop c = in.concentration();
                    retrain.add(String.format(Locale.ROOT, "drop concentrated in segment %s (%s, %.0f %% of traffic)",
                            c.segment(), signed(relative ? c.drop() : -c.drop(), relative), 100 * c.trafficShare()));
                }
            } else if (j != null && j.standing() == Standing.BEYOND_REFERENCE) {
                investigate.add(what + j.evidence());
            } else if (j != null) {
                (rules.noiseDropInvestigates() ? investigate : notes).add(what + j.evidence() + ", so "
                        + (rules.noiseDropInvestigates() ? "not yet a retraining" : "no alarm"));
            } else if (drop != null && rules.labelsOverrideDrift()) {
                held = String.format(Locale.ROOT, "%s %s vs reference %s on %,d labels holds", kpi, num(in.quality()),
                        num(in.referenceQuality()), in.labels());
            }
        } else if (in.estimated() != null && in.referenceEstimated() != null) {
            double estDrop = in.referenceEstimated() - in.estimated();
            String why = String.format(Locale.ROOT, "estimated accuracy %s vs reference %s (%s) — %,d labels, fewer than %d,"
                    + " so judged without labels", num(in.estimated()), num(in.referenceEstimated()), signed(-estDrop, false),
                    in.labels(), rules.minLabels());
            // the estimate is a mean over the window's scored predictions: a drop within its sampling noise is
            // no alarm — 13 predictions an hour moved it by 0.07 (without its interval, a proportion's noise bounds it)
            Judged j = estDrop <= rules.maxAccuracyDrop() ? null : judgeDrop(in.estimated(), in.referenceEstimated(), true,
                    rules.maxAccuracyDrop(), in.estimatedInterval(), in.referenceEstimatedInterval(),
                    in.predictions() == Long.MAX_VALUE ? 0
                            : noise(Task.BINARY_CLASSIFICATION, in.referenceEstimated(), in.predictions()),
                    String.format(Locale.ROOT, "%,d predictions", in.predictions()), rules);
            if (j != null && j.standing() == Standing.BEYOND_TOLERANCE) {
                retrain.add(why + j.evidence());
                overshoot = Math.max(overshoot, estDrop / (2 * rules.maxAccuracyDrop()));
            } else if (j != null && j.standing() == Standing.BEYOND_REFERENCE) {
                investigate.add(why + j.evidence());
            } else if (j != null) {
                (rules.noiseDropInvestigates() ? investigate : notes).add(why + ";" + j.evidence().substring(1) + ", so "
                        + (rules.noiseDropInvestigates() ? "not yet a retraining" : "no alarm"));
            }
        }

        // the multivariate row is no feature: it is a reason of its own where no single column moved
        List<ColumnVerdict> features = in.columns().stream().filter(c -> !c.prediction() && !c.label()
                && !MULTIVARIATE.equals(c.name())).toList();
        List<ColumnVerdict> drifted = features.stream().filter(ColumnVerdict::drifted)
                // the most important first, then the largest statistic
                .sorted(Comparator.comparingDouble((ColumnVerdict c) -> -weight(in, c.name()))
                        .thenComparingDouble(c -> -c.statistic()).thenComparing(ColumnVerdict::name))
                .toList();
        double total = features.stream().mapToDouble(c -> weight(in, c.name())).sum();
        double share = total == 0 ? 0 : drifted.stream().mapToDouble(c -> weight(in, c.name())).sum() / total;
        if (!drifted.isEmpty()) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d of %d features drifted", drifted.size(),
                    features.size()));
            if (share != (double) drifted.size() / features.size()) b.append(String.format(Locale.ROOT, " (%.0f %% by weight)", 100 * share));
            b.append(": ");
            for (int i = 0; i < Math.min(5, drifted.size()); i++) {
                ColumnVerdict c = drifted.get(i);
                b.append(i > 0 ? ", " : "").append(c.name()).append(" (").append(c.method()).append(' ')
                        .append(num(c.statistic())).append(')');
            }
            if (drifted.size() > 5) b.append(", ...");
            if (share >= rules.maxDriftShare() && held != null) {
                investigate.add(b + " — " + held + ", so no retraining for drift alone");
            } else if (share >= rules.maxDriftShare()) {
                retrain.add(b.toString());
                overshoot = Math.max(overshoot, share);
            } else {
                investigate.add(b.toString());
            }
        }
        ColumnVerdict joint = in.columns().stream().filter(c -> MULTIVARIATE.equals(c.name()) && c.drifted()).findFirst()
                .orElse(null);
        if (joint != null && drifted.isEmpty()) {
            investigate.add(String.format(Locale.ROOT, "the numeric features moved together while no single feature"
                    + " drifted: how they vary jointly changed (%s error %s, see feature_drift %s)", joint.method(),
                    num(joint.statistic()), MULTIVARIATE));
        }
        ColumnVerdict predictionVerdict = in.columns().stream().filter(c -> c.prediction() && c.drifted()).findFirst()
                .orElse(null);
        if (predictionVerdict != null) {
            String p = "prediction drifted in " + in.predictionDriftRun() + " window(s) in a row";
            if (in.predictionDriftRun() >= rules.predictionDriftWindows() && held != null) {
                investigate.add(p + " — " + held + ", so no retraining for drift alone");
            } else if (in.predictionDriftRun() >= rules.predictionDriftWindows()) {
                retrain.add(p + " (" + rules.predictionDriftWindows() + " allowed)");
                overshoot = Math.max(overshoot, in.predictionDriftRun() / (2.0 * rules.predictionDriftWindows()));
            } else {
                // what fired, and what it would take to retrain (issue 20: it read like the RETRAIN rule)
                investigate.add(String.format(Locale.ROOT, "the predictions' distribution moved (%s %s): %d window(s) in"
                        + " a row, RETRAIN from %d in a row", predictionVerdict.method(), num(predictionVerdict.statistic()),
                        in.predictionDriftRun(), rules.predictionDriftWindows()));
            }
        }
        // a regression target whose distribution moved is a finding even while its error holds (issue 20)
        in.columns().stream().filter(c -> c.label() && c.drifted() && in.task() == Task.REGRESSION).findFirst()
                .ifPresent(c -> investigate.add(String.format(Locale.ROOT, "the label (target) distribution moved (%s %s):"
                        + " the model now predicts a different population; check its error there", c.method(),
                        num(c.statistic()))));
        for (ColumnVerdict c : in.columns()) {
            if (c.persistent() != null && !c.drifted()) {
                investigate.add(String.format(Locale.ROOT, "%s moves a little window after window: %s",
                        c.prediction() ? "the prediction" : c.label() ? "the label" : "feature " + c.name(), c.persistent()));
            }
        }
        for (String a : in.anomalies()) investigate.add("anomaly in " + a);

        List<String> driftedNames = drifted.stream().map(ColumnVerdict::name).toList();
        if (!retrain.isEmpty()) {
            List<String> reasons = new ArrayList<>(retrain);
            reasons.addAll(investigate);
            reasons.addAll(notes);
            return new Decision(Verdict.RETRAIN, Math.min(1.0, 0.5 + 0.5 * Math.min(1.0, overshoot)), reasons, driftedNames,
                    in.quality(), in.referenceQuality(), drop);
        }
        if (!investigate.isEmpty()) {
            List<String> reasons = new ArrayList<>(investigate);
            reasons.addAll(notes);
            return new Decision(Verdict.INVESTIGATE, 0.25 + 0.25 * share, reasons, driftedNames, in.quality(),
                    in.referenceQuality(), drop);
        }
        return new Decision(Verdict.OK, 0.0, List.copyOf(notes), driftedNames, in.quality(), in.referenceQuality(), drop);
    }

    /** Where a drop beyond the tolerance stands against the window's sampling noise. */
    enum Standing {
        /** Even the interval's best end is worse than the reference by more than the tolerance: RETRAIN. */
        BEYOND_TOLERANCE,
        /** The interval lies wholly on the worse side of the reference, not wholly beyond the tolerance: INVESTIGATE. */
        BEYOND_REFERENCE,
        /** The interval reaches the reference: the drop is within noise, OK with the reason said. */
        WITHIN_NOISE
    }

    record Judged(Standing standing, String evidence) {}

    /**
     * Judges a change beyond the tolerance by the window's interval at {@code rules.confidence()} (the
     * budget's level, one-sided: each side of the stored 95 % interval scaled by {@code z/1.96}): its
     * best end beyond the tolerance → {@link Standing#BEYOND_TOLERANCE}, beyond the reference only →
     * {@link Standing#BEYOND_REFERENCE}, else within noise. Without an interval (rows written before
     * issue 20), {@code z = change / se} against the same level: within noise, or beyond the tolerance.
     *
     * <p>The reference is a sample too: with its interval, the margin of the difference is the window's
     * side and the reference's opposite side added in quadrature (for a relative change, as shares of
     * each value) — a reference period of a few dozen labels no longer makes a window's ordinary dip an
     * alarm (an hour of a stationary log as the reference: accuracy 0.80 on 43 labels, ± 0.15 at 99 %,
     * made 3 of 15 stationary days INVESTIGATE against it taken as exact). Where that changes the standing, the evidence
     * names the reference's interval.
     *
     * @param higherBetter accuracy-like (the change is {@code reference − value}); else a relative increase
     * @param interval95 the window's 95 % interval, or null
     * @param referenceInterval95 the reference's 95 % interval, or null (taken as exact)
     * @param se the standard error to use without an interval, in the units of the change (0: no noise known)
     * @param basis what the value stands on, for the reason ("125 labels")
     */
    static Judged judgeDrop(double value, double reference, boolean higherBetter, double tolerance, double[] interval95,
            double[] referenceInterval95, double se, String basis, RetrainingConfig rules) {
        double zCritical = criticalZ(rules.confidence());
        String level = String.format(Locale.ROOT, "%.4g %%", 100 * rules.confidence());
        if (interval95 == null) {
            double change = higherBetter ? reference - value : value / reference - 1;
            if (!(se > 1e-9)) return new Judged(Standing.BEYOND_TOLERANCE, "");
            double z = change / se;
            return z < zCritical
                    ? new Judged(Standing.WITHIN_NOISE, String.format(Locale.ROOT, ", within the sampling noise of %s"
                            + " (z = %.1f < %.2f)", basis, z, zCritical))
                    : new Judged(Standing.BEYOND_TOLERANCE, String.format(Locale.ROOT, " (z = %.1f ≥ %.2f)", z, zCritical));
        }
        double f = zCritical / io.driftwatch.common.kpi.Intervals.Z;
        double low = value - (value - interval95[0]) * f, high = value + (interval95[1] - value) * f;
        // the end nearest the reference: the most the window can be said to be worse by
        double best = higherBetter ? reference - high : low / reference - 1;
        double alone = best;
        String referenceSaid = "";
        if (referenceInterval95 != null) {
            double rLow = reference - (reference - referenceInterval95[0]) * f;
            double rHigh = reference + (referenceInterval95[1] - reference) * f;
            // the window's side toward the reference and the reference's side toward the window, in quadrature
            best = higherBetter
                    ? reference - value - Math.hypot(high - value, reference - rLow)
                    : value / reference * (1 - Math.hypot((value - low) / value, (rHigh - reference) / reference)) - 1;
            if (standing(best, tolerance) != standing(alone, tolerance)) {
                referenceSaid = String.format(Locale.ROOT, " and the reference's [%s, %s]", num4(rLow), num4(rHigh));
            }
        }
        String evidence = String.format(Locale.ROOT, "; its %s interval is [%s, %s]%s", level, num4(low),
                num4(high), referenceSaid);
        String bound = higherBetter ? num4(reference - tolerance) : num4(reference * (1 + tolerance));
        return switch (standing(best, tolerance)) {
            case BEYOND_TOLERANCE -> new Judged(Standing.BEYOND_TOLERANCE, evidence + ", beyond the tolerance " + bound);
            case BEYOND_REFERENCE -> new Judged(Standing.BEYOND_REFERENCE, evidence + ": worse than the reference beyond"
                    + " noise, not surely beyond the tolerance " + bound + " — watch the next windows");
            case WITHIN_NOISE -> new Judged(Standing.WITHIN_NOISE, evidence + (referenceSaid.isEmpty()
                    ? ", which holds the reference: within the sampling noise"
                    : ": the difference is within the sampling noise of both"));
        };
    }

    /** Where the least the window can be said to be worse by ({@code best}) stands. */
    private static Standing standing(double best, double tolerance) {
        return best > tolerance ? Standing.BEYOND_TOLERANCE : best > 0 ? Standing.BEYOND_REFERENCE : Standing.WITHIN_NOISE;
    }

    private static String num4(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The standard error of the quality KPI of a window of {@code n} labels, in the units of the drop:
     * a proportion's {@code sqrt(r(1 − r)/n)} at the reference's value {@code r} (accuracy; macro F1
     * taken as one); for RMSE's relative change {@code 1/sqrt(2n)} (normal errors).
     */
    static double noise(Task task, double reference, long n) {
        if (n <= 0) return Double.POSITIVE_INFINITY;
        if (task == Task.REGRESSION) return 1 / Math.sqrt(2.0 * n);
        double r = Math.min(1 - 1e-9, Math.max(1e-9, reference));
        return Math.sqrt(r * (1 - r) / n);
    }

    /** The two-sided normal quantile of a confidence (0.95 → 1.96); 0 for confidence 0. */
    public static double criticalZ(double confidence) {
        if (confidence <= 0) return 0;
        return new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .inverseCumulativeProbability(0.5 + confidence / 2);
    }

    private static double weight(Inputs in, String feature) {
        Double w = in.featureWeights() == null ? null : in.featureWeights().get(feature);
        return w == null ? 1.0 : w;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String signed(double v, boolean percent) {
        return percent ? String.format(Locale.ROOT, "%+.0f %%", 100 * v) : String.format(Locale.ROOT, "%+.2f", v).replace('-', '−');
    }
}
