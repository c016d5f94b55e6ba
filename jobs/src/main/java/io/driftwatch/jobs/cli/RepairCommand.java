package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.jobs.commit.CommitJournal;
import io.driftwatch.jobs.commit.OutputLock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code repair}: brings an output directory back to a committed state after a crash
 * (docs/reference/store.md) — completes the commits whose journal was written, restores what the
 * earlier committer left half done, and removes staging folders of runs that are not running. The
 * next run does the first two by itself; this is for a directory nobody is about to write.
 */
@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Complete or undo what a crashed run left in an output directory.",
        footer = {"", "Example:", "  driftwatch repair --output out"})
public final class RepairCommand implements Callable<Integer> {

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "The output directory to repair.")
    String output;

    @Override
    public Integer call() throws Exception {
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem();
        out = out.makeQualified(fs);
        if (!fs.exists(out)) throw new ConfigException("--output: " + output + " does not exist");
        long now = System.currentTimeMillis();
        String runId = io.driftwatch.jobs.app.Console.newRunId(now);
        // a running commit holds the lock: repair waits for nobody and refuses instead (exit 1)
        OutputLock.acquire(out, runId, "repair", now, OutputLock.DEFAULT_TIMEOUT);
        List<String> done = new ArrayList<>();
        try {
            done.addAll(CommitJournal.recover(out));
            Path staging = new Path(out, ".staging");
            FileStatus[] runs = fs.exists(staging) ? fs.listStatus(staging) : new FileStatus[0];
            for (FileStatus r : runs) {
                fs.delete(r.getPath(), true);
                done.add("removed the staging folder of run " + r.getPath().getName() + ", which never committed");
            }
            if (fs.exists(staging) && fs.listStatus(staging).length == 0) fs.delete(staging, false);
        } finally {
            OutputLock.release(out, runId);
        }
        if (done.isEmpty()) System.out.println("repair: nothing to repair in " + output);
        for (String line : done) System.out.println("repair: " + line);
        return Driftwatch.OK;
    }
}
