package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.jobs.commit.AuditTrail;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code verify}: re-checks an output directory's audit trail (docs/guide/audit.md) — each {@code runs}
 * row's hash over its columns, the chain from row to row, and every data file against the SHA-256 the
 * last run listed — and names what changed. Exit 0 when everything holds, 1 otherwise.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check that an output directory's tables are what its runs wrote: file hashes and the runs rows' chain.",
        footer = {"", "Example:", "  driftwatch verify --output out"})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "The output directory to verify.")
    String output;

    @Override
    public Integer call() throws Exception {
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem();
        out = out.makeQualified(fs);
        if (!fs.exists(out)) throw new ConfigException("--output: " + output + " does not exist");
        List<String> problems = AuditTrail.verify(out, line -> System.out.println("verify: " + line));
        for (String p : problems) System.out.println("verify: " + p);
        if (problems.isEmpty()) {
            System.out.println("verify: ok");
            return Driftwatch.OK;
        }
        System.err.println("driftwatch: verify: " + problems.size() + " problem(s) in " + output);
        return Driftwatch.FAILURE;
    }
}
