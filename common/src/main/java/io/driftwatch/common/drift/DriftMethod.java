package io.driftwatch.common.drift;

/**
 * The statistic that decides drift for a column (contract §6), and how: a p-value below a threshold, or a
 * distance at or above one.
 */
public enum DriftMethod {
    PSI("psi", false),
    JENSEN_SHANNON("jensen_shannon", false),
    HELLINGER("hellinger", false),
    KS("ks", true),
    WASSERSTEIN_NORM("wasserstein_norm", false),
    CHI_SQUARE("chi_square", true),
    L_INFINITY("l_infinity", false);

    private final String configName;
    private final boolean pValue;

    DriftMethod(String configName, boolean pValue) {
        this.configName = configName;
        this.pValue = pValue;
    }

    public String configName() {
        return configName;
    }

    /** True when the decision is a p-value below the threshold (then corrected for multiple tests). */
    public boolean decidesByPValue() {
        return pValue;
    }

    /**
     * The {@code auto} choice: with {@code n = min(reference count, window count)} and {@code u}
     * distinct reference values — n ≤ 1000: numeric with u > 5 → KS, else chi-square; n > 1000:
     * numeric with u > 5 → normalized Wasserstein, else Jensen–Shannon.
     */
    public static DriftMethod auto(long n, long distinctReferenceValues, boolean numeric) {
        boolean continuous = numeric && distinctReferenceValues > 5;
        if (n <= 1000) return continuous ? KS : CHI_SQUARE;
        return continuous ? WASSERSTEIN_NORM : JENSEN_SHANNON;
    }

    /** The method of a config name ({@code drift.method}), or null for {@code auto} and unknown names. */
    public static DriftMethod fromConfigName(String name) {
        for (DriftMethod m : values()) {
            if (m.configName.equals(name)) return m;
        }
        return null;
    }
}
