package io.driftwatch.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.drift.ColumnType;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.window.WindowState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A window analyzed again from carried predictions (issue 26): the state of the kept predictions with
 * their labels, merged with the window's stored profiles without the label, is byte for byte the state
 * of the logged records with the same labels.
 */
class CarriedObservationsTest {
    static final Map<String, ColumnType> DECLARED = Map.of("country", ColumnType.CATEGORICAL);

    /** A prediction with two features, fairness groups, an endpoint, and a label or none. */
    static Observation record(Random r, int i, Task task, boolean labeled) {
        double score = r.nextDouble();
        String[] classes = {"a", "b", "c"};
        boolean multiclass = task == Task.MULTICLASS_CLASSIFICATION;
        double[] probabilities = multiclass ? new double[] {score / 2, score / 2, 1 - score} : new double[0];
        String predicted = multiclass ? classes[r.nextInt(3)] : null;
        double label = task == Task.REGRESSION ? score + r.nextGaussian() : r.nextInt(2);
        String labelText = multiclass ? classes[r.nextInt(3)] : task == Task.REGRESSION ? null : String.valueOf((int) label);
        return new Observation("m", i % 3 == 0 ? "v2" : "v1", null, i % 2 == 0 ? new String[] {"country=DE"} : new String[0],
                i % 5 == 0 ? null : "id-" + i, 1_000L + i, task, multiclass ? Double.NaN : task == Task.REGRESSION
                        ? score * 10 : score, predicted, labeled, labeled ? (multiclass ? Double.NaN : label) : Double.NaN,
                labeled ? labelText : null, 5 + r.nextDouble() * 20, r.nextInt(50) == 0, r.nextDouble() * 90,
                100 + r.nextDouble(), Double.NaN, new String[] {"age", "country"}, new double[] {r.nextGaussian(), Double.NaN},
                new String[] {null, i % 4 == 0 ? "FR" : "DE"}, new String[] {"gender=" + (i % 2 == 0 ? "f" : "m")},
                multiclass ? classes : new String[0], probabilities);
    }

    @Test
    void theCarriedFormKeepsEverythingButTheFeatures() {
        Random r = new Random(1);
        for (Task task : Task.values()) {
            Observation o = record(r, 10, task, true);
            Observation back = CarriedObservations.fromBytes(CarriedObservations.toBytes(o));
            assertThat(back.carried()).isTrue();
            assertThat(o.carried()).isFalse();
            assertThat(back.featureNames()).containsExactly(CarriedObservations.MARK);
            assertThat(back).usingRecursiveComparison().ignoringFields("featureNames", "featureNumbers", "featureTexts")
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(o);
            assertThat(CarriedObservations.toBytes(o).length).as("%s", task).isLessThan(200);
            // a daily run keeps a kept prediction again as the bytes it read: the same as encoding it again
            assertThat(CarriedObservations.toBytes(back)).as("%s", task).isEqualTo(CarriedObservations.toBytes(o));
        }
    }

    @Test
    void aWindowFromCarriedPredictionsEqualsTheWindowFromTheLogs() {
        for (Task task : Task.values()) {
            Random r = new Random(7);
            List<Observation> logged = new ArrayList<>();
            List<Boolean> labelLater = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                logged.add(record(r, i, task, i % 7 == 0)); // a few inline labels
                labelLater.add(i % 3 != 0);
            }
            // the labels as they are in the end (inline, or joined from a label file)
            List<Observation> labeled = new ArrayList<>();
            for (int i = 0; i < logged.size(); i++) {
                Observation o = logged.get(i);
                Observation withLabel = record(new Random(i), i, task, true);
                labeled.add(labelLater.get(i) ? o.withLabel(withLabel.labelNumber(), withLabel.labelText()) : o);
            }
            WindowState fromLogs = new WindowState();
            for (Observation o : labeled) fromLogs.add(o, 0.5, DECLARED, true);

            // the earlier run: the logged records before late labels; its profiles are stored, the label column aside
            WindowState earlier = new WindowState();
            for (Observation o : logged) earlier.add(o, 0.5, DECLARED, true);
            ProfileSet stored = new ProfileSet();
            stored.addRows(earlier.profiles().rows());
            for (ProfileSet.Column c : earlier.profiles().columns()) {
                if (c.kind() != ProfileSet.Kind.LABEL) stored.mergeColumn(c.kind(), c.name(), c.profile());
            }
            // this run: the kept predictions with the labels they have now, merged in two partials like a shuffle
            WindowState carried = new WindowState();
            WindowState carried2 = new WindowState();
            for (int i = 0; i < labeled.size(); i++) {
                Observation kept = CarriedObservations.fromBytes(CarriedObservations.toBytes(logged.get(i)));
                Observation o = labelLater.get(i) ? kept.withLabel(labeled.get(i).labelNumber(), labeled.get(i).labelText()) : kept;
                (i % 2 == 0 ? carried : carried2).add(o, 0.5, DECLARED, true);
            }
            WindowState profiles = new WindowState();
            profiles.setProfiles(stored);
            WindowState again = WindowState.fromBytes(profiles.toBytes()).merge(carried2).merge(carried);
            assertThat(again.toBytes()).as("%s", task).isEqualTo(fromLogs.toBytes());
        }
    }
    /**
     * A batch run profiles the predictions before the sorted label join and sorts only their carried form:
     * the profile partials (split one way, as the parse subtasks read) merged with the KPI partials of the
     * carried forms with their labels (split another, as the join's subtasks hold them), in any order, are
     * byte for byte the window of the labeled records.
     */
    @Test
    void aWindowProfiledBeforeTheLabelJoinEqualsTheWindowFromTheLogs() {
        for (Task task : Task.values()) {
            Random r = new Random(11);
            List<Observation> logged = new ArrayList<>();
            for (int i = 0; i < 500; i++) logged.add(record(r, i, task, i % 7 == 0)); // a few inline labels
            List<Observation> labeled = new ArrayList<>();
            for (int i = 0; i < logged.size(); i++) {
                Observation withLabel = record(new Random(i), i, task, true);
                labeled.add(i % 3 != 0 ? logged.get(i).withLabel(withLabel.labelNumber(), withLabel.labelText())
                        : logged.get(i));
            }
            WindowState fromLogs = new WindowState();
            for (Observation o : labeled) fromLogs.add(o, 0.5, DECLARED, true);

            WindowState[] profiled = {new WindowState(), new WindowState()};
            WindowState[] joined = {new WindowState(), new WindowState(), new WindowState()};
            for (int i = 0; i < logged.size(); i++) {
                profiled[i % 2].addProfiles(logged.get(i), DECLARED, true);
                Observation carried = CarriedObservations.carried(logged.get(i));
                Observation o = i % 3 != 0 ? carried.withLabel(labeled.get(i).labelNumber(), labeled.get(i).labelText())
                        : carried;
                joined[(i * 7) % 3].add(o, 0.5, DECLARED, true);
            }
            assertThat(profiled[0].kpis().toBytes()).as("no KPIs before the join").isEqualTo(new WindowState().kpis().toBytes());
            WindowState merged = WindowState.fromBytes(joined[2].toBytes()).merge(profiled[1]).merge(joined[0])
                    .merge(profiled[0]).merge(joined[1]);
            assertThat(merged.toBytes()).as("%s", task).isEqualTo(fromLogs.toBytes());
        }
    }
}
