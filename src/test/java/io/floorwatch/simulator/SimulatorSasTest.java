package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floorwatch.event.ErrorCategory;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.SasCodes;
import io.floorwatch.event.Source;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's SAS side (SPEC 8.5), read with Jackson independently of the job: meter snapshots every few minutes
 * that agree with the machine's events (rollovers included), a RAM clear now and then, one machine whose coin-in meter
 * drifts from its events, and exception codes mostly of the service kind.
 */
class SimulatorSasTest {
    /** 40 minutes of floor time at 100 events/s, incidents 20 times as often as by default. */
    static final int SAMPLE = 240_000;

    static final SimulatorSettings SETTINGS =
            SimulatorSettings.of(42, 100, FloorSimulatorTest.START).withIncidentRate(20);

    record Snap(String id, long time, long[] counters, int digits) {}

    /** machine -> its events (stamp, wager, payout, jackpot, bills, game) in generation order. */
    static final Map<String, List<long[]>> play = new HashMap<>();

    static final Map<String, List<Snap>> snapshots = new HashMap<>();
    static final Map<ErrorCategory, Integer> categories = new EnumMap<>(ErrorCategory.class);
    static final Set<String> codeForms = new HashSet<>();
    static final List<String> resetMachines = new ArrayList<>();

    @BeforeAll
    static void generate() {
        FloorSimulator sim = new FloorSimulator(SETTINGS);
        for (long i = 0; i < SAMPLE; i++) {
            FloorSimulator.Generated g = sim.generate(i);
            RawRecord r = g.record();
            if (r.source() != Source.SLOT || g.malformed() != null || g.duplicate()) continue;
            JsonNode n = SpecCheck.tree(r.payload());
            String machine = n.get("machine_id").asText();
            long time = SpecCheck.timestamp(n.get("event_timestamp")).toEpochMilli();
            switch (n.get("event_type").asText()) {
                case "METERS" -> {
                    JsonNode m = n.get("meters");
                    long[] c = new long[5];
                    int k = 0;
                    for (String name : List.of("coin_in", "coin_out", "jackpot", "bills_in", "games_played"))
                        c[k++] = m.get(name).asLong();
                    snapshots
                            .computeIfAbsent(machine, x -> new ArrayList<>())
                            .add(new Snap(
                                    n.get("event_id").asText(),
                                    time,
                                    c,
                                    m.path("meter_digits").asInt(10)));
                }
                case "ERROR" -> {
                    JsonNode code = n.get("error_code");
                    codeForms.add(
                            code.isNumber()
                                    ? "number"
                                    : code.asText().startsWith("0x")
                                            ? "0x"
                                            : code.asText().startsWith("0X") ? "0X" : "bare");
                    ErrorCategory c = SasCodes.DEFAULTS.categoryOf(code.asText());
                    categories.merge(c, 1, Integer::sum);
                    if (SasCodes.normalize(code.asText()).equals("7a")) resetMachines.add(machine);
                }
                default -> {
                    long[] e = {time, cents(n, "wager_amount"), 0, 0, 0, 0};
                    String type = n.get("event_type").asText();
                    if (type.equals("GAME_PLAYED")) {
                        e[2] = cents(n, "payout_amount");
                        e[5] = 1;
                    } else if (type.equals("JACKPOT")) {
                        e[3] = cents(n, "payout_amount");
                    } else if (type.equals("BILL_IN")) {
                        e[4] = cents(n, "amount");
                    }
                    play.computeIfAbsent(machine, x -> new ArrayList<>()).add(e);
                }
            }
        }
    }

    static long cents(JsonNode n, String field) {
        return n.has(field) ? SpecCheck.cents(n.get(field)) : 0;
    }

    /** Delta per SPEC 8.5: -1 for a reset. */
    static long delta(long old, long now, int digits) {
        long mod = BigInteger.TEN.pow(digits).longValueExact();
        if (now >= old) return now - old;
        return old >= mod / 10 * 9 ? now + mod - old : -1;
    }

