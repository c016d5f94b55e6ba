package io.driftwatch.common.kpi;

import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The mergeable quality state of one task: each task's state adds its predictions and labels and
 * puts the quality KPIs it defines, so a window's KPIs follow from its task without switches on the
 * task elsewhere.
 */
interface QualityState {
    /** Adds one prediction (and its label, if it has one). */
    void add(Observation o);

    /** Adds everything of {@code other}, a state of the same task. */
    void merge(QualityState other);

    void writeTo(DataOutput out) throws IOException;

    /** Labeled predictions. */
    long labeled();

    /** Puts this task's quality KPIs. */
    void putKpis(KpiValues.Builder kpis);

    /** A new state of a task ({@code threshold}: binary decision threshold). */
    static QualityState of(Task task, double threshold) {
        return switch (task) {
            case BINARY_CLASSIFICATION -> new BinaryClassificationState(threshold);
            case MULTICLASS_CLASSIFICATION -> new MulticlassState();
            case REGRESSION -> new RegressionState();
        };
    }

    /** Reads a state of a task written by {@link #writeTo} in KPI state format {@code format}. */
    static QualityState readFrom(Task task, DataInput in, int format) throws IOException {
        return switch (task) {
            case BINARY_CLASSIFICATION -> BinaryClassificationState.readFrom(in, format);
            case MULTICLASS_CLASSIFICATION -> MulticlassState.readFrom(in, format);
            case REGRESSION -> RegressionState.readFrom(in, format);
        };
    }
}
