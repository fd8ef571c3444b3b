package io.floorwatch.bench;

import io.floorwatch.simulator.FloorSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka topics of a benchmark phase and a producer that fills them with the simulator's records. */
final class KafkaLoad {
    /** What a fill wrote: all records, and those the job should pass as valid, unique events. */
    record Filled(long records, long validUnique, double seconds) {}

    private KafkaLoad() {}

    /**
     * Creates the topics with 3 partitions and LogAppendTime: the record timestamp is then the broker's append
     * time, which is what alert latency is measured from ({@code Alert.triggerIngestTime}).
     */
    static void createTopics(String bootstrap, List<String> topics) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> all = new ArrayList<>();
            for (String t : topics) {
                all.add(new NewTopic(t, 3, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")));
            }
            admin.createTopics(all).all().get();
            // wait until every partition has its leader before producing
            for (int i = 0; i < 100; i++) {
                var described = admin.describeTopics(topics).allTopicNames().get();
                if (described.values().stream()
                        .allMatch(d -> d.partitions().size() == 3
                                && d.partitions().stream().allMatch(pi -> pi.leader() != null))) break;
                Thread.sleep(100);
            }
        }
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, boolean throughput) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // not idempotent: a fresh topic right after its creation made the broker answer OutOfOrderSequence
        // to an idempotent producer here; a rare retried duplicate is what the job's dedup is for
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // a pre-load wants big batches; a paced latency run wants each record out at once
        p.put(ProducerConfig.LINGER_MS_CONFIG, throughput ? "20" : "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, throughput ? "262144" : "16384");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "floorwatch-bench");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes records 0..count-1 of the simulator as fast as Kafka takes them. */
    static Filled fill(String bootstrap, FloorSimulator simulator, long count, Consumer<String> progress)
            throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long valid = 0;
        long t0 = System.nanoTime(), lastPrint = t0;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, true)) {
            for (long i = 0; i < count; i++) {
                FloorSimulator.Generated g = simulator.generate(i);
                if (g.malformed() == null && !g.duplicate()) valid++;
                producer.send(
                        new ProducerRecord<>(
                                g.record().topic(), g.key(), g.record().payload()),
                        (RecordMetadata md, Exception e) -> {
                            if (e != null) failure.compareAndSet(null, e);
                        });
                if ((i & 0xFFFF) == 0) {
                    if (failure.get() != null) throw failure.get();
                    long now = System.nanoTime();
                    if (now - lastPrint > 10_000_000_000L) {
                        progress.accept(String.format("  pre-load: %,d of %,d records", i, count));
                        lastPrint = now;
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) throw failure.get();
        return new Filled(count, valid, (System.nanoTime() - t0) / 1e9);
    }
}
