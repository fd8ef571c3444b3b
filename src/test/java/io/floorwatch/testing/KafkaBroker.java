package io.floorwatch.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real Kafka broker (KRaft, combined broker + controller) in the test JVM, shared by every test class
 * of a run and stopped by a shutdown hook. Each test uses its own topics.
 */
public final class KafkaBroker {
    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;

    private KafkaBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            List<Runnable> kafkaExitHooks = guardTheTestJvm();
            try {
                shared = new KafkaBroker();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
            }
            KafkaBroker b = shared;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    b.cluster.close();
                                } catch (Exception ignored) {
                                    // the JVM is going away
                                }
                                // Kafka's temporary directories, deleted once the broker writing them has stopped
                                for (Runnable hook : kafkaExitHooks) hook.run();
                            },
                            "kafka-test-broker-stop"));
        }
        return shared;
    }

    /**
     * Kafka halts its JVM when a log directory fails, and its test kit deleted the broker's directories in a shutdown
     * hook of its own, beside the one stopping the broker: at the end of a CI run where every test had passed, that
     * race halted the test JVM with exit code 1 and failed the build. Kafka's shutdown hooks are collected here, to
     * run after the broker has stopped, and a halt or exit asked for by the in-JVM broker is reported, not obeyed.
     */
    private static List<Runnable> guardTheTestJvm() {
        List<Runnable> hooks = new CopyOnWriteArrayList<>();
        Exit.setShutdownHookAdder((name, hook) -> hooks.add(hook));
        Exit.setHaltProcedure((code, message) ->
                System.err.println("in-JVM Kafka broker asked to halt the JVM (" + code + "): " + message));
        Exit.setExitProcedure((code, message) ->
                System.err.println("in-JVM Kafka broker asked to exit the JVM (" + code + "): " + message));
        return hooks;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(java.util.Arrays.stream(topics)
                            .map(t -> new NewTopic(t, partitions, (short) 1))
                            .toList())
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics", e);
        }
    }

    /** Sends the values to partition 0 of the topic, in order, and waits until they are written. */
    public void send(String topic, List<String> values) {
        send(topic, values, v -> null);
    }

    /**
     * Sends the values keyed by {@code key} (null = partition 0), so the producer's partitioner spreads them over
     * the topic's partitions the way a real floor's producers do: in order per key, not across keys.
     */
    public void send(String topic, List<String> values, java.util.function.Function<String, String> key) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String v : values) {
                String k = key.apply(v);
                producer.send(
                        k == null
                                ? new ProducerRecord<>(topic, 0, null, v.getBytes(StandardCharsets.UTF_8))
                                : new ProducerRecord<>(
                                        topic, k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
