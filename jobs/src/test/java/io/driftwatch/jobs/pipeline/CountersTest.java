package io.driftwatch.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountersTest {
    @Test
    void examplesKeepTheEarliestSourceInNaturalOrder() {
        assertThat(Counters.earlier("f.csv:10: x", "f.csv:2: y")).isEqualTo("f.csv:2: y");
        assertThat(Counters.earlier("f.csv:2: y", "f.csv:10: x")).isEqualTo("f.csv:2: y");
        assertThat(Counters.earlier("a.jsonl:007: x", "a.jsonl:7: x")).isEqualTo("a.jsonl:007: x");
        assertThat(Counters.earlier("a.jsonl:1: x", "b.jsonl:1: x")).isEqualTo("a.jsonl:1: x");
        assertThat(Counters.naturalCompare("f:row9", "f:row10")).isNegative();
        assertThat(Counters.naturalCompare("f@100", "f@99")).isPositive();
        assertThat(Counters.naturalCompare("x", "x")).isZero();
        Map<String, Long> totals = new HashMap<>();
        Map<String, String> examples = new HashMap<>();
        Counters.accumulate(totals, examples, new RunCount("dead_letter.prediction:bad_timestamp", 3, "f:12: t"));
        Counters.accumulate(totals, examples, new RunCount("dead_letter.prediction:bad_timestamp", 2, "f:3: t"));
        Counters.accumulate(totals, examples, new RunCount(Counters.VALID_TIME_MIN, 50));
        Counters.accumulate(totals, examples, new RunCount(Counters.VALID_TIME_MIN, 40));
        assertThat(totals).containsEntry("dead_letter.prediction:bad_timestamp", 5L).containsEntry(Counters.VALID_TIME_MIN, 40L);
        assertThat(examples).containsEntry("dead_letter.prediction:bad_timestamp", "f:3: t");
    }
}
