package io.floorwatch.sink.clickhouse;

import io.floorwatch.testing.ClickHouseServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database with the FloorWatch schema on the shared test server, one per test class or test. */
final class TestDatabase {
    private static final AtomicInteger SEQ = new AtomicInteger();

    final ClickHouseServer server = ClickHouseServer.shared();
    final String name;
    final ClickHouseClientSettings settings;

    TestDatabase(String prefix) throws Exception {
        this.name = "fw_" + prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        this.settings = ClickHouseClientSettings.of(server.httpUrl(), name, server.user(), server.password())
                .withRetries(5, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));
        server.execute("DROP DATABASE IF EXISTS " + name);
        SchemaInstaller.apply(settings);
    }

    String table(String table) {
        return name + "." + table;
    }

    long count(String sql) {
        return server.count(sql);
    }

    String query(String sql) {
        return server.query(sql);
    }

    void drop() {
        server.execute("DROP DATABASE IF EXISTS " + name);
    }
}
