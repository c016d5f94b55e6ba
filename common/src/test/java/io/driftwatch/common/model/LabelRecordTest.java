package io.driftwatch.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Of several label records for one prediction, the same one wins in whatever order they are read. */
class LabelRecordTest {

    private static LabelRecord winner(List<LabelRecord> inOrder) {
        LabelRecord won = null;
        for (LabelRecord l : inOrder) if (LabelRecord.replaces(l, won)) won = l;
        return won;
    }

    @Test
    void theLatestWinsAndAtTheSameTimeTheGreaterValue() {
        LabelRecord early = new LabelRecord("p", 1_000, 1, "1");
        LabelRecord late0 = new LabelRecord("p", 2_000, 0, "0");
        LabelRecord late1 = new LabelRecord("p", 2_000, 1, "1");
        assertThat(winner(List.of(early, late0, late1))).isEqualTo(late1);
        assertThat(winner(List.of(late1, late0, early))).isEqualTo(late1);
        // text labels (no number): by text
        LabelRecord tech = new LabelRecord("p", 5, Double.NaN, "tech");
        LabelRecord billing = new LabelRecord("p", 5, Double.NaN, "billing");
        assertThat(winner(List.of(tech, billing))).isEqualTo(tech);
        assertThat(winner(List.of(billing, tech))).isEqualTo(tech);
        // a label the last run joined competes as it did (carried): the same content wins either way
        LabelRecord carried = LabelRecord.carried("p", 2_000, 0, "0");
        assertThat(winner(List.of(carried, late1)).labelNumber()).isEqualTo(1);
        assertThat(winner(List.of(late1, carried)).labelNumber()).isEqualTo(1);
    }

    @Test
    void anyOrderOfTiedRecordsGivesOneWinner() {
        Random rnd = new Random(19);
        for (int trial = 0; trial < 2_000; trial++) {
            List<LabelRecord> labels = new ArrayList<>();
            int n = 2 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                long t = rnd.nextInt(3) * 1_000L; // many ties
                boolean text = rnd.nextBoolean();
                int v = rnd.nextInt(3);
                labels.add(new LabelRecord("p", t, text ? Double.NaN : v, text ? (rnd.nextBoolean() ? null : "c" + v) : "" + v));
            }
            LabelRecord first = winner(labels);
            for (int k = 0; k < 5; k++) {
                Collections.shuffle(labels, rnd);
                LabelRecord w = winner(labels);
                assertThat(List.of(w.timestamp(), Double.doubleToLongBits(w.labelNumber()), String.valueOf(w.labelText())))
                        .isEqualTo(List.of(first.timestamp(), Double.doubleToLongBits(first.labelNumber()),
                                String.valueOf(first.labelText())));
            }
        }
    }
}
