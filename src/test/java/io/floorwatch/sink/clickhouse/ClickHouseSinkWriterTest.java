package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.event.Source;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writer against a real ClickHouse, driven directly (processing time under the test's control). */
class ClickHouseSinkWriterTest {
    private static TestDatabase db;
    /** Recent times: the tables have TTLs and the clock says 2026. */
    private static final long MINUTE = System.currentTimeMillis() / 60_000 * 60_000 - 3_600_000;

    private static final String T0 = ClickHouseText.dateTime64(MINUTE + 1_234);

    @BeforeAll
    static void setUp() throws Exception {
        db = new TestDatabase("writer");
    }

    @AfterAll
    static void tearDown() {
        db.drop();
    }

    private static <T> ClickHouseSinkWriter<T> writer(
            ClickHouseClientSettings settings, RowEncoder<T> encoder, TestProcessingTimeService time)
            throws IOException {
        return writer(settings, encoder, time, List.of());
    }

    private static <T> ClickHouseSinkWriter<T> writer(
            ClickHouseClientSettings settings,
            RowEncoder<T> encoder,
            TestProcessingTimeService time,
            List<EncodedBatch> restored)
            throws IOException {
        return new ClickHouseSinkWriter<>(
                settings,
                encoder,
                new ClickHouseHttp(settings),
                time,
                InternalSinkWriterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup()),
                restored);
    }

    @SafeVarargs
    private static <T> ClickHouseSinkWriter<T> writeAll(RowEncoder<T> encoder, T... records) throws Exception {
        ClickHouseSinkWriter<T> w = writer(db.settings, encoder, new TestProcessingTimeService());
        for (T r : records) w.write(r, null);
        w.flush(true);
        w.close();
        return w;
    }

    private static FloorEvent event(Source source, String id) {
        FloorEvent e = new FloorEvent();
        e.source = source;
        e.eventId = id;
        e.eventTime = MINUTE + 1_234;
        e.topic = source.code() + "-topic";
        e.partition = 1;
        e.offset = 42;
        e.ingestTime = MINUTE + 1_500;
        return e;
    }

    @Test
    void floorEventsGoToTheRawTableOfTheirStream() throws Exception {
        FloorEvent slot = event(Source.SLOT, "s-1");
        slot.eventType = "GAME_PLAYED";
        slot.entityId = slot.machineId = "SM-0042";
        slot.wagerCents = 250L;
        slot.payoutCents = 1_250_000L;
        slot.playerId = "P-7";
        slot.denomination = new BigDecimal("0.25");
        slot.hopperLevel = 17.5;
        slot.errorCode = "61";
        slot.floorSection = "B";
        slot.extra = "{\"cabinet\":\"X\"}";
        FloorEvent bare = event(Source.SLOT, "s-2");
        bare.eventType = "HEARTBEAT";
        bare.entityId = bare.machineId = "SM-0043";
        FloorEvent table = event(Source.TABLE, "t-1");
        table.eventType = "BUY_IN";
        table.entityId = table.tableId = "BJ-01";
        table.gameType = "BLACKJACK";
        table.amountCents = 500_000L;
        table.playerId = "P-8";
        table.paymentMethod = "CASH";
        table.dealerId = "D-1";
        FloorEvent security = event(Source.SECURITY, "x-1");
        security.eventType = "ACCESS_GRANTED";
        security.entityId = security.locationId = "DOOR-3";
        security.machineId = "SM-0042";
        security.badgeId = "B-9";
        security.severity = "LOW";
        FloorEvent cage = event(Source.CAGE, "c-1");
        cage.eventType = "CHIP_PURCHASE";
        cage.entityId = cage.playerId = "P-9";
        cage.amountCents = 999_999L;
        cage.direction = "CASH_IN";
        cage.paymentMethod = "CASH";
        cage.cageId = "CAGE-1";
        cage.employeeId = "E-5";

        writeAll(ClickHouseSinks.FLOOR_EVENTS, slot, bare, table, security, cage);

        String ts = T0 + "\t";
        String where = "\tslot-topic\t1\t42\t" + ClickHouseText.dateTime64(MINUTE + 1_500);
        assertEquals(
                String.join(
                        "\n",
                        "s-1\tGAME_PLAYED\t" + ts
                                + "SM-0042\tP-7\t2.50\t12500.00\t\\N\t0.25\t17.5\t61\t\\N\t\\N\tB\t{\"cabinet\":\"X\"}"
                                + where, // error_category, meters: an ERROR's, a METERS' own
                        "s-2\tHEARTBEAT\t" + ts + "SM-0043\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t"
                                + where),
                db.query("SELECT * FROM " + db.table("slot_events_live") + " FINAL ORDER BY event_id"));
        assertEquals(
                "t-1\tBUY_IN\t" + ts + "BJ-01\tBLACKJACK\t5000.00\tP-8\tCASH\tD-1\t\ttable-topic\t1\t42\t"
                        + ClickHouseText.dateTime64(MINUTE + 1_500),
                db.query("SELECT * FROM " + db.table("table_events_live") + " FINAL"));
        assertEquals(
                "x-1\tACCESS_GRANTED\t" + ts + "DOOR-3\tSM-0042\tB-9\tLOW\t\tsecurity-topic\t1\t42\t"
                        + ClickHouseText.dateTime64(MINUTE + 1_500),
                db.query("SELECT * FROM " + db.table("security_events_live") + " FINAL"));
        assertEquals(
                "c-1\tCHIP_PURCHASE\t" + ts + "P-9\t9999.99\tCASH_IN\tCASH\tCAGE-1\tE-5\t\tcage-topic\t1\t42\t"
                        + ClickHouseText.dateTime64(MINUTE + 1_500),
                db.query("SELECT * FROM " + db.table("cage_transactions_live") + " FINAL"));
    }

    @Test
    void aggregateRowsRoundTrip() throws Exception {
        MachineMinute m = new MachineMinute();
        m.windowStart = MINUTE;
        m.machineId = "SM-1";
        m.floorSection = "A";
        m.spins = 12;
        m.coinInCents = 3_000;
        m.coinOutCents = 125_000;
        m.jackpots = 1;
        m.errors = 2;
        m.billsInCents = 10_000;
        m.players = 3;
        m.version = 1;
        writeAll(ClickHouseSinks.MACHINE_MINUTES, m);
        String w = ClickHouseText.dateTime(MINUTE);
        assertEquals(
                w + "\tSM-1\tA\t12\t30.00\t1250.00\t1\t2\t100.00\t3\t1",
                db.query("SELECT * FROM " + db.table("machine_minute") + " FINAL WHERE machine_id = 'SM-1'"));

        FloorMinute f = new FloorMinute();
        f.windowStart = MINUTE;
        f.floorSection = "A";
        f.spins = 40;
        f.coinInCents = 10_001;
        f.coinOutCents = 9_000;
        f.activeMachines = 4;
        f.version = 1;
        writeAll(ClickHouseSinks.FLOOR_MINUTES, f);
        assertEquals(
                w + "\tA\t40\t100.01\t90.00\t4\t1", db.query("SELECT * FROM " + db.table("floor_minute") + " FINAL"));

        TableMinute t = new TableMinute();
        t.windowStart = MINUTE;
        t.tableId = "BJ-01";
        t.gameType = "BLACKJACK";
        t.dropCents = 150_000;
        t.payoutsCents = 20_000;
        t.fillsCents = 1;
        t.creditsCents = 2;
        t.bets = 9;
        t.version = 1;
        writeAll(ClickHouseSinks.TABLE_MINUTES, t);
        assertEquals(
                w + "\tBJ-01\tBLACKJACK\t1500.00\t200.00\t0.01\t0.02\t9\t1",
                db.query("SELECT * FROM " + db.table("table_minute") + " FINAL"));

        PlayerSession s = new PlayerSession();
        s.playerId = "P-1";
        s.sessionStart = MINUTE + 5;
        s.sessionEnd = MINUTE + 1_800_000;
        s.coinInCents = 10_000;
        s.games = 40;
        s.avgBetCents = 250;
        s.theoWinCents = 800;
        s.minutesPlayed = 30;
        writeAll(ClickHouseSinks.PLAYER_SESSIONS, s);
        assertEquals(
                "P-1\t" + ClickHouseText.dateTime64(MINUTE + 5) + "\t"
                        + ClickHouseText.dateTime64(MINUTE + 1_800_000) + "\t100.00\t40\t2.50\t8.00\t30\t"
                        + (MINUTE + 1_800_000),
                db.query("SELECT * FROM " + db.table("player_sessions") + " FINAL"));

        writeAll(
                ClickHouseSinks.MACHINE_LOCATIONS,
                new MachineLocation("SM-1", "A", 3, 4, 25),
                new MachineLocation("SM-1", "B", 5, 6, 25));
        assertEquals(
                "SM-1\tB\t5\t6",
                db.query("SELECT * FROM " + db.table("machine_locations") + " FINAL WHERE machine_id = 'SM-1'"));
    }

    @Test
    void alertsAndRejectedEventsRoundTrip() throws Exception {
        Alert firing = Alert.firing(
                "JACKPOT",
                Severity.HIGH,
                "machine",
                "SM-0042",
                "s-1",
                MINUTE + 3_120,
                1_250_000L,
                "Jackpot $12,500.00 on SM-0042 (section B)",
                "Dispatch attendant",
                "{\"section\":\"B\"}");
        firing.detectedAt = MINUTE + 3_180;
        Alert resolved = firing.resolvedAt(MINUTE + 60_000, "Cleared", null);
        resolved.detectedAt = MINUTE + 60_001;
        Alert noMoney = Alert.firing(
                "SECURITY_ALARM",
                Severity.CRITICAL,
                "location",
                "DOOR-3",
                "x-1",
                MINUTE,
                null,
                "Alarm at DOOR-3",
                "Send security",
                null);
        noMoney.detectedAt = MINUTE;
        writeAll(ClickHouseSinks.ALERTS, firing, resolved, noMoney, firing); // a replayed firing counts once
        assertEquals(
                String.join(
                        "\n",
                        firing.alertId + "\tJACKPOT\tHIGH\tfiring\tmachine\tSM-0042\t"
                                + ClickHouseText.dateTime64(MINUTE + 3_120) + "\t"
                                + ClickHouseText.dateTime64(MINUTE + 3_180)
                                + "\t12500.00\tJackpot $12,500.00 on SM-0042 (section B)\tDispatch attendant\t{\"section\":\"B\"}",
                        firing.alertId + "\tJACKPOT\tHIGH\tresolved\tmachine\tSM-0042\t"
                                + ClickHouseText.dateTime64(MINUTE + 60_000) + "\t"
                                + ClickHouseText.dateTime64(MINUTE + 60_001)
                                + "\t12500.00\tCleared\tNone: condition cleared\t{}"),
                db.query("SELECT * FROM " + db.table("alerts") + " FINAL WHERE rule = 'JACKPOT' ORDER BY status"));
        assertEquals(
                "\\N\t{}",
                db.query("SELECT amount, details FROM " + db.table("alerts") + " FINAL WHERE rule = 'SECURITY_ALARM'"));

        String big = "x".repeat(70_000);
        RejectedEvent r = new RejectedEvent(
                MINUTE + 10,
                Source.SLOT,
                "slot-telemetry",
                0,
                7,
                "INVALID_JSON",
                "Unexpected end-of-input",
                "{\"event_id\":\t\"a\"\n");
        RejectedEvent huge = new RejectedEvent(
                MINUTE + 11, Source.CAGE, "cage-transactions", 2, 8, "PAYLOAD_TOO_LARGE", "too big", big);
        writeAll(ClickHouseSinks.REJECTED_EVENTS, r, huge, r);
        assertEquals(
                ClickHouseText.dateTime64(MINUTE + 10)
                        + "\tslot\tslot-telemetry\t0\t7\tINVALID_JSON\tUnexpected end-of-input\t"
                        + "{\"event_id\":\\t\"a\"\\n",
                db.query("SELECT * FROM " + db.table("rejected_events") + " FINAL WHERE `offset` = 7"));
        assertEquals(
                "cage\t65536",
                db.query("SELECT source, length(payload) FROM " + db.table("rejected_events")
                        + " FINAL WHERE `offset` = 8"));
        assertEquals(2, db.count("SELECT count() FROM " + db.table("rejected_events") + " FINAL"));
    }

    @Test
    void moneyIsExact() throws Exception {
        TestProcessingTimeService time = new TestProcessingTimeService();
        ClickHouseSinkWriter<FloorEvent> w =
                writer(db.settings.withBatching(300, 1 << 20, Duration.ofHours(1)), ClickHouseSinks.FLOOR_EVENTS, time);
        for (int i = 0; i < 2000; i++) {
            FloorEvent e = event(Source.CAGE, "money-" + i);
            e.eventType = "CHIP_PURCHASE";
            e.entityId = e.playerId = "P-MONEY";
            e.amountCents = i % 2 == 0 ? 10L : 20L;
            e.direction = "CASH_IN";
            e.paymentMethod = "CASH";
            w.write(e, null);
        }
        w.flush(true);
        assertEquals(
                "300.00\t2000",
                db.query("SELECT sum(amount), count() FROM " + db.table("cage_transactions_live")
                        + " FINAL WHERE player_id = 'P-MONEY'"));
        assertEquals(7, w.batchesWritten.getCount()); // 6 full batches of 300, then the rest on flush
    }

    @Test
    void aResentIdenticalBatchIsDroppedByTheServer() throws Exception {
        MachineLocation[] rows = {
            new MachineLocation("DEDUP-1", "A", 1, 1, 0), new MachineLocation("DEDUP-2", "A", 2, 2, 0)
        };
        writeAll(ClickHouseSinks.MACHINE_LOCATIONS, rows);
        writeAll(ClickHouseSinks.MACHINE_LOCATIONS, rows); // same rows, same batch: a retry after a lost answer
        // Without FINAL: the second insert never reached the table.
        assertEquals(
                2,
                db.count("SELECT count() FROM " + db.table("machine_locations") + " WHERE machine_id LIKE 'DEDUP-%'"));

        writeAll(ClickHouseSinks.MACHINE_LOCATIONS, rows[0]); // a different batch is written, FINAL collapses it
        assertEquals(
                3,
                db.count("SELECT count() FROM " + db.table("machine_locations") + " WHERE machine_id LIKE 'DEDUP-%'"));
        assertEquals(
                2,
                db.count("SELECT count() FROM " + db.table("machine_locations")
                        + " FINAL WHERE machine_id LIKE 'DEDUP-%'"));
    }

    @Test
    void aLaterVersionOfAWindowReplacesTheEarlierWhateverTheOrder() throws Exception {
        MachineMinute v1 = new MachineMinute();
        v1.windowStart = MINUTE - 60_000;
        v1.machineId = "SM-VERSION";
        v1.floorSection = "C";
        v1.spins = 5;
        v1.coinInCents = 500;
        v1.version = 1;
        MachineMinute v2 = new MachineMinute();
        v2.windowStart = v1.windowStart;
        v2.machineId = v1.machineId;
        v2.floorSection = "C";
        v2.spins = 6;
        v2.coinInCents = 650;
        v2.version = 2;
        writeAll(ClickHouseSinks.MACHINE_MINUTES, v1);
        writeAll(ClickHouseSinks.MACHINE_MINUTES, v2);
        writeAll(ClickHouseSinks.MACHINE_MINUTES, v1); // a replay of the first firing arrives last
        assertEquals(
                "6\t6.50\t2",
                db.query("SELECT spins, coin_in, version FROM " + db.table("machine_minute")
                        + " FINAL WHERE machine_id = 'SM-VERSION'"));
        db.server.execute("OPTIMIZE TABLE " + db.table("machine_minute") + " FINAL");
        assertEquals(
                "6\t6.50\t2",
                db.query("SELECT spins, coin_in, version FROM " + db.table("machine_minute")
                        + " WHERE machine_id = 'SM-VERSION'"));
    }

    @Test
    void batchesGoOutByRowsBytesAndAge() throws Exception {
        TestProcessingTimeService time = new TestProcessingTimeService();
        time.setCurrentTime(1_000);
        ClickHouseSinkWriter<MachineLocation> w = writer(
                db.settings.withBatching(3, 1 << 20, Duration.ofSeconds(5)), ClickHouseSinks.MACHINE_LOCATIONS, time);
        String count = "SELECT count() FROM " + db.table("machine_locations") + " WHERE machine_id LIKE 'BATCH-%'";
        w.write(new MachineLocation("BATCH-1", "A", 0, 0, 0), null);
        w.write(new MachineLocation("BATCH-2", "A", 0, 0, 0), null);
        assertEquals(0, db.count(count));
        w.write(new MachineLocation("BATCH-3", "A", 0, 0, 0), null); // third row: batch-rows reached
        w.awaitSent(); // the insert runs on the writer's sender thread
        assertEquals(3, db.count(count));

        w.write(new MachineLocation("BATCH-4", "A", 0, 0, 0), null);
        time.setCurrentTime(5_999);
        w.awaitSent();
        assertEquals(4 - 1, db.count(count));
        time.setCurrentTime(6_000); // flush-interval after the first buffered row
        w.awaitSent();
        assertEquals(4, db.count(count));
        w.close();

        ClickHouseSinkWriter<MachineLocation> small = writer(
                db.settings.withBatching(1000, 30, Duration.ofHours(1)), // a row is 18 bytes of RowBinary
                ClickHouseSinks.MACHINE_LOCATIONS,
                new TestProcessingTimeService());
        small.write(new MachineLocation("BATCH-5", "A", 0, 0, 0), null);
        small.awaitSent();
        assertEquals(4, db.count(count));
        small.write(new MachineLocation("BATCH-6", "A", 0, 0, 0), null); // over 30 bytes now
        small.awaitSent();
        assertEquals(6, db.count(count));
        small.close();
    }

    /**
     * The writer shares its task with the per-entity rules: an insert on its way must hold up neither the next rows nor
     * a checkpoint. A proxy in front of the real server holds the inserts until released; meanwhile the writer takes
     * more rows and a checkpoint, whose state, restored into a second writer, stores every row; the held inserts then
     * arrive as repeats and are dropped.
     */
    @Test
    void anInsertOnItsWayHoldsUpNeitherTheWriterNorACheckpoint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        HttpClient client = HttpClient.newHttpClient();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.setExecutor(Executors.newCachedThreadPool());
        proxy.createContext("/", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                arrived.countDown();
                release.await();
                HttpRequest.Builder forward = HttpRequest.newBuilder(
                                URI.create(db.settings.url() + exchange.getRequestURI()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                for (String h : new String[] {"X-ClickHouse-User", "X-ClickHouse-Key", "Content-Type"}) {
                    String v = exchange.getRequestHeaders().getFirst(h);
                    if (v != null) forward.header(h, v);
                }
                HttpResponse<byte[]> r = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                exchange.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        proxy.start();
        try {
            ClickHouseClientSettings settings = db.settings
                    .withConnection(
                            "http://127.0.0.1:" + proxy.getAddress().getPort(),
                            db.name,
                            db.settings.connection().user(),
                            db.settings.connection().password())
                    .withBatching(2, 1 << 20, Duration.ofHours(1));
            ClickHouseSinkWriter<MachineLocation> w =
                    writer(settings, ClickHouseSinks.MACHINE_LOCATIONS, new TestProcessingTimeService());
            String count = "SELECT count() FROM " + db.table("machine_locations") + " WHERE machine_id LIKE 'HELD-%'";
            List<EncodedBatch> checkpoint = assertTimeoutPreemptively(
                    Duration.ofSeconds(30),
                    () -> {
                        w.write(new MachineLocation("HELD-1", "A", 0, 0, 0), null);
                        w.write(new MachineLocation("HELD-2", "A", 0, 0, 0), null); // a full batch: to the sender
                        assertTrue(arrived.await(30, TimeUnit.SECONDS), "the insert reached the proxy");
                        w.write(new MachineLocation("HELD-3", "A", 0, 0, 0), null); // while the insert is held
                        w.write(new MachineLocation("HELD-4", "A", 0, 0, 0), null);
                        w.write(new MachineLocation("HELD-5", "A", 0, 0, 0), null); // an open batch
                        w.flush(false); // a checkpoint's barrier, then its state
                        return w.snapshotState(1);
                    },
                    "the writer or its checkpoint waited for the insert on its way");
            assertEquals(0, db.count(count), "nothing stored while the proxy holds the insert");
            assertEquals(
                    List.of(2, 2, 1),
                    checkpoint.stream().map(EncodedBatch::rows).toList());

            // A restore from that checkpoint (through the state's serializer), straight to the server.
            EncodedBatch.Serializer serializer = new EncodedBatch.Serializer();
            List<EncodedBatch> restored = new ArrayList<>();
            for (EncodedBatch b : checkpoint)
                restored.add(serializer.deserialize(serializer.getVersion(), serializer.serialize(b)));
            ClickHouseSinkWriter<MachineLocation> again =
                    writer(db.settings, ClickHouseSinks.MACHINE_LOCATIONS, new TestProcessingTimeService(), restored);
            again.flush(true);
            again.close();
            assertEquals(5, db.count(count), "the restored writer stored every row of the checkpoint");

            release.countDown();
            w.flush(true); // the held inserts go through now: the same batches, dropped by their tokens
            assertEquals(3, w.batchesWritten.getCount());
            assertEquals(5, db.count(count), "without FINAL: the repeats never reached the table");
            w.close();
        } finally {
            release.countDown();
            proxy.stop(0);
        }
    }

    @Test
    void anUnreachableServerIsRetriedThenTheWriterFails() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ClickHouseClientSettings settings = db.settings
                .withConnection("http://127.0.0.1:" + closedPort, db.name, "default", "secret-password")
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(2));
        ClickHouseSinkWriter<MachineLocation> w =
                writer(settings, ClickHouseSinks.MACHINE_LOCATIONS, new TestProcessingTimeService());
        w.write(new MachineLocation("X", "A", 0, 0, 0), null);
        IOException e = assertThrows(IOException.class, () -> w.flush(true));
        assertTrue(e.getMessage().contains("after 4 attempt(s)"), e.getMessage());
        assertEquals(3, w.insertRetries.getCount());
        assertEquals(1, w.insertFailures.getCount());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertTrue(
                    !String.valueOf(t.getMessage()).contains("secret-password"), "password leaked: " + t.getMessage());
        }
        assertTrue(!settings.toString().contains("secret-password"));
    }

    @Test
    void aRefusedInsertIsNotRetried() throws Exception {
        RowEncoder<MachineLocation> wrongTable = new RowEncoder<>() {
            @Override
            public String table(MachineLocation l) {
                return "no_such_table";
            }

            @Override
            public java.util.List<String> columns(String table) {
                return ClickHouseSinks.MACHINE_LOCATIONS.columns(Tables.MACHINE_LOCATIONS);
            }

            @Override
            public void encode(MachineLocation l, RowBinaryOutput out) {
                ClickHouseSinks.MACHINE_LOCATIONS.encode(l, out);
            }
        };
        ClickHouseSinkWriter<MachineLocation> w = writer(db.settings, wrongTable, new TestProcessingTimeService());
        w.write(new MachineLocation("X", "A", 0, 0, 0), null);
        IOException e = assertThrows(IOException.class, () -> w.flush(true));
        assertTrue(e.getCause() instanceof ClickHouseException ce && !ce.retryable(), String.valueOf(e.getCause()));
        assertEquals(0, w.insertRetries.getCount());
    }

    @Test
    void aRecordThatCannotBeEncodedGoesToRejectedEventsAndTheBatchGoesOn() throws Exception {
        // an encoder that fails half-way through a row (after writing part of it) for one record
        RowEncoder<MachineLocation> fragile = new RowEncoder<>() {
            @Override
            public String table(MachineLocation l) {
                return ClickHouseSinks.MACHINE_LOCATIONS.table(l);
            }

            @Override
            public java.util.List<String> columns(String table) {
                return ClickHouseSinks.MACHINE_LOCATIONS.columns(table);
            }

            @Override
            public void encode(MachineLocation l, RowBinaryOutput out) {
                if (l.machineId().equals("ODD")) {
                    out.string("ODD");
                    throw new ArithmeticException("cannot encode " + l.machineId());
                }
                ClickHouseSinks.MACHINE_LOCATIONS.encode(l, out);
            }
        };
        TestDatabase db = new TestDatabase("writer_odd"); // its own rejected_events: other tests count theirs
        ClickHouseSinkWriter<MachineLocation> w = writer(db.settings, fragile, new TestProcessingTimeService());
        for (String id : new String[] {"ENC-1", "ODD", "ENC-2"}) w.write(new MachineLocation(id, "A", 1, 1, 25), null);
        w.flush(true);
        w.close();
        assertEquals(1, w.rowsRejected.getCount());
        assertEquals(
                "ENC-1\nENC-2",
                db.query("SELECT machine_id FROM " + db.table("machine_locations")
                        + " FINAL WHERE machine_id IN ('ENC-1', 'ENC-2', 'ODD') ORDER BY machine_id"),
                "the rows around it are written whole");
        String row = db.query(
                "SELECT topic, reason, position(message, 'cannot encode ODD') > 0, position(payload, 'ODD') > 0 FROM "
                        + db.table("rejected_events") + " FINAL WHERE reason = 'UNENCODABLE'");
        assertEquals("machine_locations\tUNENCODABLE\t1\t1", row);
        db.drop();
    }

    @Test
    void anUnencodableFloorEventKeepsItsKafkaPositionInRejectedEvents() throws Exception {
        TestDatabase db =
                new TestDatabase("writer_enc"); // its own raw tables: other tests read all of slot_events_live
        FloorEvent broken = event(Source.SLOT, "enc-broken");
        broken.eventType = "GAME_PLAYED";
        broken.entityId = broken.machineId = "SM-7";
        broken.offset = 4242;
        // a denomination that only a parser bug could let through: RowBinary cannot hold it in Decimal(18, 2)
        broken.denomination = new BigDecimal("1e30");
        FloorEvent fine = event(Source.SLOT, "enc-fine");
        fine.eventType = "GAME_PLAYED";
        fine.entityId = fine.machineId = "SM-7";
        ClickHouseSinkWriter<FloorEvent> w =
                writer(db.settings, ClickHouseSinks.FLOOR_EVENTS, new TestProcessingTimeService());
        w.write(broken, null);
        w.write(fine, null);
        w.flush(true);
        w.close();
        assertEquals(1, w.rowsRejected.getCount());
        assertEquals(
                "enc-fine",
                db.query(
                        "SELECT event_id FROM " + db.table("slot_events_live") + " FINAL WHERE event_id LIKE 'enc-%'"));
        assertEquals(
                "slot\tslot-topic\t1\tUNENCODABLE",
                db.query("SELECT source, topic, `partition`, reason FROM " + db.table("rejected_events")
                        + " FINAL WHERE `offset` = 4242"));
        db.drop();
    }

    @Test
    void theTokenDependsOnTableAndContentOnly() {
        byte[] a = "{\"x\":1}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                RowBatch.deduplicationToken("t", a, a.length), RowBatch.deduplicationToken("t", a.clone(), a.length));
        assertTrue(
                !RowBatch.deduplicationToken("t", a, a.length).equals(RowBatch.deduplicationToken("u", a, a.length)));
    }
}
