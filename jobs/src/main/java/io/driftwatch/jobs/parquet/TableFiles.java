package io.driftwatch.jobs.parquet;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;

/** Writes rows computed outside the job's writers (in the finalizer, by {@code rollup}) into a table folder. */
public final class TableFiles {
    private TableFiles() {}

    /**
     * Writes {@code rows} under {@code tableDir}, one file {@code fileName} per partition folder
     * ({@code model=<m>/date=<d>}); returns the files written.
     */
    public static <T> int write(Path tableDir, TableSchema<T> schema, List<T> rows, String fileName,
            Compression compression) throws IOException {
        Map<String, List<T>> byPartition = new TreeMap<>();
        for (T row : rows) byPartition.computeIfAbsent(schema.partitionOf(row), x -> new ArrayList<>()).add(row);
        FileSystem fs = tableDir.getFileSystem();
        FileThreads.map(new ArrayList<>(byPartition.entrySet()), e -> {
            Path file = new Path(tableDir, e.getKey() + "/" + fileName);
            fs.mkdirs(file.getParent());
            try (var stream = fs.create(file, FileSystem.WriteMode.OVERWRITE);
                    ParquetWriter<T> writer = ParquetTables.open(new StreamOutput(stream), schema,
                            ParquetTables.codec(compression))) {
                for (T row : e.getValue()) writer.write(row);
            }
            return file;
        });
        return byPartition.size();
    }
}
