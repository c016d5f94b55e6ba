package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import org.apache.flink.api.java.functions.KeySelector;

/** Join keys: the {@code prediction_id} of a prediction or of a label. */
public final class PredictionIdOf {
    private PredictionIdOf() {}

    public static final class OfPrediction implements KeySelector<Observation, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Observation o) {
            return o.predictionId();
        }
    }

    public static final class OfLabel implements KeySelector<LabelRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(LabelRecord l) {
            return l.predictionId();
        }
    }

    /** Predictions that can be joined (they carry an id). */
    public static final class HasId implements org.apache.flink.api.common.functions.FilterFunction<Observation> {
        private static final long serialVersionUID = 1L;
        private final boolean wanted;

        public HasId(boolean wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean filter(Observation o) {
            return (o.predictionId() != null) == wanted;
        }
    }
}
