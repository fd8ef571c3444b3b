package io.floorwatch.source;

import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import org.apache.flink.api.connector.source.Source;

/**
 * One configured input with a stable name (part of operator uids). Either it parses in the source itself
 * ({@code parsed}: Kafka, for watermarks per partition) or it yields raw records that the job parses next
 * ({@code raw}: files and the simulator, one split each).
 */
public record InputSource(String name, Source<ParsedRecord, ?, ?> parsed, Source<RawRecord, ?, ?> raw) {
    public static InputSource parsed(String name, Source<ParsedRecord, ?, ?> source) {
        return new InputSource(name, source, null);
    }

    public static InputSource raw(String name, Source<RawRecord, ?, ?> source) {
        return new InputSource(name, null, source);
    }
}
