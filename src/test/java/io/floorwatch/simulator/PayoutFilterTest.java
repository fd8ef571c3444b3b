package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JACKPOT's read skips a record unparsed when {@link RawRecord#mayPayOut} says no: it must never say no to a record the
 * parser gives a payout, however the record is written, and should say no to most of the rest.
 */
class PayoutFilterTest {
    private static final EventParser PARSER =
            FloorWatchConfig.of(Map.of("sources.mode", "simulator")).eventParser();

    @Test
    void everySimulatedPayoutPassesAndMostOtherRecordsDoNot() {
        FloorSimulator sim = new FloorSimulator(SimulatorSettings.of(5, 500, FloorSimulatorTest.START)
                .withMalformedShare(0.05)
                .withIncidentRate(10));
        int payouts = 0, skipped = 0;
        for (int i = 0; i < 40_000; i++) {
            RawRecord r = sim.generate(i).record();
            ParsedRecord parsed = PARSER.parse(r, r.timestamp() + 1000);
            boolean paysOut = parsed.isValid() && parsed.event.payoutReaches(1);
            if (paysOut) payouts++;
            if (paysOut && !r.mayPayOut()) fail("a payout the filter skips: " + new String(r.payload()));
            if (!r.mayPayOut()) skipped++;
        }
        assertTrue(payouts > 100, "the simulator paid out " + payouts + " times");
        assertTrue(skipped > 20_000, "the filter skips most records unparsed: " + skipped + " of 40,000");
    }

    @Test
    void payoutsWrittenAnyWayTheParserReadsPass() {
        String plain = "{\"event_id\":\"e1\",\"event_type\":\"JACKPOT\",\"machine_id\":\"SM-1\","
                + "\"event_timestamp\":\"2026-12-07T10:00:00Z\",\"payout_amount\":\"5000.00\"}";
        String escapedKey = plain.replace("\"payout_amount\"", "\"\\u0070ayout_amount\"");
        int valid = 0;
        for (byte[] bytes : new byte[][] {
            plain.getBytes(StandardCharsets.UTF_8),
            escapedKey.getBytes(StandardCharsets.UTF_8),
            plain.getBytes(StandardCharsets.UTF_16BE),
            plain.getBytes(StandardCharsets.UTF_16LE),
            plain.getBytes(Charset.forName("UTF-32BE")),
            bom(plain.getBytes(StandardCharsets.UTF_8))
        }) {
            RawRecord r = new RawRecord(Source.SLOT, "slot-telemetry", 0, 0, 0, bytes);
            ParsedRecord parsed = PARSER.parse(r, System.currentTimeMillis());
            String shown = new String(bytes, StandardCharsets.ISO_8859_1);
            if (bytes.length > 3 && bytes[0] == '{' && !parsed.isValid())
                fail(parsed.rejected.message() + ": " + shown);
            if (parsed.isValid()) {
                valid++;
                assertEquals(500_000L, parsed.event.payoutCents, shown);
                assertTrue(r.mayPayOut(), "a parsed payout the filter would skip: " + shown);
            }
        }
        assertTrue(valid >= 2, "the plain and the escaped record parse: " + valid);
        for (String zero : new String[] {"0", "\"0.00\"", " 0.0 ", "\"0\""}) {
            String lost = plain.replace("\"5000.00\"", zero);
            assertFalse(slot(lost).mayPayOut(), "a plain zero payout is skipped: " + lost);
        }
        for (String some : new String[] {"\"0.01\"", "0.001", "1e3", "\"00.10\"", "-0"}) {
            String pays = plain.replace("\"5000.00\"", some);
            assertTrue(slot(pays).mayPayOut(), "anything but a plain zero is parsed: " + pays);
        }
        RawRecord game = new RawRecord(
                Source.SLOT,
                "slot-telemetry",
                0,
                0,
                0,
                plain.replace("payout_amount", "wager_amount").getBytes(StandardCharsets.UTF_8));
        assertFalse(game.mayPayOut(), "a record without the field is skipped");
        assertFalse(new RawRecord(Source.SLOT, "t", 0, 0, 0, null).mayPayOut(), "a tombstone is skipped");
    }

    private static RawRecord slot(String json) {
        return new RawRecord(Source.SLOT, "slot-telemetry", 0, 0, 0, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bom(byte[] utf8) {
        byte[] out = new byte[utf8.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, out, 3, utf8.length);
        return out;
    }
}
