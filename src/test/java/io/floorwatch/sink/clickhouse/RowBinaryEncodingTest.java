package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw events go out as RowBinary; the JSON encoding is the reference they must match, row for row. */
class RowBinaryEncodingTest {
    private static TestDatabase binary;
    private static TestDatabase json;

    @BeforeAll
    static void setUp() throws Exception {
        binary = new TestDatabase("rowbinary");
        json = new TestDatabase("jsonrows");
    }

    @AfterAll
    static void tearDown() {
        binary.drop();
        json.drop();
    }

    /** The same encoder seen as JSON-only, so the writer sends JSONEachRow. */
    private static final RowEncoder<FloorEvent> JSON_ONLY = new RowEncoder<>() {
        @Override
        public String table(FloorEvent e) {
            return ClickHouseSinks.FLOOR_EVENTS.table(e);
        }

        @Override
        public void encode(FloorEvent e, JsonGenerator g) throws IOException {
            ClickHouseSinks.FLOOR_EVENTS.encode(e, g);
        }
    };

    @Test
    void rowBinaryAndJsonGiveTheSameRows() throws Exception {
        assertTrue(ClickHouseSinks.FLOOR_EVENTS instanceof RowBinaryEncoder);
        List<FloorEvent> events = events(2_000);
        write(binary, ClickHouseSinks.FLOOR_EVENTS, events);
        write(json, JSON_ONLY, events);
        for (String table :
                List.of(Tables.SLOT_EVENTS, Tables.TABLE_EVENTS, Tables.SECURITY_EVENTS, Tables.CAGE_TRANSACTIONS)) {
            String select = "SELECT * FROM %s FINAL ORDER BY event_id";
            String fromJson = json.query(select.formatted(json.table(table)));
            assertEquals(fromJson, binary.query(select.formatted(binary.table(table))), table);
            assertEquals(
                    events.stream()
                            .filter(e -> Tables.rawTable(e.source).equals(table))
                            .count(),
                    fromJson.lines().count(),
                    table);
        }
    }

    private static void write(TestDatabase db, RowEncoder<FloorEvent> encoder, List<FloorEvent> events)
            throws Exception {
        ClickHouseSinkWriter<FloorEvent> w = new ClickHouseSinkWriter<>(
                db.settings,
                encoder,
                new ClickHouseHttp(db.settings),
                new TestProcessingTimeService(),
                InternalSinkWriterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup()));
        for (FloorEvent e : events) w.write(e, null);
        w.flush(true);
        w.close();
    }

    /** Every stream, every optional field sometimes null, odd strings, big numbers. */
    private static List<FloorEvent> events(int n) {
        SplittableRandom r = new SplittableRandom(11);
        long now = System.currentTimeMillis();
        String[] odd = {"", "plain", "tab\there", "line\nbreak", "quote\"'\\", "ünïcødé €", "😀 emoji", "x".repeat(300)
        };
        List<FloorEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FloorEvent e = new FloorEvent();
            e.source = Source.values()[i % 4];
            e.eventId = "ev-" + i;
            e.eventType = "TYPE_" + r.nextInt(5);
            e.eventTime = now - r.nextLong(86_400_000L);
            e.entityId = "E-" + r.nextInt(100);
            e.topic = "topic-" + e.source.code();
            e.partition = r.nextInt(3);
            e.offset = r.nextLong(Long.MAX_VALUE / 2);
            e.ingestTime = e.eventTime + r.nextInt(1000);
            e.extra = r.nextBoolean() ? null : "{\"k\":\"" + i + "\"}";
            String s = odd[r.nextInt(odd.length)];
            switch (e.source) {
                case SLOT -> {
                    e.machineId = r.nextBoolean() ? e.entityId : null;
                    e.playerId = r.nextBoolean() ? "P-" + i : null;
                    e.wagerCents = r.nextBoolean() ? r.nextLong(1_000_000_000L) : null;
                    e.payoutCents = r.nextBoolean() ? r.nextLong(1_000_000_000L) : null;
                    e.amountCents = r.nextBoolean() ? 0L : null;
                    e.denomination = r.nextBoolean()
                            ? null
                            : new BigDecimal(new String[] {"0.01", "0.25", "1", "100", "0.005"}[r.nextInt(5)]);
                    e.hopperLevel = r.nextBoolean() ? null : r.nextDouble() * 100;
                    e.errorCode = r.nextBoolean() ? null : s;
                    e.floorSection = r.nextBoolean() ? null : "S" + r.nextInt(6);
                }
                case TABLE -> {
                    e.tableId = e.entityId;
                    e.gameType = r.nextBoolean() ? null : "BLACKJACK";
                    e.amountCents = r.nextBoolean() ? null : r.nextLong(100_000_000L);
                    e.playerId = r.nextBoolean() ? null : s;
                    e.paymentMethod = r.nextBoolean() ? null : "CASH";
                    e.dealerId = r.nextBoolean() ? null : "D-" + i;
                }
                case SECURITY -> {
                    e.locationId = e.entityId;
                    e.machineId = r.nextBoolean() ? null : "SM-" + i;
                    e.badgeId = r.nextBoolean() ? null : s;
                    e.severity = r.nextBoolean() ? null : "HIGH";
                }
                case CAGE -> {
                    e.playerId = e.entityId;
                    e.amountCents = r.nextLong(1_000_000_000L);
                    e.direction = r.nextBoolean() ? "CASH_IN" : "CASH_OUT";
                    e.paymentMethod = "CASH";
                    e.cageId = r.nextBoolean() ? null : s;
                    e.employeeId = r.nextBoolean() ? null : "E-" + i;
                }
            }
            out.add(e);
        }
        return out;
    }
}
