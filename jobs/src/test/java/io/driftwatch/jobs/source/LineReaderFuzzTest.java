package io.driftwatch.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Fuzz target of the line reader under every log file (issue 19): whatever the bytes, lines come
 * out bounded (a line over the limit as its first 4 KiB, flagged), byte positions only move forward
 * and end at the input's length, and nothing but the bytes given is read.
 */
class LineReaderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void lines(byte[] data) throws Exception {
        long max = 1024 + (data.length > 0 ? (data[0] & 0xff) * 64 : 0);
        LineReader lines = new LineReader(new ByteArrayInputStream(data), 0, max);
        long position = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            assertThat(lines.position()).isGreaterThan(position).isLessThanOrEqualTo(data.length);
            position = lines.position();
            if (lines.lastLineTooLong()) {
                assertThat(lines.lastLineLength()).isGreaterThan(max);
                assertThat(line.length()).isLessThanOrEqualTo(LineReader.KEPT_OF_LONG_LINE);
            } else {
                assertThat((long) line.length()).isLessThanOrEqualTo(max);
            }
        }
        assertThat(lines.position()).isEqualTo(data.length);
    }
}
