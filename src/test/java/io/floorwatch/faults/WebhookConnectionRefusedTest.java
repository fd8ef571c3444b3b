package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.floorwatch.alert.Severity;
import io.floorwatch.sink.webhook.AlertDelivery;
import io.floorwatch.sink.webhook.BodyFormat;
import io.floorwatch.sink.webhook.WebhookRoute;
import io.floorwatch.sink.webhook.WebhookWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The other way a webhook endpoint is down: nothing listens (connection refused). The writer keeps retrying; once a
 * server listens on that port again, each alert arrives exactly once. (The 503 case runs on the whole job in
 * LocalFaultsTest.)
 */
@Tag("faults")
class WebhookConnectionRefusedTest {
    @Test
    void alertsArriveOnceWhenTheEndpointListensAgain() throws Exception {
        int port = FaultFixture.freePort();
        Queue<AlertDelivery> deliveries = new ConcurrentLinkedQueue<>();
        Queue<String> keys = new ConcurrentLinkedQueue<>();
        WebhookRoute route = WebhookRoute.of(
                "floor", "http://127.0.0.1:" + port + "/floor", false, Severity.LOW, BodyFormat.FLOORWATCH, "s");
        WebhookWriter writer = new WebhookWriter(
                List.of(route),
                TlsTest.webhookSettings(Map.of()),
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                deliveries::add,
                List.of());
        HttpServer server = null;
        try {
            writer.write(TlsTest.jackpot("SM-REFUSED-1"), null);
            writer.write(TlsTest.jackpot("SM-REFUSED-2"), null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (deliveries.size() < 4 && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(
                    deliveries.size() >= 4
                            && deliveries.stream().allMatch(d -> d.outcome().equals(AlertDelivery.RETRY)),
                    "refused connections are retried: " + deliveries);

            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            writer.flush(true);
        } finally {
            writer.close();
            if (server != null) server.stop(0);
        }
        assertEquals(2, keys.size(), "each alert once: " + keys);
        assertEquals(2, keys.stream().distinct().count(), keys.toString());
        assertEquals(0, writer.pending());
    }
}
