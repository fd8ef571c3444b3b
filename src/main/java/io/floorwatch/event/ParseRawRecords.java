package io.floorwatch.event;

import org.apache.flink.api.common.functions.MapFunction;

/** Parses raw records of sources that do not parse themselves (files, simulator). */
public class ParseRawRecords implements MapFunction<RawRecord, ParsedRecord> {
    private final EventParser parser;

    public ParseRawRecords(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public ParsedRecord map(RawRecord raw) {
        return parser.parse(raw, System.currentTimeMillis());
    }
}
