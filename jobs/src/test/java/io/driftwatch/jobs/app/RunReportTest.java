package io.driftwatch.jobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.jobs.tables.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's warning when a run without --from/--to replaced a window with only part of what it held. */
class RunReportTest {
    private static final WindowGrid DAY = WindowGrid.fixed(java.time.Duration.ofDays(1));

    @Test
    void aLogAppendedInTwoRunsLosesTheFirstPartOfTheSharedWindow() {
        RunRow a = run("a", 1, null, null, "2026-10-18T05:00:00Z", "2026-10-19T14:59:59Z");
        RunRow b = run("b", 2, null, null, "2026-10-19T15:00:00Z", "2026-10-21T05:00:00Z");
        List<String> lines = RunReport.windowsCutShort(b, List.of(a), DAY);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("window [2026-10-19T00:00:00Z, 2026-10-20T00:00:00Z) held records from"
                + " 2026-10-19T00:00:00Z (run a) before this input's first record at 2026-10-19T15:00:00Z"), lines.get(0));
    }

    @Test
    void runningThePartAgainAfterTheRestLosesTheRest() {
        RunRow a = run("a", 1, null, null, "2026-10-18T05:00:00Z", "2026-10-19T14:59:59Z");
        RunRow b = run("b", 2, null, null, "2026-10-19T15:00:00Z", "2026-10-21T05:00:00Z");
        RunRow again = run("a2", 3, null, null, "2026-10-18T05:00:00Z", "2026-10-19T14:59:59Z");
        List<String> lines = RunReport.windowsCutShort(again, List.of(a, b), DAY);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("held records up to 2026-10-20T00:00:00Z (run b) after this input's last record"
                + " at 2026-10-19T14:59:59Z"), lines.get(0));
    }

    @Test
    void aRerunOfTheSameRecordsOrOfWholeWindowsSaysNothing() {
        RunRow a = run("a", 1, null, null, "2026-10-18T05:00:00Z", "2026-10-19T14:59:59Z");
        assertEquals(List.of(), RunReport.windowsCutShort(run("a2", 2, null, null, "2026-10-18T05:00:00Z",
                "2026-10-19T14:59:59Z"), List.of(a), DAY));
        // the next run starts where a window starts: nothing of the earlier run is in its windows
        RunRow whole = run("w", 1, null, null, "2026-10-17T00:00:00Z", "2026-10-18T23:59:59.999Z");
        assertEquals(List.of(), RunReport.windowsCutShort(run("n", 2, null, null, "2026-10-19T00:00:00Z",
                "2026-10-19T23:59:59.999Z"), List.of(whole), DAY));
        // an earlier run elsewhere in time
        assertEquals(List.of(), RunReport.windowsCutShort(run("c", 2, null, null, "2026-11-01T10:00:00Z",
                "2026-11-01T12:00:00Z"), List.of(a), DAY));
    }

    @Test
    void aRunWithARangeOwnsItsWindowsAndIsNotWarnedAbout() {
        RunRow a = run("a", 1, null, null, "2026-10-18T05:00:00Z", "2026-10-19T14:59:59Z");
        assertEquals(List.of(), RunReport.windowsCutShort(run("b", 2, "2026-10-19T15:00:00Z", "2026-10-22T00:00:00Z",
                "2026-10-19T15:00:00Z", "2026-10-21T05:00:00Z"), List.of(a), DAY));
        // an earlier run's --from counts as covering from there, not from its first record
        RunRow ranged = run("r", 1, "2026-10-19T00:00:00Z", "2026-10-20T00:00:00Z", "2026-10-19T16:00:00Z",
                "2026-10-19T17:00:00Z");
        assertEquals(1, RunReport.windowsCutShort(run("b", 2, null, null, "2026-10-19T15:00:00Z",
                "2026-10-21T05:00:00Z"), List.of(ranged), DAY).size());
    }

    @Test
    void onlyTheLatestEarlierRunOfTheWindowCounts() {
        // a held the morning, then c replaced the day with its evening only: b (from 15:00) loses nothing more
        RunRow a = run("a", 1, null, null, "2026-10-18T05:00:00Z", "2026-10-19T14:59:59Z");
        RunRow c = run("c", 2, null, null, "2026-10-19T18:00:00Z", "2026-10-19T20:00:00Z");
        assertEquals(List.of(), RunReport.windowsCutShort(run("b", 3, null, null, "2026-10-19T15:00:00Z",
                "2026-10-21T05:00:00Z"), List.of(a, c), DAY));
    }

    private static RunRow run(String id, long startedAt, String from, String to, String first, String last) {
        return new RunRow(id, "analyze", startedAt, startedAt, RunStatus.SUCCEEDED, null, List.of(), List.of(),
                from == null ? null : ms(from), to == null ? null : ms(to), 10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
                null, null, null, ms(first), ms(last), List.of(), List.of(), List.of(), 0, 0, null, null, List.of(),
                List.of(), null, null, List.of(), 0, null);
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
