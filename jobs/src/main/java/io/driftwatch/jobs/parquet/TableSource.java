package io.driftwatch.jobs.parquet;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.core.fs.Path;

/**
 * Where stored rows are read from (docs/reference/store.md): an output directory as committed
 * ({@link #of}), or as a commit in preparation will leave it ({@code OutputCommitter.view()}).
 */
public interface TableSource {
    /** The rows of a table whose partition time lies in {@code [from, to)}, of these models (null: all). */
    <T> List<T> read(TableSchema<T> schema, Collection<String> models, long from, long to) throws IOException;

    /** The output directory {@code dir} as committed, through {@link TableReader}. */
    static TableSource of(Path dir) {
        return new TableSource() {
            @Override
            public <T> List<T> read(TableSchema<T> schema, Collection<String> models, long from, long to)
                    throws IOException {
                return TableReader.read(dir, schema, models, from, to);
            }
        };
    }
}
