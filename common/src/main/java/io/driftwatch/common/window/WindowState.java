package io.driftwatch.common.window;

import io.driftwatch.common.drift.ColumnType;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.io.ByteArrayDataInput;
import io.driftwatch.common.model.Observation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Everything aggregated for one key and window: the KPI state ({@code kpi_windows}) and, when drift
 * is on, the column profiles ({@code feature_profiles}, {@code feature_drift}). Mergeable, with a
 * versioned byte format for shuffles and checkpoints.
 */
public final class WindowState {
    private static final byte FORMAT = 1;

    private KpiState kpis = new KpiState();
    private ProfileSet profiles;

    /**
     * Adds one prediction.
     *
     * @param declared the model's declared feature types, or null when profiles are off
     */
    public void add(Observation o, double threshold, Map<String, ColumnType> declared) {
        add(o, threshold, declared, false);
    }

    /**
     * Adds one prediction.
     *
     * @param declared the model's declared feature types, or null when profiles are off
     * @param multivariate whether the profiles keep the numeric features' co-moments
     */
    public void add(Observation o, double threshold, Map<String, ColumnType> declared, boolean multivariate) {
        kpis.add(o, threshold);
        if (declared != null) {
            if (profiles == null) profiles = new ProfileSet();
            // a carried prediction's row, features and prediction are profiled already (addProfiles)
            if (o.carried()) profiles.addLabel(o);
            else profiles.add(o, declared, multivariate);
        }
    }

    /**
     * Adds one prediction's row, features and prediction to the profiles, nothing to the KPIs: profiled
     * before its label is joined; its carried form ({@code CarriedObservations}) then adds the KPIs and
     * the label, so the merged window is the one {@link #add} makes.
     */
    public void addProfiles(Observation o, Map<String, ColumnType> declared, boolean multivariate) {
        if (profiles == null) profiles = new ProfileSet();
        profiles.addAllButLabel(o, declared, multivariate);
    }

    public WindowState merge(WindowState o) {
        kpis.merge(o.kpis);
        if (o.profiles != null) {
            if (profiles == null) profiles = new ProfileSet();
            profiles.merge(o.profiles);
        }
        return this;
    }

    public KpiState kpis() {
        return kpis;
    }

    /** Sets the profiles (a window's profiles carried from an earlier run, with an empty KPI state). */
    public void setProfiles(ProfileSet profiles) {
        this.profiles = profiles;
    }

    /** The profiles, or null when profiles are off. */
    public ProfileSet profiles() {
        return profiles;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            byte[] k = kpis.toBytes();
            out.writeInt(k.length);
            out.write(k);
            out.writeBoolean(profiles != null);
            if (profiles != null) profiles.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WindowState fromBytes(byte[] data) {
        try {
            ByteArrayDataInput in = new ByteArrayDataInput(data);
            byte format = in.readByte();
            if (format != FORMAT) throw new IOException("unknown window state format " + format);
            WindowState s = new WindowState();
            byte[] k = new byte[in.readInt()];
            in.readFully(k);
            s.kpis = KpiState.fromBytes(k);
            if (in.readBoolean()) s.profiles = ProfileSet.readFrom(in);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
