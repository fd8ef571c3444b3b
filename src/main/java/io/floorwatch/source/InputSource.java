package io.floorwatch.source;

import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import org.apache.flink.api.connector.source.Source;

/**
 * One configured input with a stable name (part of operator uids). Either it parses in the source itself
 * ({@code parsed}: Kafka, for watermarks per partition) or it yields raw records that the job parses next
 * ({@code raw}: files and the simulator, one split each).
 *
 * <p>{@code payouts}, where the input carries slot events, reads the same records a second time for the JACKPOT rule
 * alone, unparsed (the parse skips those that cannot pay out, {@link RawRecord#mayPayOut}). That read feeds nothing
 * else, so no other part of the job can hold a jackpot up. {@code null}: no JACKPOT from this input.
 */
public record InputSource(
        String name, Source<ParsedRecord, ?, ?> parsed, Source<RawRecord, ?, ?> raw, Source<RawRecord, ?, ?> payouts) {
    public static InputSource parsed(String name, Source<ParsedRecord, ?, ?> source) {
        return new InputSource(name, source, null, null);
    }

    public static InputSource parsed(String name, Source<ParsedRecord, ?, ?> source, Source<RawRecord, ?, ?> payouts) {
        return new InputSource(name, source, null, payouts);
    }

    /** Raw records, read once: JACKPOT sees none of them. */
    public static InputSource raw(String name, Source<RawRecord, ?, ?> source) {
        return new InputSource(name, null, source, null);
    }

    /** Raw records, read a second time for JACKPOT: {@code source} must yield the same records on every read. */
    public static InputSource rawReadTwice(String name, Source<RawRecord, ?, ?> source) {
        return new InputSource(name, null, source, source);
    }
}
