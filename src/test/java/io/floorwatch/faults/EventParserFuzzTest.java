package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.RejectReason;
import io.floorwatch.event.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 100 000 seeded random mutations of valid records of every source: the parser never throws and every record gets
 * exactly one outcome (an event, or a rejection with a known reason and a message).
 */
@Tag("faults")
class EventParserFuzzTest {
    static final long SEED = 20261122L;
    static final int MUTATIONS = 100_000;
    static final long NOW = Instant.parse("2026-11-22T20:00:00Z").toEpochMilli();
    static final EventParser PARSER =
            new EventParser(5 * 60_000L, 10_000_000_00L, 1 << 20, ZoneId.of("America/Los_Angeles"));
    static final Set<String> REASONS =
            java.util.Arrays.stream(RejectReason.values()).map(Enum::name).collect(Collectors.toSet());

    static final Map<Source, List<String>> VALID = new EnumMap<>(
            Map.of(
                    Source.SLOT,
                            List.of(
                                    "{\"event_id\":\"s1\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":\"2026-11-22T19:59:00Z\",\"machine_id\":\"SM-1\",\"wager_amount\":2.50,\"payout_amount\":\"1.25\",\"player_id\":\"P1\",\"denomination\":0.25,\"floor_section\":\"A\"}",
                                    "{\"event_id\":\"s2\",\"event_type\":\"JACKPOT\",\"event_timestamp\":1795377540000,\"machine_id\":\"SM-2\",\"payout_amount\":12500.00}",
                                    "{\"event_id\":\"s3\",\"event_type\":\"HOPPER_STATUS\",\"event_timestamp\":\"2026-11-22T11:59:00\",\"machine_id\":\"SM-3\",\"hopper_level\":12.5}",
                                    "{\"event_id\":\"s4\",\"event_type\":\"ERROR\",\"event_timestamp\":\"2026-11-22T19:59:00.123+01:00\",\"machine_id\":\"SM-4\",\"error_code\":61,\"extra\":{\"a\":[1,2,{\"b\":null}]}}"),
                    Source.TABLE,
                            List.of(
                                    "{\"event_id\":\"t1\",\"event_type\":\"BUY_IN\",\"event_timestamp\":\"2026-11-22T19:59:00Z\",\"table_id\":\"TG-1\",\"amount\":500,\"payment_method\":\"CASH\",\"game_type\":\"BLACKJACK\",\"dealer_id\":\"D1\"}"),
                    Source.SECURITY,
                            List.of(
                                    "{\"event_id\":\"x1\",\"event_type\":\"ALARM\",\"event_timestamp\":\"2026-11-22T19:59:00Z\",\"location_id\":\"LOC-1\",\"machine_id\":\"SM-1\",\"badge_id\":\"B7\",\"severity\":3}"),
                    Source.CAGE,
                            List.of(
                                    "{\"event_id\":\"c1\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"2026-11-22T19:59:00Z\",\"player_id\":\"P-77\",\"amount\":\"9000.00\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\",\"cage_id\":\"C1\"}")));

    /** Values that have broken parsers before: put in place of a field's value. */
    static final List<String> NASTY = List.of(
            "null",
            "\"\"",
            "\" \"",
            "[]",
            "{}",
            "true",
            "NaN",
            "-Infinity",
            "Infinity",
            "\"NaN\"",
            "\"Infinity\"",
            "1e400",
            "-1e400",
            "1e-400",
            "0e2147483647",
            "1e2147483647",
            "1e-2147483647",
            "\"1e9999\"",
            "0.005",
            "-0",
            "-0.00",
            "1.000",
            "99999999999999999999999999999999",
            "-1",
            "\"-1\"",
            "\"0x10\"",
            "9223372036854775808",
            "-9223372036854775809",
            "\"+999999999-12-31T23:59:59\"",
            "\"-999999999-01-01T00:00:00\"",
            "\"9999-12-31T23:59:59Z\"",
            "\"1969-12-31T23:59:59Z\"",
            "\"0000-00-00T00:00:00Z\"",
            "\"2026-02-30T10:00:00Z\"",
            "\"2026-11-22T25:00:00+19:00\"",
            "\"2026-11-22T10:00:00+18:00\"",
            "\"999999999999999\"",
            "\"9999999999999999\"",
            "-1795377540000",
            "1.5",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"SM-\\u0007\"",
            "\"\u00e9\u4e2d\ud83c\udfb0\"",
            "\"" + "x".repeat(300) + "\"",
            "[".repeat(70) + "]".repeat(70),
            "{\"a\":".repeat(70) + "1" + "}".repeat(70));

    @Test
    void mutationsNeverThrowAndAlwaysGiveOneOutcome() {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Source> sources = new ArrayList<>(VALID.keySet());
        for (int i = 0; i < MUTATIONS; i++) {
            Source source = sources.get(random.nextInt(sources.size()));
            List<String> bases = VALID.get(source);
            byte[] payload = mutate(bases.get(random.nextInt(bases.size())), random);
            RawRecord raw = new RawRecord(source, "fuzz", 0, i, NOW, payload);
            ParsedRecord r;
            try {
                r = PARSER.parse(raw, NOW);
            } catch (Throwable t) {
                fail(
                        "mutation " + i + " (seed " + SEED + ") threw on: "
                                + new String(payload, StandardCharsets.UTF_8),
                        t);
                return;
            }
            assertNotNull(r, "mutation " + i);
            assertTrue((r.event == null) != (r.rejected == null), "exactly one outcome for mutation " + i);
            if (r.rejected != null) {
                assertTrue(REASONS.contains(r.rejected.reason()), "known reason: " + r.rejected.reason());
                assertNotNull(r.rejected.message());
                assertEquals(i, r.rejected.offset());
            } else {
                assertNotNull(r.event.eventId);
                assertNotNull(r.event.entityId);
                assertTrue(r.event.eventTime >= 0 && r.event.eventTime <= NOW + 5 * 60_000L, "event time in range");
            }
            outcomes.merge(r.rejected == null ? "valid" : r.rejected.reason(), 1, Integer::sum);
        }
        System.out.println("[faults] parser fuzz, " + MUTATIONS + " mutations (seed " + SEED + "): " + outcomes);
        assertTrue(
                outcomes.getOrDefault("valid", 0) > 0 && outcomes.size() > 6,
                "the mutations must reach both outcomes and many reasons: " + outcomes);
    }

