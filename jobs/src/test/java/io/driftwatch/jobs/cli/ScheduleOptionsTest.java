package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling options' arithmetic and their mistakes (no job runs). */
class ScheduleOptionsTest {
    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void relativeRanges() {
        long now = at("2026-11-29T07:42:10Z"); // a Sunday
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeRange("yesterday", now)).containsExactly(at("2026-11-28T00:00:00Z"), at("2026-11-29T00:00:00Z"));
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeRange("today", now)).containsExactly(at("2026-11-29T00:00:00Z"), now);
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeRange("last-hour", now)).containsExactly(at("2026-11-29T06:00:00Z"), at("2026-11-29T07:00:00Z"));
        // ISO weeks start on Monday: the week before the one holding Sunday 29 November
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeRange("last-week", now)).containsExactly(at("2026-11-16T00:00:00Z"), at("2026-11-23T00:00:00Z"));
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeTo("today", now)).isEqualTo(at("2026-11-29T00:00:00Z"));
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeTo("this-hour", now)).isEqualTo(at("2026-11-29T07:00:00Z"));
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeTo("now", now)).isEqualTo(now);
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeTo("2026-11-29", now)).isNull();
        assertThatThrownBy(() -> io.driftwatch.jobs.app.RunPlanner.relativeRange("lastweek", now))
                .hasMessage("--for: 'lastweek' is not one of yesterday, today, last-hour, last-week");
    }

    @Test
    void mistakesNameTheOption(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, "{\"timestamp\":\"2026-11-01T00:00:00Z\",\"model\":\"m\",\"prediction\":0.5}\n");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--output", dir.resolve("out").toString(),
                    "--since-last-run")).isEqualTo(2);
            assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--output", dir.resolve("out").toString(),
                    "--for", "yesterday", "--from", "2026-11-01")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).contains("driftwatch: --since-last-run: no earlier successful analyze run in "
                + dir.resolve("out") + "; give --from for the first run")
                .contains("driftwatch: --for: give either it or --from/--to/--since-last-run");
    }
}
