package io.floorwatch.topology;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.Meters;
import io.floorwatch.event.StateSerializer;
import io.floorwatch.floor.MachineMeterDelta;
import io.floorwatch.floor.MachineMinuteAggregation;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerDay;
import io.floorwatch.player.SessionAccumulator;
import io.floorwatch.rules.FloorAnomalyRule;
import io.floorwatch.rules.MachineMeters;
import io.floorwatch.rules.MachineOfflineRule;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The field-by-field serializers of the per-event state ({@link StateSerializer}): every field survives a round trip,
 * their own snapshots restore them as they are, and state the PojoSerializer wrote (FloorWatch 1.1 and before) is
 * migrated on restore, every field kept.
 */
class StateSerializersTest {
    @Test
    @DisplayName("machine_minute accumulators: round trip, and migrated from the POJO format")
    void machineMinuteAcc() throws Exception {
        MachineMinuteAggregation.Acc a = new MachineMinuteAggregation.Acc();
        a.spins = 1;
        a.coinInCents = 2;
        a.coinOutCents = 3;
        a.jackpots = 4;
        a.errors = 5;
        a.billsInCents = 6;
        a.players = "P-1,P-2,";
        a.playerCount = 2;
        a.floorSection = null;
        a.firings = 7;
        check(a, StateSerializer.of(MachineMinuteAggregation.Acc.class), MachineMinuteAggregation.Acc.class);
    }

    @Test
    @DisplayName("table_minute sums: round trip, and migrated from the POJO format")
    void tableMinuteSums() throws Exception {
        TableMinute t = new TableMinute();
        t.gameType = "BLACKJACK";
        t.dropCents = 1;
        t.payoutsCents = 2;
        t.fillsCents = 3;
        t.creditsCents = 4;
        t.bets = 5;
        t.version = 6;
        check(t, StateSerializer.of(TableMinute.class), TableMinute.class);
    }

    @Test
    @DisplayName("player days: round trip, and migrated from the POJO format")
    void playerDay() throws Exception {
        PlayerDay d = new PlayerDay();
        d.version = 1;
        d.coinInCents = 2;
        d.games = 3;
        d.closedMinutes = 4;
        d.sessions = 5;
        d.partFirst = 6;
        d.partLast = 7;
        d.lastSeen = Long.MIN_VALUE;
        d.offered = "GOLD,";
        d.excludedAlerted = true;
        d.dirty = true;
        d.rowAt = 8;
        check(d, StateSerializer.of(PlayerDay.class), PlayerDay.class);
    }

    @Test
    @DisplayName("open player sessions: round trip")
    void sessionAccumulator() throws Exception {
        SessionAccumulator s = new SessionAccumulator();
        s.firstGame = 1;
        s.lastGame = 2;
        s.coinInCents = 3;
        s.games = 4;
        check(s, StateSerializer.of(SessionAccumulator.class), SessionAccumulator.class);
    }

    @Test
    @DisplayName("MACHINE_OFFLINE machines, online and offline: round trip, and migrated from the POJO format")
    void offlineMachine() throws Exception {
        MachineOfflineRule.Machine m = new MachineOfflineRule.Machine();
        m.lastConfirmed = 10;
        m.pending = new long[] {20, 30, 50, 60};
        m.floorSection = "A";
        m.played = true;
        m.armedTimer = 70;
        MachineOfflineRule.Machine online =
                check(m, StateSerializer.of(MachineOfflineRule.Machine.class), m.getClass());
        assertNull(online.offline);
        assertArrayEquals(m.pending, online.pending);

        m.offline = Alert.firing(
                "MACHINE_OFFLINE", Severity.MEDIUM, "machine", "SM-1", "10", 20, null, "silent", "check", "{}");
        MachineOfflineRule.Machine offline =
                check(m, StateSerializer.of(MachineOfflineRule.Machine.class), m.getClass());
        assertEquals(m.offline.alertId, offline.offline.alertId);
        assertEquals(m.offline.summary, offline.offline.summary);
    }

