package io.floorwatch.event;

import java.nio.charset.StandardCharsets;

/**
 * A record as it arrived, before parsing: the bytes and where they came from. Never held in Flink state: it goes
 * from the source to the parser (serialized as a POJO, like every Java record).
 *
 * @param offset the Kafka offset, or the line / sequence number for files and the simulator
 * @param timestamp Kafka append time, or creation time; epoch ms
 */
public record RawRecord(Source source, String topic, int partition, long offset, long timestamp, byte[] payload) {
    private static final String PAYOUT_FIELD = "payout_amount";

    /**
     * Whether parsing could give this record a payout of a cent or more: a cheap look at the bytes that never says no to
     * a record that pays. Yes when they hold {@code payout_amount} with any value but a plain zero (most games pay
     * nothing), a backslash (a field name may be written with escapes), a zero byte or a leading non-ASCII byte (UTF-16
     * and UTF-32, which the parser reads too).
     */
    public boolean mayPayOut() {
        byte[] p = payload;
        if (p == null || p.length == 0) return false;
        if (p[0] < 0) return true; // a byte-order mark
        // One char per byte, so that String's search intrinsics scan it, many bytes at a time: a loop over the bytes
        // took a third of this read's CPU. A zero byte: UTF-16/32 without a byte-order mark.
        String text = new String(p, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\\') >= 0 || text.indexOf(0) >= 0) return true;
        for (int at = text.indexOf(PAYOUT_FIELD);
                at >= 0;
                at = text.indexOf(PAYOUT_FIELD, at + PAYOUT_FIELD.length())) {
            if (!zeroValueAt(p, at + PAYOUT_FIELD.length())) return true;
        }
        return false;
    }

    /** Whether the bytes at {@code at} are a field name's end and a zero value: {@code ": 0"}, {@code ":"0.00""}. */
    private static boolean zeroValueAt(byte[] p, int at) {
        if (at >= p.length || p[at] != '"') return false;
        int i = skipSpaces(p, at + 1);
        if (i >= p.length || p[i] != ':') return false;
        i = skipSpaces(p, i + 1);
        boolean quoted = i < p.length && p[i] == '"';
        if (quoted) i++;
        if (i >= p.length || p[i] != '0') return false;
        i++;
        if (i < p.length && p[i] == '.') {
            i++;
            while (i < p.length && p[i] == '0') i++;
        }
        if (quoted) return i < p.length && p[i] == '"';
        return i >= p.length || p[i] == ',' || p[i] == '}' || isSpace(p[i]);
    }

    private static int skipSpaces(byte[] p, int from) {
        int i = from;
        while (i < p.length && isSpace(p[i])) i++;
        return i;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
