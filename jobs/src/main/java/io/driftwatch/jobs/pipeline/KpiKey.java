package io.driftwatch.jobs.pipeline;

import org.apache.flink.api.java.functions.KeySelector;

/** The key of a KPI window, (model, model_version, segment), as one string (see {@link PreAggregateWindows}). */
public final class KpiKey implements KeySelector<WindowPartial, String> {
    private static final long serialVersionUID = 1L;
    private static final char SEP = '\u0001';

    @Override
    public String getKey(WindowPartial p) {
        return p.key();
    }

    static String[] split(String key) {
        int a = key.indexOf(SEP);
        int b = key.indexOf(SEP, a + 1);
        return new String[] {key.substring(0, a), key.substring(a + 1, b), key.substring(b + 1)};
    }
}