    @Test
    void everyMachineSendsItsMetersEveryFiveMinutes() {
        assertTrue(snapshots.size() > 200, "machines with snapshots: " + snapshots.size());
        for (List<Snap> s : snapshots.values()) {
            for (int i = 1; i < s.size(); i++) {
                long gap = s.get(i).time - s.get(i - 1).time;
                assertTrue(
                        gap == SasMeters.PERIOD_MS
                                || gap % SasMeters.PERIOD_MS == 0
                                || Math.abs(gap - SasMeters.PERIOD_MS) < 50,
                        "snapshots every 5 minutes (a dark machine skips some): " + gap);
            }
        }
    }

    @Test
    void metersAgreeWithTheEventsExceptOnTheDriftingMachineAndAcrossAReset() {
        int compared = 0, rollovers = 0, resets = 0;
        Map<String, Long> varianceByMachine = new HashMap<>();
        for (Map.Entry<String, List<Snap>> e : snapshots.entrySet()) {
            List<long[]> events = play.getOrDefault(e.getKey(), List.of());
            List<Snap> s = e.getValue();
            for (int i = 1; i < s.size(); i++) {
                Snap prev = s.get(i - 1), cur = s.get(i);
                long[] sums = new long[5];
                for (long[] ev : events) {
                    if (ev[0] > prev.time && ev[0] <= cur.time) {
                        sums[0] += ev[1];
                        sums[1] += ev[2];
                        sums[2] += ev[3];
                        sums[3] += ev[4];
                        sums[4] += ev[5];
                    }
                }
                boolean reset = false;
                for (int c = 0; c < 5; c++) {
                    long d = delta(prev.counters[c], cur.counters[c], prev.digits);
                    if (d < 0) reset = true;
                    else if (cur.counters[c] < prev.counters[c]) rollovers++;
                }
                if (reset) {
                    resets++;
                    continue;
                }
                compared++;
                for (int c = 1; c < 5; c++) {
                    assertEquals(
                            sums[c],
                            delta(prev.counters[c], cur.counters[c], prev.digits),
                            e.getKey() + " counter " + c + " " + prev.id + ".." + cur.id);
                }
                long diff = delta(prev.counters[0], cur.counters[0], prev.digits) - sums[0];
                if (diff != 0) varianceByMachine.merge(e.getKey(), diff, Long::sum);
            }
        }
        assertTrue(compared > 1000, "compared intervals: " + compared);
        assertTrue(rollovers > 0, "8-digit meters roll over");
        assertTrue(resets > 0, "a RAM clear resets some meters");
        assertEquals(1, varianceByMachine.size(), "exactly one machine's coin-in meter drifts: " + varianceByMachine);
        assertTrue(
                varianceByMachine.values().iterator().next() > 100_00,
                "by more than the variance bound: " + varianceByMachine);
        assertTrue(resetMachines.size() > 0);
    }

    @Test
    void exceptionCodesAreMostlyServiceWithSomeFaultsAndRareIntegrityAndPowerOffAccess() {
        int service = categories.getOrDefault(ErrorCategory.SERVICE, 0);
        int faults = categories.getOrDefault(ErrorCategory.FAULT, 0) + categories.getOrDefault(ErrorCategory.OTHER, 0);
        int integrity = categories.getOrDefault(ErrorCategory.INTEGRITY, 0);
        int powerOff = categories.getOrDefault(ErrorCategory.POWER_OFF_ACCESS, 0);
        assertTrue(integrity > 0 && powerOff > 0, categories.toString());
        assertTrue(integrity + powerOff < service / 5, "integrity and power-off access are rare: " + categories);
        assertTrue(faults > 0, categories.toString());
        assertTrue(codeForms.containsAll(Set.of("number", "0x", "bare")), codeForms.toString());
    }

    @Test
    void randomAccessGivesTheSameMeters() {
        FloorSimulator sequential = new FloorSimulator(SETTINGS);
        for (long i = 0; i < 130_000; i++) sequential.generate(i);
        FloorSimulator fresh = new FloorSimulator(SETTINGS);
        for (long i = 129_000; i < 131_000; i++) {
            assertArrayEquals(
                    sequential.generate(i).record().payload(),
                    fresh.generate(i).record().payload(),
                    "record " + i);
        }
        assertArrayEquals(
                new FloorSimulator(SETTINGS).generate(70_500).record().payload(),
                fresh.generate(70_500).record().payload(),
                "backwards, after a later block");
    }
}
