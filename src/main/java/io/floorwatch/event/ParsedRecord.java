package io.floorwatch.event;

/** The outcome of parsing one record: exactly one of {@code event} and {@code rejected} is set. A Flink POJO. */
public class ParsedRecord {
    public FloorEvent event;
    public RejectedEvent rejected;

    public ParsedRecord() {}

    public static ParsedRecord valid(FloorEvent e) {
        ParsedRecord r = new ParsedRecord();
        r.event = e;
        return r;
    }

    public static ParsedRecord rejected(RejectedEvent rej) {
        ParsedRecord r = new ParsedRecord();
        r.rejected = rej;
        return r;
    }

    public boolean isValid() {
        return event != null;
    }
}
