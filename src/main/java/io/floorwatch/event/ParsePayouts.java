package io.floorwatch.event;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The JACKPOT rule's own parse ({@code InputSource#payouts}): the valid slot events with a payout, from a second read of
 * the records. What it drops the job's main read parses, stores and rejects as always.
 */
public class ParsePayouts implements FlatMapFunction<RawRecord, FloorEvent> {
    private final EventParser parser;

    public ParsePayouts(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public void flatMap(RawRecord raw, Collector<FloorEvent> out) {
        if (!raw.mayPayOut()) return;
        ParsedRecord parsed = parser.parse(raw, System.currentTimeMillis());
        if (parsed.event != null && parsed.event.source == Source.SLOT && parsed.event.payoutReaches(1)) {
            out.collect(parsed.event);
        }
    }
}
