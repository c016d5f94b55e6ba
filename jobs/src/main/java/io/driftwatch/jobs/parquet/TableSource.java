package io.driftwatch.jobs.parquet;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Where stored rows are read from (docs/reference/store.md): an output directory as committed
 * ({@code Store.at}), or as a commit in preparation will leave it ({@code OutputCommitter.view()}).
 */
public interface TableSource {
    /** The rows of a table whose partition time lies in {@code [from, to)}, of these models (null: all). */
    <T> List<T> read(TableSchema<T> schema, Collection<String> models, long from, long to) throws IOException;
}