    @Test
    @DisplayName("SAS meter machines (last snapshot, open minute row): round trip, and migrated from the POJO format")
    void meterMachine() throws Exception {
        MachineMeters.Machine m = new MachineMeters.Machine();
        check(m, StateSerializer.of(MachineMeters.Machine.class), m.getClass()); // before the first snapshot
        m.last = new MachineMeters.Snapshot();
        m.last.eventId = "e-1";
        m.last.time = 5;
        m.last.floorSection = "B";
        m.last.meters = new Meters(1, 2, 3, 4, 5, 12);
        m.settledCents = 6;
        m.row = new MachineMeterDelta(60_000, "SM-1", null);
        m.row.coinInCents = 7;
        m.row.snapshots = 8;
        m.row.resets = 9;
        m.settleTimer = 119_999;
        MachineMeters.Machine back = check(m, StateSerializer.of(MachineMeters.Machine.class), m.getClass());
        assertEquals(12, back.last.meters.digits);
        assertEquals(9, back.row.resets);
    }

    @Test
    @DisplayName("SAS meter snapshots waiting in order (map state values, Flink POJOs): round trip")
    void pendingMeterSnapshot() throws Exception {
        MachineMeters.Snapshot s = new MachineMeters.Snapshot();
        s.eventId = "e-2";
        s.time = 9;
        s.floorSection = "C";
        s.meters = new Meters(10, 20, 30, 40, 50, 10);
        MachineMeters.Snapshot back = pojoRoundTrip(s, MachineMeters.Snapshot.class);
        assertEquals("e-2", back.eventId);
        assertEquals(9, back.time);
        assertEquals("C", back.floorSection);
        assertEquals(40, back.meters.billsIn);
        assertEquals(10, back.meters.digits);
    }

    @Test
    @DisplayName("FLOOR_ANOMALY history (a Flink POJO): round trip")
    void floorAnomalyHistory() throws Exception {
        FloorAnomalyRule.History h = new FloorAnomalyRule.History();
        h.ring = new long[] {100, 200, 300};
        h.size = 2;
        h.next = 1;
        h.nextMinute = 120_000;
        FloorAnomalyRule.History back = pojoRoundTrip(h, FloorAnomalyRule.History.class);
        assertArrayEquals(h.ring, back.ring);
        assertEquals(2, back.size);
        assertEquals(1, back.next);
        assertEquals(120_000, back.nextMinute);
    }

    /** Round trip through the serializer Flink gives the class (its PojoSerializer; Kryo is off in the job). */
    private static <T> T pojoRoundTrip(T value, Class<T> type) throws Exception {
        assertSerializedAsPojoWithoutKryo(type);
        TypeSerializer<T> pojo = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        T back = read(pojo, bytes(pojo, value));
        assertArrayEquals(bytes(pojo, value), bytes(pojo, back), "every field survives a round trip");
        return back;
    }

    /**
     * Round trip through {@code serializer} and through a POJO-written copy migrated to it; returns the copy read back.
     */
    private static <T> T check(T value, StateSerializer<T> serializer, Class<?> type) throws Exception {
        byte[] written = bytes(serializer, value);
        T back = read(serializer, written);
        assertArrayEquals(written, bytes(serializer, back), "every field survives a round trip");

        TypeSerializerSnapshot<T> own = serializer.snapshotConfiguration();
        assertTrue(own.resolveSchemaCompatibility(serializer.snapshotConfiguration())
                .isCompatibleAsIs());

        @SuppressWarnings("unchecked")
        TypeSerializer<T> pojo =
                (TypeSerializer<T>) TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot<T> old = pojo.snapshotConfiguration();
        assertTrue(own.resolveSchemaCompatibility(old).isCompatibleAfterMigration(), "POJO state is migrated");
        // what the state backend does on migration: read with the old serializer, write with the new one
        T migrated = read(old.restoreSerializer(), bytes(pojo, value));
        assertArrayEquals(written, bytes(serializer, migrated), "every field survives the migration");
        return back;
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }
}
