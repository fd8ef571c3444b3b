package io.floorwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.simulator.FloorSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Alert latency: an unbounded full job reads while a paced producer writes the simulated floor at a fixed rate,
 * with marked incidents injected after a warm-up: single {@code JACKPOT} events (a unique {@code event_id} each)
 * and bursts of 11 {@code ERROR}s on a fresh machine (MACHINE_CRITICAL fires on the 11th). Latency is the webhook
 * request's arrival at the local receiver minus the Kafka append time (topics use LogAppendTime; the producer's
 * acknowledgement carries it) of the triggering event: the JACKPOT itself, the 11th ERROR.
 *
 * <p>The baseline of the same run: a plain Kafka consumer in this JVM ({@link PlainRead}) reads the slot topic beside
 * the job, and for each injected JACKPOT records its append to the poll that returned it. No path through the job can
 * be faster; what the machine's Kafka read costs in this run is what the job's figure cannot go below.
 */
final class LatencyBench {
    /**
     * @param warmupRate the rate of the warm-up: {@code rate} for a steady load, lower for a load step at its end
     * @param jackpotsAfterWarmup per JACKPOT, {ms from the end of the warm-up to its append, its latency ms}, in time order
     */
    record Result(
            double rate,
            int warmupRate,
            double seconds,
            List<Long> jackpotMillis,
            int jackpotsInjected,
            List<Long> criticalMillis,
            int burstsInjected,
            List<long[]> jackpotsAfterWarmup,
            List<Long> plainReadMillis) {
        boolean step() {
            return warmupRate != rate;
        }

        /** After a load step: the worst latency of the jackpots appended in the first {@code seconds} after it. */
        long worstWithin(int seconds) {
            return jackpotsAfterWarmup.stream()
                    .filter(j -> j[0] < seconds * 1000L)
                    .mapToLong(j -> j[1])
                    .max()
                    .orElse(-1);
        }

        /** After a load step: the latencies of the jackpots appended from {@code seconds} after it on, sorted. */
        List<Long> from(int seconds) {
            return jackpotsAfterWarmup.stream()
                    .filter(j -> j[0] >= seconds * 1000L)
                    .map(j -> j[1])
                    .sorted()
                    .toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAIL_SECONDS = 12;

    private LatencyBench() {}

    static Result run(
            FloorWatchConfig cfg,
            String bootstrap,
            FloorSimulator simulator,
            WebhookRecorder webhooks,
            int warmupRate,
            int rate,
            int warmupSeconds,
            int measureSeconds,
            java.util.function.Consumer<String> log)
            throws Exception {
        webhooks.clear();
        Timing timing = Timing.create("latency", 0);
        StreamExecutionEnvironment env = BenchJobs.fullJob(cfg, "latency", true);
        JobClient job = env.executeAsync("bench: latency");
        Map<String, Long> jackpotAppend = new ConcurrentHashMap<>(); // event_id -> append time
        Map<String, Long> burstAppend = new ConcurrentHashMap<>(); // machine_id -> append time of the 11th error
        AtomicReference<Exception> failure = new AtomicReference<>();
        int jackpots = 0, bursts = 0;
        // after the measured part the floor keeps going for a while: the event-time rules need the watermark to pass
        // the last injected events, which only later events move
        long totalSeconds = warmupSeconds + measureSeconds + TAIL_SECONDS;
        long injectUntil = System.nanoTime() + (warmupSeconds + measureSeconds) * 1_000_000_000L;
        long startMillis;
        String slotTopic = simulator.settings().slotTopic();
        PlainRead plainRead = PlainRead.start(bootstrap, slotTopic);
        try (plainRead;
                KafkaProducer<String, byte[]> producer = KafkaLoad.producer(bootstrap, false)) {
            long t0 = System.nanoTime();
            startMillis = System.currentTimeMillis();
            long step = t0 + warmupSeconds * 1_000_000_000L;
            long nextJackpot = step, nextBurst = nextJackpot + 500_000_000L;
            int burstLeft = 0;
            String burstMachine = null;
            long nextBurstError = 0;
            long warmupRecords = (long) warmupRate * warmupSeconds;
            long total = warmupRecords + (long) rate * (totalSeconds - warmupSeconds);
            for (long i = 0; i < total; i++) {
                long due = i < warmupRecords
                        ? t0 + (long) (i * 1e9 / warmupRate)
                        : step + (long) ((i - warmupRecords) * 1e9 / rate);
                long wait;
                while ((wait = due - System.nanoTime()) > 200_000) LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                FloorSimulator.Generated g = simulator.generate(i);
                producer.send(
                        new ProducerRecord<>(
                                g.record().topic(), g.key(), g.record().payload()),
                        (md, e) -> {
                            if (e != null) failure.compareAndSet(null, e);
                        });
                long now = System.nanoTime();
                if (now >= nextJackpot && now < injectUntil) {
                    String id = "bench-jackpot-" + jackpots;
                    String machine = "BENCH-JP-" + (jackpots % 97);
                    byte[] body = event(
                            id,
                            "JACKPOT",
                            machine,
                            simulator.timeOf(i),
                            ",\"wager_amount\":2.00,\"payout_amount\":1500.00");
                    producer.send(new ProducerRecord<>(slotTopic, machine, body), (md, e) -> {
                        if (e != null) failure.compareAndSet(null, e);
                        else jackpotAppend.put(id, md.timestamp());
                    });
                    jackpots++;
                    nextJackpot += 250_000_000L;
                }
                if (burstLeft == 0 && now >= nextBurst && now < injectUntil) {
                    burstMachine = "BENCH-ERR-" + bursts;
                    burstLeft = 11;
                    nextBurstError = now;
                    bursts++;
                    nextBurst += 1_000_000_000L;
                }
                if (burstLeft > 0 && now >= nextBurstError) {
                    String machine = burstMachine;
                    boolean trigger = burstLeft == 1;
                    byte[] body = event(
                            machine + "-e" + (11 - burstLeft),
                            "ERROR",
                            machine,
                            simulator.timeOf(i),
                            ",\"error_code\":\"0x61\"");
                    producer.send(new ProducerRecord<>(slotTopic, machine, body), (md, e) -> {
                        if (e != null) failure.compareAndSet(null, e);
                        else if (trigger) burstAppend.put(machine, md.timestamp());
                    });
                    burstLeft--;
                    nextBurstError = now + 20_000_000L;
                }
                if (failure.get() != null) throw failure.get();
            }
            producer.flush();
            log.accept(String.format(
                    "  latency: sent %,d events at %,d/s, %d jackpots and %d error bursts injected",
                    total, rate, jackpots, bursts));
        }
        // what is still in flight: the CEP rule waits for the watermark, the webhook sink for its request
        long fromMillis = startMillis + warmupSeconds * 1000L;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            if (timeline(webhooks, "JACKPOT", jackpotAppend, true, fromMillis).size() >= jackpots
                    && timeline(webhooks, "MACHINE_CRITICAL", burstAppend, false, fromMillis)
                                    .size()
                            >= bursts) break;
        }
        BenchJobs.cancel(job);
        Timing.remove("latency");
        List<long[]> jackpotTimeline = timeline(webhooks, "JACKPOT", jackpotAppend, true, fromMillis);
        log.accept("  latency: the slowest JACKPOTs (seconds after the warm-up: latency ms): "
                + slowest(jackpotTimeline, 12));
        List<Long> mc = latencies(timeline(webhooks, "MACHINE_CRITICAL", burstAppend, false, fromMillis));
        List<Long> plain = jackpotAppend.entrySet().stream()
                .filter(a -> a.getValue() >= fromMillis)
                .map(a -> plainRead.readMillis.get(a.getKey()))
                .filter(java.util.Objects::nonNull)
                .sorted()
                .toList();
        return new Result(
                rate,
                warmupRate,
                measureSeconds,
                latencies(jackpotTimeline),
                jackpots,
                mc,
                bursts,
                jackpotTimeline,
                plain);
    }

    /**
     * The firing webhooks of {@code rule} whose trigger we know (by event id or by machine): per alert, {ms from
     * {@code fromMillis} to the trigger's append, latency ms}, in time order.
     */
    private static List<long[]> timeline(
            WebhookRecorder webhooks, String rule, Map<String, Long> appendTimes, boolean byEventId, long fromMillis) {
        List<long[]> all = new ArrayList<>();
        for (WebhookRecorder.Request r : webhooks.requests()) {
            try {
                JsonNode body = JSON.readTree(r.body());
                if (!rule.equals(body.path("rule").asText())
                        || !"firing".equals(body.path("status").asText())) continue;
                String key = byEventId
                        ? body.path("details").path("event_id").asText()
                        : body.path("entity_id").asText();
                Long appended = appendTimes.get(key);
                if (appended != null) all.add(new long[] {appended - fromMillis, r.arrivedMillis() - appended});
            } catch (Exception ignored) {
                // not an alert body we sent a trigger for
            }
        }
        all.sort((a, b) -> Long.compare(a[0], b[0]));
        return all;
    }

    /** The latencies of a timeline, sorted. */
    private static List<Long> latencies(List<long[]> timeline) {
        return timeline.stream().map(t -> t[1]).sorted().toList();
    }

    /**
     * The {@code n} slowest of a timeline as "s: latency ms", in time order: stalls at a fixed period (a checkpoint every
     * 10 s) show as evenly spaced times.
     */
    private static String slowest(List<long[]> timeline, int n) {
        List<long[]> slow = new ArrayList<>(timeline);
        slow.sort((a, b) -> Long.compare(b[1], a[1]));
        slow = new ArrayList<>(slow.subList(0, Math.min(n, slow.size())));
        slow.sort((a, b) -> Long.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder();
        for (long[] s : slow) out.append(String.format("%.1f: %d; ", s[0] / 1000.0, s[1]));
        return out.toString();
    }

    /** An injected event at the floor time of the simulator record it follows (the watermark comes from those). */
    private static byte[] event(String id, String type, String machine, long eventTime, String extra) {
        return ("{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\""
                        + Instant.ofEpochMilli(eventTime) + "\",\"machine_id\":\"" + machine + "\"" + extra + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The p-th percentile (0-100) of sorted values, nearest rank; -1 when empty. */
    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) return -1;
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * A plain Kafka consumer reading a topic from its end in a thread of its own, beside the job: for each injected
     * JACKPOT (key {@code BENCH-JP-...}), ms from its append to the poll that returned it, by event id.
     */
    private static final class PlainRead implements AutoCloseable {
        private static final byte[] ID_FIELD = "\"event_id\":\"".getBytes(StandardCharsets.UTF_8);
        final Map<String, Long> readMillis = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean stopped;

        private PlainRead(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
            this.thread = new Thread(this::read, "bench-plain-read");
            this.thread.setDaemon(true);
        }

        /** Starts reading {@code topic} from its current end (positions taken before this returns). */
        static PlainRead start(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "floorwatch-bench-plain-read");
            KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            PlainRead read = new PlainRead(consumer);
            read.thread.start();
            return read;
        }

        private void read() {
            while (!stopped) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.key() != null && r.key().startsWith("BENCH-JP-")) {
                        readMillis.put(eventId(r.value()), now - r.timestamp());
                    }
                }
            }
            consumer.close();
        }

        /** The event id of an injected event ({@link #event}: it comes first, after the opening brace). */
        private static String eventId(byte[] body) {
            int from = 1 + ID_FIELD.length;
            int to = from;
            while (body[to] != '"') to++;
            return new String(body, from, to - from, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(5_000);
        }
    }
}
