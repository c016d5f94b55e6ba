package io.driftwatch.jobs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.jobs.commit.RunLog;
import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.jobs.tables.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner alone: ranges, since-last-run, references — no job, no cluster. */
class RunPlannerTest {
    @TempDir Path dir;
    Path config;
    Path out;

    /** 2026-11-29T07:30Z, a Sunday. */
    static final Instant NOW = Instant.parse("2026-11-29T07:30:00Z");
    final RunPlanner planner = new RunPlanner(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void files() throws Exception {
        config = Files.writeString(dir.resolve("c.yaml"), "window: 1h\nlabels: {horizon: 2d}\n");
        out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("p.jsonl"), "{}\n");
    }

    RunRequest analyze(RunRequest.Range range, RunRequest.ReferenceSpec reference) {
        return new RunRequest(RunRequest.Kind.ANALYZE, config, out.toString(),
                new RunRequest.Files(List.of(dir.resolve("p.jsonl").toString()), List.of("labels/")), range, null,
                reference, null, 0.01, null);
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void forRangeIsRelativeToTheClock() throws Exception {
        RunPlan p = planner.plan(analyze(new RunRequest.Range(null, null, "yesterday", false), RunRequest.ReferenceSpec.NONE))
                .orElseThrow();
        assertThat(p.from()).isEqualTo(at("2026-11-28T00:00:00Z"));
        assertThat(p.to()).isEqualTo(at("2026-11-29T00:00:00Z"));
        // without a reference: no feature_drift among the tables the run replaces; with an end (--for), the
        // predictions whose labels may still come are kept for the next --since-last-run (issue 26)
        assertThat(p.windowTables()).containsExactly("kpi_windows", "feature_profiles", "label_carry");
        assertThat(p.carry().settings().writes()).isTrue();
        assertThat(p.carry().settings().carriesIn()).isFalse();
        assertThatThrownBy(() -> planner.plan(analyze(new RunRequest.Range("2026-11-01", null, "today", false),
                RunRequest.ReferenceSpec.NONE))).isInstanceOf(ConfigException.class).hasMessageStartingWith("--for:");
    }

    @Test
    void sinceLastRunGoesBackByTheLabelHorizonFromTheLastSuccessfulAnalyze() throws Exception {
        RunRequest.Range since = new RunRequest.Range(null, null, null, true);
        // the first run needs --from
        assertThatThrownBy(() -> planner.plan(analyze(since, RunRequest.ReferenceSpec.NONE)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("give --from for the first run");

        org.apache.flink.core.fs.Path o = new org.apache.flink.core.fs.Path(out.toUri());
        RunLog.write(o, DriftwatchConfig.Compression.SNAPPY, row("a", "analyze", RunStatus.SUCCEEDED, at("2026-11-28T05:00:00Z")));
        // a later failed run and a stream's row do not count
        RunLog.write(o, DriftwatchConfig.Compression.SNAPPY, row("b", "analyze", RunStatus.FAILED, at("2026-11-29T06:00:00Z")));
        RunLog.write(o, DriftwatchConfig.Compression.SNAPPY, row("c", "stream", RunStatus.SUCCEEDED, at("2026-11-29T06:00:00Z")));
        RunPlan p = planner.plan(analyze(since, RunRequest.ReferenceSpec.NONE)).orElseThrow();
        assertThat(p.from()).isEqualTo(at("2026-11-26T05:00:00Z")); // 2 days of labels.horizon before the last stop
        assertThat(p.to()).isEqualTo(NOW.toEpochMilli()); // --to defaults to now

        // nothing new: without a horizon, a run that stopped at the end of the current hour leaves nothing to do
        RunLog.write(o, DriftwatchConfig.Compression.SNAPPY, row("d", "analyze", RunStatus.SUCCEEDED, at("2026-11-29T08:00:00Z")));
        Files.writeString(config, "window: 1h\nlabels: {horizon: 0s}\n");
        Optional<RunPlan> none = planner.plan(analyze(since, RunRequest.ReferenceSpec.NONE));
        assertThat(none).isEmpty();
    }

    @Test
    void aReferencePeriodIsProfiledInTheJobWithAMarkerOfWhatItWasBuiltFrom() throws Exception {
        RunPlan p = planner.plan(analyze(RunRequest.Range.of("2026-11-10", "2026-11-20"),
                new RunRequest.ReferenceSpec(null, "2026-11-01", "2026-11-08"))).orElseThrow();
        assertThat(p.reference()).isNull();
        RunPlan.InJobReference ref = p.inJobReference();
        assertThat(ref.from()).isEqualTo(at("2026-11-01T00:00:00Z"));
        assertThat(ref.to()).isEqualTo(at("2026-11-08T00:00:00Z"));
        assertThat(ref.dir()).endsWith("out/reference");
        JsonNode marker = new ObjectMapper().readTree(ref.marker());
        assertThat(marker.get("inputs").get(0).asText()).endsWith("p.jsonl");
        // 2026-11-20 is past the period's end + labels.horizon: the labels are complete, the profile reusable
        assertThat(marker.get("labels_complete").asBoolean()).isTrue();
        // the period ends before the kept windows (from 2026-11-20 − labels.horizon): the run keeps them too
        assertThat(p.windowTables()).containsExactly("kpi_windows", "feature_profiles", "feature_drift", "label_carry");
        assertThat(p.carry().settings().writeFrom()).isGreaterThanOrEqualTo(ref.to());

        RunPlan early = planner.plan(analyze(RunRequest.Range.of("2026-11-08", "2026-11-09"),
                new RunRequest.ReferenceSpec(null, "2026-11-01", "2026-11-08"))).orElseThrow();
        assertThat(new ObjectMapper().readTree(early.inJobReference().marker()).get("labels_complete").asBoolean()).isFalse();
        // here the period's records would fall in the kept windows: nothing is kept
        assertThat(early.windowTables()).doesNotContain("label_carry");

        assertThatThrownBy(() -> planner.plan(analyze(RunRequest.Range.of("2026-11-10", "2026-11-20"),
                new RunRequest.ReferenceSpec(null, "2026-11-08", "2026-11-01")))).isInstanceOf(ConfigException.class)
                .hasMessage("--reference-from: the reference period must start before it ends");
    }

    @Test
    void aProfileIsOneWindowOverItsRange() throws Exception {
        RunRequest r = new RunRequest(RunRequest.Kind.PROFILE, config, out.toString(),
                new RunRequest.Files(List.of("p.jsonl"), List.of()), RunRequest.Range.of("2026-11-01", "2026-11-08"), null,
                RunRequest.ReferenceSpec.NONE, null, 0.01, null);
        RunPlan p = planner.plan(r).orElseThrow();
        assertThat(p.config().window().start(at("2026-11-05T13:00:00Z"))).isEqualTo(at("2026-11-01T00:00:00Z"));
        assertThat(p.config().window().end(at("2026-11-01T00:00:00Z"))).isEqualTo(at("2026-11-08T00:00:00Z"));
        assertThat(p.windowTables()).containsExactly("kpi_windows", "feature_profiles");
        assertThatThrownBy(() -> planner.plan(new RunRequest(RunRequest.Kind.PROFILE, config, out.toString(),
                new RunRequest.Files(List.of("p.jsonl"), List.of()), RunRequest.Range.of("2026-11-01", null), null,
                RunRequest.ReferenceSpec.NONE, null, 0.01, null))).hasMessage("--to: needed (the reference period's end)");
    }

    static RunRow row(String id, String command, RunStatus status, long to) {
        return new RunRow(id, command, to, to, status, null, List.of(), List.of(), null, to, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, null, null, null, null, null, List.of(), List.of(), List.of(), 0, 0, null, null, List.of(), List.of(),
                null, null, List.of(), 0, null);
    }
}
