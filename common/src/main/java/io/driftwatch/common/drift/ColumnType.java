package io.driftwatch.common.drift;

/** How a column is profiled and compared: {@code numeric} or {@code categorical} (contract §4). */
public enum ColumnType {
    NUMERIC, CATEGORICAL,
    /** The co-moments of a model's numeric features together ({@link CoMoments}), never declared. */
    MULTIVARIATE;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type of a config name ({@code models.<m>.features}), or null. */
    public static ColumnType fromConfigName(String name) {
        if (name == null) return null;
        return switch (name) {
            case "numeric" -> NUMERIC;
            case "categorical" -> CATEGORICAL;
            default -> null;
        };
    }
}
