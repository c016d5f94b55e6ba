package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.Observation;
import org.apache.flink.api.java.functions.KeySelector;

/** The key of a KPI window, (model, model_version, segment), as one string. */
public final class KpiKey implements KeySelector<Observation, String> {
    private static final long serialVersionUID = 1L;
    private static final char SEP = '\u0001';

    @Override
    public String getKey(Observation o) {
        return o.model() + SEP + o.modelVersion() + SEP + o.segment();
    }

    static String[] split(String key) {
        int a = key.indexOf(SEP);
        int b = key.indexOf(SEP, a + 1);
        return new String[] {key.substring(0, a), key.substring(a + 1, b), key.substring(b + 1)};
    }
}
