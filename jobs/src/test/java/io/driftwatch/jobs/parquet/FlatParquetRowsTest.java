package io.driftwatch.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.jobs.tables.LabelCarryRow;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FlatParquetRows} reads what {@link ParquetGroups} reads, whichever columns a row's reader skips. */
class FlatParquetRowsTest {
    @TempDir
    java.nio.file.Path dir;

    /** label_carry rows: nulls in every nullable column, ids ASCII and not, and a dictionary column (model). */
    private List<LabelCarryRow> rows(int n) {
        Random r = new Random(7);
        List<LabelCarryRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = switch (i % 5) {
                case 0 -> null;
                case 1 -> "prédiction-" + i;  // Latin-1, two UTF-8 bytes
                case 2 -> "預測-" + i;         // outside Latin-1
                default -> "p-" + i;
            };
            byte[] obs = new byte[r.nextInt(40)];
            r.nextBytes(obs);
            out.add(new LabelCarryRow("model-" + (i % 3), 86_400_000L * (i % 4), id, obs,
                    i % 4 == 0 ? null : r.nextGaussian(), i % 3 == 0 ? null : "class-" + (i % 7),
                    i % 6 == 0 ? null : 1_700_000_000_000L + i));
        }
        return out;
    }

    private org.apache.flink.core.fs.Path write(List<LabelCarryRow> rows, long rowGroupBytes) throws Exception {
        java.nio.file.Path file = dir.resolve("t-" + rowGroupBytes + ".parquet");
        try (ParquetWriter<LabelCarryRow> w = ParquetTables.open(new StreamOutput(new LocalDataOutputStream(file.toFile())),
                LabelCarryRow.SCHEMA, CompressionCodecName.SNAPPY, rowGroupBytes)) {
            for (LabelCarryRow row : rows) w.write(row);
        }
        return new org.apache.flink.core.fs.Path(file.toUri());
    }

    @Test
    void readsWhatGenericRowsRead_acrossRowGroups_skippingColumnsItDoesNotRead() throws Exception {
        List<LabelCarryRow> expected = rows(3000);
        org.apache.flink.core.fs.Path file = write(expected, 4096);
        try (ParquetFileReader footer = ParquetGroups.openReader(file)) {
            assertThat(footer.getRowGroups()).hasSizeGreaterThan(3); // the row-group boundary is crossed
        }
        List<Group> generic = new ArrayList<>();
        try (ParquetGroups g = ParquetGroups.open(file)) {
            g.forEachRemaining(generic::add);
        }
        try (FlatParquetRows rows = FlatParquetRows.open(file)) {
            assertThat(rows.rowCount()).isEqualTo(3000);
            int model = rows.column("model"), window = rows.column("window_start"), id = rows.column("prediction_id");
            int obs = rows.column("observation"), number = rows.column("label_number"), text = rows.column("label_text");
            int time = rows.column("label_time");
            assertThat(rows.column("no_such_column")).isEqualTo(-1);
            int i = 0;
            while (rows.next()) {
                LabelCarryRow e = expected.get(i);
                Group g = generic.get(i);
                // every third row reads only the window, every other one some columns, in varying order
                if (i % 3 == 1) {
                    assertThat(rows.int64(window)).isEqualTo(e.windowStart());
                } else {
                    if (i % 2 == 0) assertThat(rows.string(model)).isEqualTo(e.model()).isEqualTo(g.getString("model", 0));
                    assertThat(rows.isNull(id)).isEqualTo(e.predictionId() == null);
                    if (e.predictionId() != null) {
                        assertThat(rows.stringHashCode(id)).isEqualTo(e.predictionId().hashCode());
                        assertThat(rows.string(id)).isEqualTo(e.predictionId());
                    }
                    assertThat(rows.isNull(number)).isEqualTo(e.labelNumber() == null);
                    if (e.labelNumber() != null) assertThat(rows.float64(number)).isEqualTo(e.labelNumber());
                    assertThat(rows.isNull(time)).isEqualTo(e.labelTime() == null);
                    if (i % 2 == 0 && e.labelTime() != null) assertThat(rows.int64(time)).isEqualTo(e.labelTime());
                    if (i % 4 == 0) assertThat(rows.bytes(obs)).isEqualTo(e.observation());
                    assertThat(rows.isNull(text)).isEqualTo(e.labelText() == null);
                }
                assertThat(rows.isNull(-1)).isTrue();
                i++;
            }
            assertThat(i).isEqualTo(3000);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void anEmptyFileHasNoRow() throws Exception {
        try (FlatParquetRows rows = FlatParquetRows.open(write(List.of(), 4096))) {
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aFileThatIsNotParquetNamesItself() throws Exception {
        java.nio.file.Path junk = Files.writeString(dir.resolve("junk.parquet"), "not parquet at all");
        assertThatThrownBy(() -> FlatParquetRows.open(new org.apache.flink.core.fs.Path(junk.toUri())))
                .isInstanceOf(DamagedFileException.class).hasMessageContaining("junk.parquet is not a readable Parquet file");
    }
}
