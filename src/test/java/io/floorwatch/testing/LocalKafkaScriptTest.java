package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/lib/kafka.sh, the broker of the demo stack and the benchmark: a real Kafka process starts,
 * creates topics, takes a message from the console producer that a plain KafkaConsumer reads back,
 * and stops by PID.
 */
@Tag("cluster")
class LocalKafkaScriptTest {
    private static final Path SCRIPT = FlinkStandaloneCluster.projectRoot().resolve("jobs/lib/kafka.sh");

    @Test
    void brokerStartsTakesAMessageAndStops(@TempDir Path dir) throws Exception {
        int port = freePortPair();
        String bootstrap = "127.0.0.1:" + port;
        long pid = Long.parseLong(run(List.of("start", dir.resolve("kafka").toString(), String.valueOf(port)), null)
                .trim());
        try {
            run(List.of("topics", bootstrap, "--partitions", "3", "slot-telemetry"), null);
            String event = "{\"event_id\":\"e-1\",\"event_type\":\"HEARTBEAT\",\"machine_id\":\"SM-0001\"}";
            run(List.of("produce", bootstrap, "slot-telemetry"), event + "\n");

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ConsumerConfig.GROUP_ID_CONFIG, "local-kafka-script-test",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("slot-telemetry"));
                assertEquals(3, consumer.partitionsFor("slot-telemetry").size());
                List<String> received = new ArrayList<>();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500)))
                        received.add(r.value());
                }
                assertEquals(List.of(event), received);
            }
        } finally {
            run(List.of("stop", String.valueOf(pid)), null);
        }
        assertTrue(
                ProcessHandle.of(pid).map(p -> !p.isAlive() || isZombie(pid)).orElse(true),
                "broker still runs after stop");
    }

    private static String run(List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(args);
        Path err = Files.createTempFile("kafka-sh", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "kafka.sh " + args + " did not finish");
            assertEquals(0, p.exitValue(), "kafka.sh " + args + ": " + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static boolean isZombie(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/status")).contains("State:\tZ");
        } catch (IOException gone) {
            return true;
        }
    }

    /** A free port whose successor (the controller listener) is free too. */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports");
    }
}
