package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The job's parser accepts every valid simulated event and rejects every malformed one, for its reason. */
class SimulatorMeetsParserTest {

    @Test
    void validEventsParseAndMalformedOnesAreRejected() {
        EventParser parser =
                FloorWatchConfig.of(Map.of("sources.mode", "simulator")).eventParser();
        FloorSimulator sim = new FloorSimulator(SimulatorSettings.of(5, 500, FloorSimulatorTest.START)
                .withMalformedShare(0.05)
                .withIncidentRate(10));
        Map<Malformed, Integer> rejectedKinds = new EnumMap<>(Malformed.class);
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i < 40_000; i++) {
            FloorSimulator.Generated g = sim.generate(i);
            RawRecord r = g.record();
            ParsedRecord parsed = parser.parse(r, r.timestamp() + 1000);
            if (g.malformed() == null) {
                if (!parsed.isValid())
                    fail(parsed.rejected.reason() + " " + parsed.rejected.message() + ": " + new String(r.payload()));
                assertEquals(g.key(), parsed.event.entityId);
            } else {
                if (parsed.isValid()) fail(g.malformed() + " accepted: " + new String(r.payload()));
                if (g.malformed() == Malformed.MISSING_FIELD) {
                    // the field left out is one the parser requires: both read the same EventType table
                    assertEquals(
                            RejectReason.MISSING_FIELD.name(), parsed.rejected.reason(), () -> new String(r.payload()));
                }
                rejectedKinds.merge(g.malformed(), 1, Integer::sum);
                reasons.merge(String.valueOf(parsed.rejected.reason()), 1, Integer::sum);
            }
        }
        assertEquals(Malformed.values().length, rejectedKinds.size(), rejectedKinds.toString());
        assertTrue(reasons.size() >= 5, reasons.toString());
    }
}
