package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.window.WindowState;
import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.Path;

/**
 * The feature profiles of the windows a {@code --since-last-run} run carries from the last run
 * ({@code [from, to)} of {@code output}): one partial per key and window, the stored
 * {@code feature_profiles} without the label (the kept predictions bring their labels).
 *
 * <p>Read by a task of the job, not by the planner: on the client they were serial time before the
 * job and travelled in the job graph (3.1 MB on bench/incremental.sh); in the job the read runs beside
 * the sources, and the windows need the partials only at the end of input.
 */
public record CarriedProfiles(String output, long from, long to) implements Serializable {

    /** The partials, in the order of their keys and windows. */
    public List<WindowPartial> read() throws IOException {
        Map<String, ProfileSet> sets = new TreeMap<>();
        Map<String, Long> starts = new HashMap<>();
        for (FeatureProfileRow p : Store.at(new Path(output)).read(FeatureProfileRow.SCHEMA, null, from, to)) {
            String key = p.model() + '\u0001' + p.modelVersion() + '\u0001' + p.segment() + '\u0001' + p.windowStart();
            ProfileSet set = sets.get(key);
            if (set == null) {
                set = new ProfileSet();
                set.addRows(p.rows());
                sets.put(key, set);
                starts.put(key, p.windowStart());
            }
            if (p.columnKind() != ProfileSet.Kind.LABEL) set.mergeColumn(p.columnKind(), p.feature(), p.profile());
        }
        List<WindowPartial> out = new ArrayList<>();
        sets.forEach((key, set) -> {
            WindowState state = new WindowState();
            state.setProfiles(set);
            out.add(new WindowPartial(key.substring(0, key.lastIndexOf('\u0001')), starts.get(key), state.toBytes()));
        });
        return out;
    }
}
