package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.JsonFieldSelector;
import io.driftwatch.common.parse.LineDecoder;
import io.driftwatch.jobs.source.RawRecord;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a {@link RawRecord} to a JSON tree (JSON Lines through a {@link JsonFieldSelector} that
 * keeps only the fields the job reads), caching the split CSV header of the current file.
 */
final class RawDecoder {
    private final JsonFieldSelector json;
    private String lastHeaderLine;
    private List<String> lastHeader;

    RawDecoder(DriftwatchConfig config, boolean allFeatures) {
        this(new JsonFieldSelector(config, allFeatures));
    }

    RawDecoder(JsonFieldSelector json) {
        this.json = json;
    }

    JsonNode decode(RawRecord raw) throws BadRecordException {
        if (raw.readError() != null) {
            throw new BadRecordException(BadRecordException.Reason.UNREADABLE, raw.readError());
        }
        if (raw.csvHeader() == null) {
            return json.decode(raw.text());
        }
        if (!raw.csvHeader().equals(lastHeaderLine)) {
            lastHeader = Arrays.asList(LineDecoder.csvCells(raw.csvHeader()));
            lastHeaderLine = raw.csvHeader();
        }
        return LineDecoder.csv(raw.text(), lastHeader);
    }
}
