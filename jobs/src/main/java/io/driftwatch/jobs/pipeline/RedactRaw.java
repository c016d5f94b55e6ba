package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.Privacy;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.LateEventRow;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The raw text of {@code dead_letter} and {@code late_events} rows as {@code privacy:} allows
 * ({@link Privacy#redact}): one place before the writers, in batch and streaming.
 */
final class RedactRaw {
    private RedactRaw() {}

    static final class DeadLetters implements MapFunction<DeadLetterRow, DeadLetterRow> {
        private static final long serialVersionUID = 1L;
        private final Privacy privacy;

        DeadLetters(Privacy privacy) {
            this.privacy = privacy;
        }

        @Override
        public DeadLetterRow map(DeadLetterRow r) {
            return new DeadLetterRow(r.source(), privacy.redact(r.raw(), r.model()), r.error(), r.detail(), r.ingestedAt(),
                    r.model(), r.partitionTime(), r.kind());
        }
    }

    static final class LateEvents implements MapFunction<LateEventRow, LateEventRow> {
        private static final long serialVersionUID = 1L;
        private final Privacy privacy;

        LateEvents(Privacy privacy) {
            this.privacy = privacy;
        }

        @Override
        public LateEventRow map(LateEventRow r) {
            return new LateEventRow(r.source(), privacy.redact(r.raw(), r.model()), r.kind(), r.eventTime(), r.windowStart(),
                    r.reason(), r.ingestedAt(), r.model());
        }
    }
}
