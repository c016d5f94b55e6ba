package io.driftwatch.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.jobs.tables.LabelCarryRow;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The hand-written serializers of observations, label records and kept predictions give back every field as written, nulls and NaNs too. */
class RecordSerializersTest {
    private static final String[] WORDS = {"DE", "fr", "Zürich", "東京", "", "a\u0000b", "x".repeat(70_000)};

    private static String word(Random r) {
        return r.nextInt(6) == 0 ? null : WORDS[r.nextInt(WORDS.length)];
    }

    private static double number(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> Double.MAX_VALUE;
            default -> r.nextGaussian() * 1e6;
        };
    }

    private static Observation random(Random r) {
        int features = r.nextInt(4);
        String[] names = new String[features], texts = new String[features];
        double[] numbers = new double[features];
        for (int i = 0; i < features; i++) {
            names[i] = "f" + i;
            numbers[i] = number(r);
            texts[i] = word(r);
        }
        boolean multiclass = r.nextBoolean();
        return new Observation("model-" + r.nextInt(3), word(r), word(r), r.nextBoolean() ? new String[0]
                : new String[] {"country=DE", "tier=" + word(r)}, word(r), r.nextLong(),
                r.nextInt(4) == 0 ? null : Task.values()[r.nextInt(Task.values().length)], number(r), word(r),
                r.nextBoolean(), number(r), word(r), number(r), r.nextBoolean(), number(r), number(r), number(r), names,
                numbers, texts, r.nextBoolean() ? new String[0] : new String[] {"gender=f"},
                multiclass ? new String[] {"a", "b"} : new String[0], multiclass ? new double[] {0.25, number(r)}
                        : new double[0]);
    }

    @Test
    void everyFieldComesBackAsWritten() throws Exception {
        PipelineTypes.RecordSerializer<Observation> serializer = PipelineTypes.OBSERVATION.createSerializer(new SerializerConfigImpl());
        Random r = new Random(5);
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < 2_000; i++) {
            Observation o = i % 10 == 0 ? CarriedObservations.carried(random(r)) : random(r);
            out.clear();
            serializer.serialize(o, out);
            byte[] bytes = out.getCopyOfBuffer();
            Observation back = serializer.deserialize(new DataInputDeserializer(bytes));
            assertThat(back).usingRecursiveComparison()
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(o);
            assertThat(back.carried()).isEqualTo(o.carried());
            // copied between views (a sort's spill): the same bytes
            DataOutputSerializer copied = new DataOutputSerializer(256);
            serializer.copy(new DataInputDeserializer(bytes), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
        }
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isSameAs(serializer);
    }

    @Test
    void labelRecordsComeBackAsWritten() throws Exception {
        PipelineTypes.RecordSerializer<LabelRecord> serializer = PipelineTypes.LABEL_RECORD.createSerializer(new SerializerConfigImpl());
        Random r = new Random(6);
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 2_000; i++) {
            LabelRecord l = new LabelRecord(word(r), r.nextLong(), number(r), word(r), r.nextBoolean(), r.nextBoolean());
            out.clear();
            serializer.serialize(l, out);
            LabelRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).usingRecursiveComparison()
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(l);
        }
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isSameAs(serializer);
    }

    @Test
    void keptPredictionsComeBackAsWritten() throws Exception {
        PipelineTypes.RecordSerializer<LabelCarryRow> serializer =
                PipelineTypes.LABEL_CARRY_ROW.createSerializer(new SerializerConfigImpl());
        Random r = new Random(8);
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 2_000; i++) {
            Observation prediction = random(r);
            byte[] observation = i % 50 == 0 ? null : CarriedObservations.toBytes(prediction);
            if (observation != null) {
                // texts of any length come back (a segment's value past 65,535 bytes too)
                Observation back = CarriedObservations.fromBytes(observation);
                assertThat(back.segments()).containsExactly(prediction.segments());
                assertThat(back.groups()).containsExactly(prediction.groups());
                assertThat(back.modelVersion()).isEqualTo(prediction.modelVersion());
                assertThat(back.predictionId()).isEqualTo(prediction.predictionId());
                assertThat(back.predictionText()).isEqualTo(prediction.predictionText());
                assertThat(CarriedObservations.toBytes(back)).isEqualTo(observation);
            }
            boolean labeled = r.nextBoolean();
            LabelCarryRow row = new LabelCarryRow("m" + r.nextInt(3), r.nextLong(), word(r), observation,
                    labeled && r.nextBoolean() ? number(r) : null, labeled ? word(r) : null, labeled ? r.nextLong() : null);
            out.clear();
            serializer.serialize(row, out);
            LabelCarryRow back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            // (field by field: a recursive comparison walks a byte array element by element, for minutes)
            assertThat(back.observation()).isEqualTo(row.observation());
            assertThat(back).usingRecursiveComparison().ignoringFields("observation")
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(row);
        }
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isSameAs(serializer);
    }
}
