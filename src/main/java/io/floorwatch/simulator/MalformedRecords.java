package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deliberately bad records: an ordinary background event with one thing wrong. What a record of a stream and type must
 * have comes from {@link EventType}, the table the parser validates against, so a record made to miss a required
 * field misses one that the parser requires.
 */
final class MalformedRecords {
    /** Event types that no stream has. */
    private static final String[] UNKNOWN_TYPES = {"SPIN_STARTED", "COIN_IN", "TILT", "REEL_STOP", "GAME_OVER"};

    /** A malformed record's payload, its entity (the Kafka key) and what is wrong with it. */
    record Made(byte[] payload, String key, Malformed kind) {}

    private final WireFormat wire;
    private final BackgroundPlay background;

    MalformedRecords(WireFormat wire, BackgroundPlay background) {
        this.wire = wire;
        this.background = background;
    }

    /** A malformed record of {@code stream} in the place of record {@code index}, created at floor time {@code t}. */
    Made make(Source stream, long index, long t, SplittableRandom rnd) {
        Malformed[] kinds = Malformed.values();
        Malformed kind = kinds[rnd.nextInt(kinds.length)];
        boolean moneyKind = kind == Malformed.NEGATIVE_AMOUNT || kind == Malformed.THREE_DECIMALS;
        if (stream == Source.SECURITY && moneyKind) {
            kind = Malformed.WRONG_TYPE; // security events carry no money
            moneyKind = false;
        }
        // a type with a money field for the money kinds, where the stream draws types that may have none
        EventType moneyType = switch (stream) {
            case SLOT -> EventType.GAME_PLAYED;
            case TABLE -> EventType.BUY_IN;
            default -> null;
        };
        Json j = wire.newEvent(index);
        String key = background.fill(stream, j, index, t, rnd, moneyKind ? moneyType : null);
        j.raw("event_timestamp", wire.timestamp(t, rnd));
        String entity = stream.entityField();
        String moneyField = j.has("wager_amount") ? "wager_amount" : j.has("amount") ? "amount" : null;
        if (moneyField == null && moneyKind) kind = Malformed.UNKNOWN_EVENT_TYPE;
        byte[] payload = switch (kind) {
            case INVALID_JSON -> invalidJson(j, entity, key, rnd);
            case MISSING_FIELD -> {
                j.remove(Draw.any(requiredFields(stream, j), rnd));
                yield j.toBytes();
            }
            case WRONG_TYPE -> {
                if (moneyField != null && rnd.nextBoolean()) {
                    j.raw(moneyField, rnd.nextBoolean() ? "true" : "{\"usd\":5}");
                } else if (rnd.nextBoolean()) {
                    j.raw(entity, "[" + Json.quote(key) + "]");
                } else {
                    j.raw("event_type", "42");
                }
                yield j.toBytes();
            }
            case NEGATIVE_AMOUNT -> {
                j.raw(moneyField, "-" + WireFormat.dollars(100 + rnd.nextInt(100_000)));
                yield j.toBytes();
            }
            case UNKNOWN_EVENT_TYPE -> {
                j.str("event_type", UNKNOWN_TYPES[rnd.nextInt(UNKNOWN_TYPES.length)]);
                yield j.toBytes();
            }
            case THREE_DECIMALS -> {
                long mills = (1 + rnd.nextInt(100_000)) * 10L + 1 + rnd.nextInt(9);
                j.raw(moneyField, mills / 1000 + "." + String.format("%03d", mills % 1000));
                yield j.toBytes();
            }
            case BAD_TIMESTAMP -> {
                j.raw("event_timestamp", rnd.nextBoolean() ? "\"yesterday at noon\"" : "\"2026-13-45T99:61:00Z\"");
                yield j.toBytes();
            }
        };
        return new Made(payload, key, kind);
    }

    /** Cut off somewhere past the middle, or now and then a line of key=value pairs. */
    private static byte[] invalidJson(Json j, String entity, String key, SplittableRandom rnd) {
        String s = j.toString();
        String text = rnd.nextDouble() < 0.7
                ? s.substring(0, s.length() / 2 + rnd.nextInt(s.length() / 3))
                : "event_type=" + j.text("event_type") + ";" + entity + "=" + key;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The fields of {@code j} that every event of the stream has, then the ones its type requires. */
    private static List<String> requiredFields(Source stream, Json j) {
        List<String> fields =
                new ArrayList<>(List.of("event_id", "event_type", "event_timestamp", stream.entityField()));
        for (String field : EventType.of(stream, j.text("event_type")).requiredFields()) {
            if (j.has(field)) fields.add(field);
        }
        return fields;
    }
}
