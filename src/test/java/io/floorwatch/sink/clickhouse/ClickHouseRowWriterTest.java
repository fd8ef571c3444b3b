package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.floor.MachineLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClickHouseRowWriterTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() throws Exception {
        db = new TestDatabase("rowwriter");
    }

    @AfterAll
    static void tearDown() {
        db.drop();
    }

    @Test
    void rowsFromManyThreadsAreAllWritten() throws Exception {
        ClickHouseRowWriter<MachineLocation> writer = new ClickHouseRowWriter<>(
                db.settings.withBatching(700, 1 << 20, Duration.ofMillis(100)),
                ClickHouseSinks.MACHINE_LOCATIONS,
                "test");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 2_500; i++)
                    writer.add(new MachineLocation("T" + thread + "-" + i, "A", i, thread, 0));
            });
            th.start();
            threads.add(th);
        }
        for (Thread t : threads) t.join();
        writer.flush();
        assertEquals(
                10_000,
                db.count("SELECT count() FROM " + db.table(Tables.MACHINE_LOCATIONS) + " WHERE machine_id LIKE 'T%'"));
        writer.add(new MachineLocation("LAST", "B", 0, 0, 0));
        writer.close(); // sends the rest
        assertEquals(10_001, writer.rowsWritten());
        assertEquals(0, writer.rowsDropped());
        assertEquals(
                1,
                db.count("SELECT count() FROM " + db.table(Tables.MACHINE_LOCATIONS) + " WHERE machine_id = 'LAST'"));
        writer.add(new MachineLocation("AFTER-CLOSE", "B", 0, 0, 0));
        assertEquals(1, writer.rowsDropped());
    }
}
