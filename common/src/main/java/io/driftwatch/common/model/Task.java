package io.driftwatch.common.model;

/** What a model predicts; decides which quality KPIs a window gets. */
public enum Task {
    BINARY_CLASSIFICATION("binary_classification"),
    MULTICLASS_CLASSIFICATION("multiclass_classification"),
    REGRESSION("regression");

    private final String configName;

    Task(String configName) {
        this.configName = configName;
    }

    /** The name used in config files and logs. */
    public String configName() {
        return configName;
    }

    /** Parses a config name; returns null when it is not one of the tasks. */
    public static Task fromConfigName(String name) {
        for (Task t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
