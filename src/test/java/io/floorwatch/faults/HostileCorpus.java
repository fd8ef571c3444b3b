package io.floorwatch.faults;

import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.RejectReason;
import io.floorwatch.event.Source;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Hostile slot records, each with what must become of it (a reject reason, or valid with its event id): the corpus of
 * known-bad shapes, and a seeded fuzz stream of mutated valid records whose expected outcome is the parser's own.
 */
final class HostileCorpus {
    /** One record and what must become of it: {@code reason} null means valid, with {@code eventId}. */
    record Case(String kind, byte[] payload, RejectReason reason, String eventId) {
        static Case bad(String kind, String json, RejectReason reason) {
            return new Case(kind, json.getBytes(StandardCharsets.UTF_8), reason, null);
        }

        static Case good(String kind, String eventId, String json) {
            return new Case(kind, json.getBytes(StandardCharsets.UTF_8), null, eventId);
        }
    }

    static final int TEN_MB = 10 * 1024 * 1024;

    private HostileCorpus() {}

    static String slot(String id, Instant t, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":\"" + t
                + "\",\"machine_id\":\"SM-" + Math.floorMod(id.hashCode(), 50) + "\",\"wager_amount\":1.25" + more
                + "}";
    }

    /** The known-bad (and a few odd but valid) shapes; {@code n} copies of each kind, with distinct ids. */
    static List<Case> corpus(Instant t, int n, boolean withHugePayloads) {
        List<Case> cases = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            String id = "h" + i;
            String full = slot(id + "-trunc", t, "");
            cases.add(Case.bad(
                    "truncated", full.substring(0, 1 + random.nextInt(full.length() - 2)), RejectReason.INVALID_JSON));
            cases.add(Case.bad("not json", "machine SM-1 played 1.25 at " + t, RejectReason.INVALID_JSON));
            cases.add(Case.bad("json array", "[" + slot(id + "-arr", t, "") + "]", RejectReason.INVALID_JSON));
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            noise[0] = (byte) 0xFF; // never a JSON start byte
            cases.add(new Case("random bytes", noise, RejectReason.INVALID_JSON, null));
            cases.add(Case.bad(
                    "deep nesting",
                    slot(id + "-deep", t, ",\"cabinet\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000)),
                    RejectReason.INVALID_JSON));
            cases.add(Case.bad(
                    "duplicate key", slot(id + "-dup", t, ",\"wager_amount\":2.50"), RejectReason.DUPLICATE_FIELD));
            cases.add(Case.bad(
                    "null id",
                    slot(id, t, "").replace("\"event_id\":\"" + id + "\"", "\"event_id\":null"),
                    RejectReason.MISSING_FIELD));
            cases.add(Case.bad(
                    "null wager",
                    slot(id + "-nullw", t, "").replace("\"wager_amount\":1.25", "\"wager_amount\":null"),
                    RejectReason.MISSING_FIELD));
            cases.add(Case.bad("NaN", slot(id + "-nan", t, "").replace("1.25", "NaN"), RejectReason.INVALID_JSON));
            cases.add(Case.bad(
                    "Infinity", slot(id + "-inf", t, "").replace("1.25", "-Infinity"), RejectReason.INVALID_JSON));
            cases.add(Case.bad(
                    "\"NaN\" string", slot(id + "-nans", t, "").replace("1.25", "\"NaN\""), RejectReason.WRONG_TYPE));
            cases.add(Case.bad(
                    "1e400", slot(id + "-big", t, "").replace("1.25", "1e400"), RejectReason.AMOUNT_TOO_LARGE));
            cases.add(Case.bad(
                    "denomination 1e400",
                    slot(id + "-denom", t, ",\"denomination\":1e400"),
                    RejectReason.AMOUNT_TOO_LARGE));
            cases.add(Case.bad(
                    "wager -1e2147483647",
                    slot(id + "-hugeneg", t, "").replace("1.25", "-1e2147483647"),
                    RejectReason.NEGATIVE_AMOUNT));
            cases.add(Case.bad(
                    "negative", slot(id + "-neg", t, "").replace("1.25", "-1.25"), RejectReason.NEGATIVE_AMOUNT));
            cases.add(Case.bad(
                    "3 decimals", slot(id + "-prec", t, "").replace("1.25", "1.255"), RejectReason.INVALID_PRECISION));
            cases.add(Case.bad(
                    "id as number",
                    slot(id + "-num", t, "").replace("\"event_id\":\"" + id + "-num\"", "\"event_id\":42"),
                    RejectReason.WRONG_TYPE));
            cases.add(Case.bad(
                    "wager as boolean", slot(id + "-bool", t, "").replace("1.25", "true"), RejectReason.WRONG_TYPE));
            cases.add(Case.bad(
                    "timestamp as object",
                    slot(id + "-tobj", t, "").replace("\"" + t + "\"", "{\"at\":1}"),
                    RejectReason.WRONG_TYPE));
            cases.add(Case.bad(
                    "unknown event_type",
                    slot(id + "-type", t, "").replace("GAME_PLAYED", "GAME_PLAYED_TWICE"),
                    RejectReason.UNKNOWN_EVENT_TYPE));
            cases.add(Case.bad(
                    "control char in id",
                    slot(id + "-ctl", t, "").replace("-ctl\"", "-ctl\\u0007\""),
                    RejectReason.INVALID_VALUE));
            cases.add(Case.bad(
                    "lone surrogate in id",
                    slot(id + "-sur", t, "").replace("-sur\"", "-sur\\ud800\""),
                    RejectReason.INVALID_VALUE));
            cases.add(Case.bad(
                    "far future",
                    slot(id + "-fut", Instant.parse("2999-01-01T00:00:00Z"), ""),
                    RejectReason.FUTURE_TIMESTAMP));
            cases.add(Case.bad(
                    "before 1970",
                    slot(id + "-old", Instant.parse("1969-07-20T20:17:00Z"), ""),
                    RejectReason.INVALID_TIMESTAMP));
            cases.add(Case.bad(
                    "bad date",
                    slot(id + "-feb", t, "").replace("\"" + t + "\"", "\"2026-02-30T10:00:00Z\""),
                    RejectReason.INVALID_TIMESTAMP));
            byte[] latin1 = slot(id + "-latin1", t, "")
                    .replace("\"SM-", "\"M\u00e1quina-")
                    .getBytes(StandardCharsets.ISO_8859_1);
            cases.add(new Case("non-UTF-8 bytes", latin1, RejectReason.INVALID_JSON, null));
            cases.add(Case.bad("empty", "", RejectReason.INVALID_JSON));
            cases.add(Case.bad("empty object", "{}", RejectReason.MISSING_FIELD));
            // extreme numbers (the hardening issue, item 1): each is rejected at once, never met again by a
            // crash-looping sink
            cases.add(Case.bad(
                    "denomination 1e-999999999",
                    slot(id + "-dtiny", t, ",\"denomination\":1e-999999999"),
                    RejectReason.INVALID_PRECISION));
            cases.add(Case.bad(
                    "hopper 1e-999999999",
                    slot(id + "-htiny", t, ",\"hopper_level\":1e-999999999"),
                    RejectReason.INVALID_PRECISION));
            cases.add(Case.bad(
                    "wager 1e-999999999",
                    slot(id + "-wtiny", t, "").replace("1.25", "1e-999999999"),
                    RejectReason.INVALID_PRECISION));
            cases.add(Case.bad(
                    "error_code 1e-999999999",
                    slot(id + "-etiny", t, ",\"error_code\":1e-999999999"),
                    RejectReason.WRONG_TYPE));
            cases.add(Case.bad(
                    "epoch of 400 digits",
                    slot(id + "-ep", t, "").replace("\"" + t + "\"", "9".repeat(400)),
                    RejectReason.INVALID_TIMESTAMP));
            cases.add(Case.bad(
                    "year +999999999",
                    slot(id + "-y", t, "").replace("\"" + t + "\"", "\"+999999999-12-31T23:59:59Z\""),
                    RejectReason.INVALID_TIMESTAMP));
            cases.add(Case.bad(
                    "NUL in id",
                    slot(id + "-nul", t, "").replace("-nul\"", "-nul\\u0000\""),
                    RejectReason.INVALID_VALUE));
            cases.add(Case.bad(
                    "huge floor_section",
                    slot(id + "-sect", t, ",\"floor_section\":\"" + "S".repeat(100_000) + "\""),
                    RejectReason.INVALID_VALUE));
            cases.add(Case.good(
                    "denomination 0e-999999999",
                    id + "-dzero",
                    slot(id + "-dzero", t, ",\"denomination\":0e-999999999")));
            cases.add(Case.good("denomination 25e-2", id + "-dq", slot(id + "-dq", t, ",\"denomination\":25e-2")));
            cases.add(Case.good(
                    "wager 0e999999999",
                    id + "-wzero",
                    slot(id + "-wzero", t, "").replace("1.25", "0e999999999")));
            cases.add(Case.good(
                    "nesting 40 deep in an unknown field",
                    id + "-nest",
                    slot(id + "-nest", t, ",\"cabinet\":" + "[".repeat(40) + "1" + "]".repeat(40))));
            // odd but valid: counted like any event
            cases.add(Case.good(
                    "unknown fields",
                    id + "-extra",
                    slot(id + "-extra", t, ",\"cabinet\":{\"model\":\"X\",\"tags\":[1,null,\"\u00e9\"]},\"n\":null")));
            cases.add(Case.good(
                    "unicode ids", id + "-\u00e9\u4e2d\ud83c\udfb0", slot(id + "-\u00e9\u4e2d\ud83c\udfb0", t, "")));
            cases.add(
                    Case.good("1.500", id + "-zeros", slot(id + "-zeros", t, "").replace("1.25", "1.500")));
        }
        if (withHugePayloads) {
            for (int i = 0; i < 2; i++) {
                // a valid-looking event padded past validation.max-payload-bytes: stored cut to 64 KiB
                String padded = slot("huge" + i, t, ",\"padding\":\"" + "x".repeat(TEN_MB) + "\"");
                cases.add(Case.bad("10 MB payload", padded, RejectReason.PAYLOAD_TOO_LARGE));
            }
        }
        return cases;
    }

    /** Seeded random mutations of valid records; the expected outcome is what the parser says (it runs in every task too). */
    static List<Case> fuzz(Instant t, int n, long seed, EventParser parser, long now) {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String base =
                    slot("z" + i, t.plusMillis(i), ",\"player_id\":\"P" + i % 9 + "\",\"payout_amount\":\"0.50\"");
            byte[] bytes = EventParserFuzzTest.mutate(base, random);
            ParsedRecord r = parser.parse(new RawRecord(Source.SLOT, "x", 0, i, now, bytes), now);
            cases.add(
                    r.isValid()
                            ? new Case("fuzz", bytes, null, r.event.eventId)
                            : new Case("fuzz", bytes, RejectReason.valueOf(r.rejected.reason()), null));
        }
        return cases;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static String describe(Case c) {
        return c.kind() + ": "
                + new String(Arrays.copyOf(c.payload(), Math.min(120, c.payload().length)), StandardCharsets.UTF_8);
    }
}
