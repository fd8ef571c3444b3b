package io.floorwatch.event;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The JACKPOT rule's own parse ({@code InputSource#payouts}), from a second read of the records: the valid events among
 * those that may pay out ({@link RawRecord#mayPayOut}); the rule's own filter then keeps the payouts. What it drops the
 * job's main read parses, stores and rejects as always.
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
        if (parsed.event != null) out.collect(parsed.event);
    }
}
