package io.driftwatch.jobs.parquet;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import java.io.IOException;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** Parquet writers for the output tables, with compression and without Hadoop. */
public final class ParquetTables {
    private ParquetTables() {}

    /** Opens a writer on any Parquet output file (staged table files, the {@code runs} row, generated logs). */
    public static <T> ParquetWriter<T> open(OutputFile out, TableSchema<T> schema, CompressionCodecName codec)
            throws IOException {
        return open(out, schema, codec, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /** As above, with row groups of about {@code rowGroupBytes} (tests: files of several row groups). */
    static <T> ParquetWriter<T> open(OutputFile out, TableSchema<T> schema, CompressionCodecName codec,
            long rowGroupBytes) throws IOException {
        Builder<T> b = new Builder<>(new BufferedOutputFile(out), schema).withRowGroupSize(rowGroupBytes);
        // Dictionaries only for text (model, version, feature names, reasons: few values, many rows), not
        // for ids (label_carry's prediction_id: its dictionary writer was a sixth of a daily run's writer).
        // Serialized states and sketches are unique per row: a dictionary of them is built, then dropped
        // (measured: hashing them was a fifth of a daily run's label_carry writer). Numbers gain little
        // and each column's dictionary writer holds 16 KB from its first value: a batch run writing
        // 150 daily kpi_windows partitions at once held 290 MB in them (bench/flights.sh), and the
        // young collections copying it took 1.6 s of a 23 s run.
        for (Column<T> c : schema.columns()) {
            if (c.unique || c.kind() != Column.Kind.STRING && c.kind() != Column.Kind.STRING_LIST) {
                b = b.withDictionaryEncoding(c.name(), false);
            }
            if (c.kind() == Column.Kind.BINARY) {
                // serialized states, sketches and kept predictions: no reader filters on their bytes, so no
                // min/max (a byte-wise comparison per value) nor size statistics (measured: a tenth of a
                // daily run's label_carry writer, bench/README.md "Scheduled runs")
                b = b.withStatisticsEnabled(c.name(), false).withSizeStatisticsEnabled(c.name(), false);
            }
        }
        return b.withConf(new PlainParquetConfiguration())
                .withCodecFactory(HadoopFreeCodecs.INSTANCE)
                .withCompressionCodec(codec)
                .build();
    }

    /**
     * The Parquet files under {@code dir}, recursively (none when it does not exist); names starting
     * with {@code .} or {@code _} (in-progress and marker files) are skipped.
     */
    public static java.util.List<org.apache.flink.core.fs.Path> files(org.apache.flink.core.fs.FileSystem fs,
            org.apache.flink.core.fs.Path dir) throws IOException {
        java.util.List<org.apache.flink.core.fs.Path> out = new java.util.ArrayList<>();
        org.apache.flink.core.fs.FileStatus[] list = fs.exists(dir) ? fs.listStatus(dir) : null;
        if (list == null) return out;
        for (org.apache.flink.core.fs.FileStatus s : list) {
            String name = s.getPath().getName();
            if (s.isDir()) {
                out.addAll(files(fs, s.getPath()));
            } else if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                out.add(s.getPath());
            }
        }
        return out;
    }

    public static CompressionCodecName codec(Compression compression) {
        return switch (compression) {
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
            case NONE -> CompressionCodecName.UNCOMPRESSED;
        };
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final TableSchema<T> schema;

        Builder(OutputFile file, TableSchema<T> schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected org.apache.parquet.hadoop.api.WriteSupport<T> getWriteSupport(
                org.apache.hadoop.conf.Configuration conf) {
            return new TableWriteSupport<>(schema);
        }

        @Override
        protected org.apache.parquet.hadoop.api.WriteSupport<T> getWriteSupport(
                org.apache.parquet.conf.ParquetConfiguration conf) {
            return new TableWriteSupport<>(schema);
        }
    }
}