    static final String STRUCTURE = "{}[]\",:\\0-.eE+ ";

    /** Found by the fuzzing above: each once threw, or was accepted and then failed the ClickHouse writer on every restart. */
    @Test
    void hugeNumbersAndLoneSurrogatesAreRejectedNotThrown() {
        String base = VALID.get(Source.SLOT).get(2); // HOPPER_STATUS
        assertReason("INVALID_VALUE", base.replace("12.5", "1e2147483647"));
        assertReason("NEGATIVE_AMOUNT", VALID.get(Source.SLOT).get(0).replace("2.50", "-1e2147483647"));
        assertReason("AMOUNT_TOO_LARGE", VALID.get(Source.SLOT).get(0).replace("0.25", "1e400"));
        assertReason("AMOUNT_TOO_LARGE", VALID.get(Source.SLOT).get(0).replace("0.25", "100000000000000000000"));
        assertReason("INVALID_VALUE", VALID.get(Source.SLOT).get(0).replace("\"SM-1\"", "\"SM-\\ud800\""));
        assertReason("INVALID_VALUE", VALID.get(Source.SLOT).get(0).replace("\"s1\"", "\"s1\\udc00x\""));
        ParsedRecord pair = PARSER.parse(
                new RawRecord(
                        Source.SLOT,
                        "t",
                        0,
                        0,
                        NOW,
                        VALID.get(Source.SLOT)
                                .get(0)
                                .replace("\"s1\"", "\"s1\\ud83c\\udfb0\"")
                                .getBytes(StandardCharsets.UTF_8)),
                NOW);
        assertTrue(pair.isValid(), "a surrogate pair is a character: " + pair.rejected);
        assertEquals("s1\ud83c\udfb0", pair.event.eventId);
    }

    static void assertReason(String reason, String json) {
        ParsedRecord r =
                PARSER.parse(new RawRecord(Source.SLOT, "t", 0, 0, NOW, json.getBytes(StandardCharsets.UTF_8)), NOW);
        assertNotNull(r.rejected, json);
        assertEquals(reason, r.rejected.reason(), json + ": " + r.rejected.message());
    }

    static byte[] mutate(String base, Random random) {
        int kind = random.nextInt(9);
        String s = base;
        switch (kind) {
            case 0 -> { // a nasty value in place of a field's value
                List<int[]> values = valueSpans(s);
                int[] span = values.get(random.nextInt(values.size()));
                s = s.substring(0, span[0]) + NASTY.get(random.nextInt(NASTY.size())) + s.substring(span[1]);
            }
            case 1 -> s = s.substring(0, random.nextInt(s.length())); // truncated
            case 2 -> { // a field repeated
                List<int[]> values = valueSpans(s);
                int[] span = values.get(random.nextInt(values.size()));
                int nameStart = s.lastIndexOf(",\"", span[0]);
                if (nameStart < 0) nameStart = 0;
                s = s.substring(0, s.length() - 1) + "," + s.substring(nameStart == 0 ? 1 : nameStart + 1, span[1])
                        + "}";
            }
            case 3 -> { // a field removed
                List<int[]> values = valueSpans(s);
                int[] span = values.get(random.nextInt(values.size()));
                int nameStart = s.lastIndexOf("\"", s.lastIndexOf("\":", span[0]) - 1);
                int end = span[1] < s.length() - 1 && s.charAt(span[1]) == ',' ? span[1] + 1 : span[1];
                s = s.substring(0, nameStart) + s.substring(end);
            }
            case 4 -> s = s + NASTY.get(random.nextInt(NASTY.size())); // trailing content
            default -> {}
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int byteFlips = kind >= 5 ? 1 + random.nextInt(4) : 0;
        for (int k = 0; k < byteFlips && bytes.length > 0; k++) {
            int at = random.nextInt(bytes.length);
            switch (kind) {
                case 5 -> bytes[at] = (byte) random.nextInt(256); // any byte, non-UTF-8 included
                case 6 ->
                    bytes[at] =
                            (byte) STRUCTURE.charAt(random.nextInt(STRUCTURE.length())); // JSON structure characters
                case 7 -> bytes[at] = (byte) (0x80 | random.nextInt(64)); // a stray continuation byte
                default -> bytes[at] = (byte) random.nextInt(32); // control characters
            }
        }
        return bytes;
    }

    /** [start, end) of every top-level scalar value (the records above have no commas or braces inside strings). */
    static List<int[]> valueSpans(String s) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while ((i = s.indexOf("\":", i)) >= 0) {
            int start = i + 2;
            int end = start;
            int depth = 0;
            while (end < s.length()) {
                char c = s.charAt(end);
                if (c == '{' || c == '[') depth++;
                if (c == '}' || c == ']') {
                    if (depth == 0) break;
                    depth--;
                }
                if (c == ',' && depth == 0) break;
                end++;
            }
            spans.add(new int[] {start, end});
            i = end;
        }
        return spans;
    }
}
