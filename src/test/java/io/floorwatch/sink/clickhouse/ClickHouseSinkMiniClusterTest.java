package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink in a real Flink job (MiniCluster) against a real ClickHouse. */
class ClickHouseSinkMiniClusterTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static TestDatabase db;
    /** Recent event times: the raw tables drop rows older than their TTL. */
    private static final long NOW = System.currentTimeMillis();

    @BeforeAll
    static void setUp() throws Exception {
        db = new TestDatabase("flink");
    }

    @AfterAll
    static void tearDown() {
        db.drop();
    }

    /** Slot events "<prefix>-<n>" spread over two hours before now. */
    static FloorEvent slotEvent(String prefix, long n) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SLOT;
        e.eventId = prefix + "-" + n;
        e.eventType = "GAME_PLAYED";
        e.eventTime = NOW - 7_200_000 + n * 1_000;
        e.entityId = e.machineId = "SM-" + (n % 50);
        e.wagerCents = 125L;
        e.topic = "slot-telemetry";
        e.offset = n;
        e.ingestTime = e.eventTime + 5;
        return e;
    }

    private long count(String prefix, boolean fin) {
        return db.count("SELECT count() FROM " + db.table(Tables.SLOT_EVENTS) + (fin ? " FINAL" : "")
                + " WHERE startsWith(event_id, '" + prefix + "-')");
    }

    @Test
    void aBoundedJobLeavesExactlyItsRows() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // Neither size nor age sends a batch here: only the flush at the end of input.
        ClickHouseClientSettings settings = db.settings.withBatching(1_000_000, 64 << 20, Duration.ofHours(1));
        env.fromSequence(1, 5_000)
                .map((MapFunction<Long, FloorEvent>) n -> slotEvent("bounded", n))
                .returns(FloorEvent.class)
                .sinkTo(new ClickHouseSink<>(settings, ClickHouseSinks.FLOOR_EVENTS))
                .name("clickhouse")
                .uid("clickhouse");
        env.execute("bounded");
        assertEquals(5_000, count("bounded", false));
        assertEquals(5_000, count("bounded", true));
        assertEquals(
                "6250.00",
                db.query("SELECT sum(wager_amount) FROM " + db.table(Tables.SLOT_EVENTS)
                        + " FINAL WHERE startsWith(event_id, 'bounded-')"));
    }

    @Test
    void everyCheckpointFlushesTheBuffer() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        ClickHouseClientSettings settings = db.settings.withBatching(1_000_000, 64 << 20, Duration.ofHours(1));
        // Unbounded, 50 events per checkpoint: rows can only reach ClickHouse through checkpoint flushes.
        DataGeneratorSource<FloorEvent> source = new DataGeneratorSource<>(
                n -> slotEvent("checkpoint", n),
                Long.MAX_VALUE,
                RateLimiterStrategy.perCheckpoint(50),
                TypeInformation.of(FloorEvent.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
                .uid("generator")
                .sinkTo(new ClickHouseSink<>(settings, ClickHouseSinks.FLOOR_EVENTS))
                .name("clickhouse")
                .uid("clickhouse");
        JobClient job = env.executeAsync("checkpoint flush");
        try {
            awaitAtLeast(() -> count("checkpoint", false), 150, Duration.ofSeconds(60));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        long written = count("checkpoint", false);
        assertEquals(0, written % 50, "whole checkpoints only: " + written);
        assertEquals(written, count("checkpoint", true));
    }

    @Test
    void aClickHouseOutageLosesNothing() throws Exception {
        if (!db.server.isManaged()) {
            throw new IllegalStateException("this test restarts ClickHouse: run it against the fixture's own server");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ClickHouseClientSettings settings = db.settings
                .withBatching(50, 1 << 20, Duration.ofMillis(200))
                .withRetries(40, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
        int n = 1_000;
        env.fromSequence(1, n)
                .map((MapFunction<Long, FloorEvent>) i -> {
                    Thread.sleep(10); // ~10 s of input, so the outage falls in the middle
                    return slotEvent("outage", i);
                })
                .returns(FloorEvent.class)
                .sinkTo(new ClickHouseSink<>(settings, ClickHouseSinks.FLOOR_EVENTS))
                .name("clickhouse")
                .uid("clickhouse");
        JobClient job = env.executeAsync("outage");
        awaitAtLeast(() -> count("outage", false), 100, Duration.ofSeconds(60));
        long beforeOutage = count("outage", false);
        db.server.stop();
        try {
            Thread.sleep(5_000);
        } finally {
            db.server.start();
        }
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS); // no checkpointing, no restarts: the writer rode it out
        assertTrue(beforeOutage < n, "the outage came too late to matter: " + beforeOutage);
        assertEquals(n, count("outage", true));
        assertEquals(n, count("outage", false)); // a batch retried after a lost answer was dropped by its token
    }

    private static void awaitAtLeast(LongSupplier value, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long v = value.getAsLong();
        while (v < atLeast) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("still " + v + " < " + atLeast + " after " + timeout);
            Thread.sleep(100);
            v = value.getAsLong();
        }
    }
}
