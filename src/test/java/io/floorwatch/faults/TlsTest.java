package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.sink.TrustStore;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import io.floorwatch.sink.clickhouse.ClickHouseException;
import io.floorwatch.sink.clickhouse.ClickHouseHttp;
import io.floorwatch.sink.webhook.AlertDelivery;
import io.floorwatch.sink.webhook.BodyFormat;
import io.floorwatch.sink.webhook.DeliverySettings;
import io.floorwatch.sink.webhook.WebhookRoute;
import io.floorwatch.sink.webhook.WebhookWriter;
import io.floorwatch.topology.SinkSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HTTPS to endpoints whose certificate a private CA signed (generated here with the JDK's keytool): with
 * webhook.trust-store / clickhouse.trust-store naming the CA the clients connect, without it they refuse and
 * nothing is delivered. The server is a real HTTPS server (com.sun.net.httpserver).
 */
@Tag("faults")
class TlsTest {
    static final String STORE_PASSWORD = "tls-test-store-pw";
    static Path dir;
    static HttpsServer server;
    static final Queue<String> received = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startHttpsServer() throws Exception {
        dir = Files.createTempDirectory("floorwatch-tls");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=FloorWatch Test CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                "ca.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                STORE_PASSWORD,
                "-file",
                "ca.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                "server.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-certreq",
                "-alias",
                "server",
                "-keystore",
                "server.p12",
                "-storepass",
                STORE_PASSWORD,
                "-file",
                "server.csr");
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                STORE_PASSWORD,
                "-infile",
                "server.csr",
                "-outfile",
                "server.pem",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                "server.p12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importcert",
                "-alias",
                "server",
                "-file",
                "server.pem",
                "-keystore",
                "server.p12",
                "-storepass",
                STORE_PASSWORD);
        // a PKCS#12 trust store with only the CA, for the password-protected variant
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                "trust.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);

        KeyStore keys = KeyStore.getInstance(dir.resolve("server.p12").toFile(), STORE_PASSWORD.toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestURI().getPath() + " " + body);
            byte[] answer = "1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    static String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(
                p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, "keytool " + String.join(" ", args) + ": " + out);
    }

    static Alert jackpot(String machine) {
        Alert a = Alert.firing(
                Rules.JACKPOT,
                Severity.HIGH,
                Rules.MACHINE,
                machine,
                "evt-" + machine,
                Instant.now().toEpochMilli(),
                1_250_000L,
                "Jackpot on " + machine,
                "Dispatch attendant",
                "{}");
        a.detectedAt = Instant.now().toEpochMilli();
        return a;
    }

    static DeliverySettings webhookSettings(Map<String, String> keys) {
        Map<String, String> all = new java.util.HashMap<>(keys);
        all.put("sources.mode", "simulator");
        return SinkSettings.delivery(FloorWatchConfig.of(all))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void webhookDeliveredOverHttpsWithThePrivateCaFromConfig() throws Exception {
        Queue<AlertDelivery> deliveries = new ConcurrentLinkedQueue<>();
        DeliverySettings settings = webhookSettings(
                Map.of("webhook.trust-store", dir.resolve("ca.pem").toString()));
        WebhookRoute route =
                WebhookRoute.of("floor", url("/tls/floor"), false, Severity.LOW, BodyFormat.FLOORWATCH, "s");
        WebhookWriter writer = new WebhookWriter(
                List.of(route),
                settings,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                deliveries::add,
                List.of());
        try {
            writer.write(jackpot("SM-TLS-1"), null);
            writer.flush(true);
        } finally {
            writer.close();
        }
        assertTrue(
                received.stream().anyMatch(r -> r.startsWith("/tls/floor ") && r.contains("SM-TLS-1")),
                "delivered: " + received);
        assertTrue(
                deliveries.stream().anyMatch(d -> d.outcome().equals(AlertDelivery.DELIVERED)), deliveries.toString());
    }

    @Test
    void webhookRefusesTheEndpointWithoutTheTrustStore() throws Exception {
        Queue<AlertDelivery> deliveries = new ConcurrentLinkedQueue<>();
        DeliverySettings settings = webhookSettings(Map.of());
        WebhookRoute route =
                WebhookRoute.of("floor", url("/untrusted/floor"), false, Severity.LOW, BodyFormat.FLOORWATCH, "s");
        WebhookWriter writer = new WebhookWriter(
                List.of(route),
                settings,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                deliveries::add,
                List.of());
        try {
            writer.write(jackpot("SM-TLS-2"), null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (deliveries.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(1, writer.pending(), "still undelivered");
        } finally {
            writer.close();
        }
        assertTrue(deliveries.size() >= 2, "attempts were made and failed: " + deliveries);
        assertTrue(
                deliveries.stream().noneMatch(d -> d.outcome().equals(AlertDelivery.DELIVERED)), deliveries.toString());
        assertFalse(
                received.stream().anyMatch(r -> r.startsWith("/untrusted/")),
                "no request reached the untrusted endpoint");
    }

    @Test
    void clickHouseClientTrustsThePrivateCaFromConfig() throws Exception {
        Map<String, String> keys = Map.of(
                "sources.mode",
                "simulator",
                "clickhouse.url",
                url(""),
                "clickhouse.user",
                "fw",
                "clickhouse.password",
                "ch-secret",
                "clickhouse.trust-store",
                dir.resolve("trust.p12").toString(),
                "clickhouse.trust-store-password",
                STORE_PASSWORD);
        FloorWatchConfig cfg = FloorWatchConfig.of(keys);
        ClickHouseClientSettings settings = SinkSettings.clickHouse(cfg);
        assertEquals(
                "1", new ClickHouseHttp(settings).query("SELECT 1 /* tls */").strip());
        assertTrue(received.stream().anyMatch(r -> r.contains("SELECT 1 /* tls */")));
        // the trust store password is a secret: neither the settings nor the configuration print it
        assertFalse(
                settings.toString().contains(STORE_PASSWORD)
                        || settings.toString().contains("ch-secret"),
                settings.toString());
        assertFalse(
                cfg.toString().contains(STORE_PASSWORD)
                        || cfg.describe().toString().contains(STORE_PASSWORD),
                cfg.toString());

        ClickHouseHttp untrusting = new ClickHouseHttp(settings.withTrustStore(TrustStore.JVM_DEFAULT));
        ClickHouseException e =
                assertThrows(ClickHouseException.class, () -> untrusting.query("SELECT 2 /* untrusted */"));
        assertFalse(e.getMessage().contains("ch-secret"), e.getMessage());
        assertFalse(
                received.stream().anyMatch(r -> r.contains("untrusted")),
                "no query reached the server over an untrusted connection");
    }
}
