package io.driftwatch.jobs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void aLineSaysPredictionsLabelsBytesPercentElapsedAndTimeLeft() {
        Progress p = new Progress("analyze", 1000L * 1024 * 1024, false);
        // a quarter read in 30 s: 90 s to go at that rate; predictions and label records counted apart
        assertThat(p.line(1_234_567, 45_678, 250L * 1024 * 1024, 30_000_000_000L)).isEqualTo(
                "analyze: 1,234,567 predictions, 45,678 labels, 250.0 MB of 1000.0 MB (25 %), 0:30 elapsed, about 1:30 left");
        assertThat(p.line(5_000_000, 0, 1000L * 1024 * 1024, 3_700_000_000_000L))
                .endsWith("(100 %), 1:01:40 elapsed, finishing (windows, drift, decisions, commit)");
        // input of unknown size (Parquet): no percent, no estimate; no label files: no label count
        assertThat(new Progress("profile", -1, false).line(10, 0, 0, 5_000_000_000L))
                .isEqualTo("profile: 10 predictions, 0.0 KB, 0:05 elapsed");
    }

    @Test
    void theInputSizeCountsGzipFilesUncompressedAndGivesUpOnParquet() throws Exception {
        Path plain = dir.resolve("a.jsonl");
        Files.writeString(plain, "{\"a\":1}\n".repeat(1000));
        Path gz = dir.resolve("b.jsonl.gz");
        byte[] text = "{\"b\":2}\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text);
        }
        assertThat(Files.size(gz)).isLessThan(text.length);
        FileSystem fs = FileSystem.getLocalFileSystem();
        FileStatus a = fs.getFileStatus(new org.apache.flink.core.fs.Path(plain.toUri()));
        FileStatus b = fs.getFileStatus(new org.apache.flink.core.fs.Path(gz.toUri()));
        assertThat(Progress.textBytes(List.of(a, b))).isEqualTo(8000L + text.length);
        Path parquet = dir.resolve("c.parquet");
        Files.write(parquet, new byte[] {1, 2, 3});
        FileStatus c = fs.getFileStatus(new org.apache.flink.core.fs.Path(parquet.toUri()));
        assertThat(Progress.textBytes(List.of(a, c))).isEqualTo(-1);
    }
}
