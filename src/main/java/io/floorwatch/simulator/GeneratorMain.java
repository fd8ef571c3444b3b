package io.floorwatch.simulator;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.Source;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code jobs/floorwatch generate [--config FILE] [--key value ...]}: the floor simulator writing to Kafka
 * ({@code kafka.bootstrap-servers}, {@code kafka.topics.*}; keyed by entity, acks=all, idempotent) at
 * {@code simulator.rate} events/s until {@code simulator.max-events} (0 = until Ctrl-C), or, with
 * {@code generate.output-dir}, as fast as it can into slot.jsonl, table.jsonl, security.jsonl and cage.jsonl
 * there (files mode input; needs max-events). Prints progress once a second. The {@code sources.*} keys
 * don't apply to the generator and are ignored.
 */
public final class GeneratorMain {
    private static final Map<Source, String> FILES = Map.of(
            Source.SLOT,
            "slot.jsonl",
            Source.TABLE,
            "table.jsonl",
            Source.SECURITY,
            "security.jsonl",
            Source.CAGE,
            "cage.jsonl");

    private GeneratorMain() {}

    public static void main(String[] args) {
        try {
            // Returning (rather than System.exit(0)) lets a Ctrl-C shutdown hook finish without a deadlock.
            int code = run(args, System.getenv(), System.out);
            if (code != 0) System.exit(code);
        } catch (ConfigException e) {
            System.err.println("floorwatch generate: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("floorwatch generate: " + e);
            System.exit(1);
        }
    }

    /** Runs the generator; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        FloorWatchConfig cfg = generatorConfig(args, env);
        FloorSimulator simulator = new FloorSimulator(cfg);
        String dir = cfg.get(Options.GENERATE_OUTPUT_DIR);
        if (!dir.isBlank()) {
            long max = cfg.get(Options.SIMULATOR_MAX_EVENTS);
            if (max == 0)
                throw new ConfigException(Options.SIMULATOR_MAX_EVENTS.key() + ": writing files needs a limit above 0");
            writeFiles(simulator, Path.of(dir), max, out);
            return 0;
        }
        String bootstrap = cfg.get(Options.KAFKA_BOOTSTRAP);
        if (bootstrap.isBlank()) {
            throw new ConfigException(
                    Options.KAFKA_BOOTSTRAP.key() + ": required to generate to Kafka (or set generate.output-dir)");
        }
        writeKafka(
                simulator,
                bootstrap,
                cfg.get(Options.SIMULATOR_MAX_EVENTS),
                out,
                new ControlTopics(cfg.get(Options.KAFKA_TOPIC_CONTROL), cfg.get(Options.KAFKA_TOPIC_WATCHLIST)));
        return 0;
    }

    /** The configuration with the source keys neutralised: the generator is not the job and has no source. */
    static FloorWatchConfig generatorConfig(String[] args, Map<String, String> env) {
        FloorWatchConfig parsed = FloorWatchConfig.fromArgs(withSourceKeysNeutral(args), env);
        return parsed;
    }

    private static String[] withSourceKeysNeutral(String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--sources.mode", "simulator", "--sources.bounded", "false"));
        return all.toArray(String[]::new);
    }

    /** Writes {@code max} records into one JSONL file per stream, as fast as possible. */
    public static Map<Source, Long> writeFiles(FloorSimulator simulator, Path dir, long max, PrintStream out)
            throws IOException {
        Files.createDirectories(dir);
        Map<Source, OutputStream> streams = new EnumMap<>(Source.class);
        Map<Source, Long> counts = new EnumMap<>(Source.class);
        try {
            for (Source s : Source.FLOOR) {
                streams.put(s, new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILES.get(s))), 1 << 16));
                counts.put(s, 0L);
            }
            Progress progress = new Progress(out, simulator);
            for (long i = 0; i < max; i++) {
                FloorSimulator.Generated g = simulator.generate(i);
                OutputStream o = streams.get(g.record().source());
                o.write(g.record().payload());
                o.write('\n');
                counts.merge(g.record().source(), 1L, Long::sum);
                progress.tick(i + 1, false);
            }
            progress.tick(max, true);
        } finally {
            for (OutputStream o : streams.values()) o.close();
        }
        // the watchlist and the rule changes of the run, read whole before the events in files mode
        ControlScenario scenario = new ControlScenario(simulator);
        StringBuilder watchlist = new StringBuilder();
        for (ControlScenario.Message m : scenario.watchlist())
            watchlist.append(m.json()).append('\n');
        StringBuilder control = new StringBuilder();
        for (long i = 0; i < max; i++) {
            ControlScenario.Message m = scenario.changeAt(i);
            if (m != null) control.append(m.json()).append('\n');
        }
        Files.writeString(dir.resolve("watchlist.jsonl"), watchlist, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("control.jsonl"), control, StandardCharsets.UTF_8);
        out.println("wrote " + counts + " to " + dir.toAbsolutePath());
        return counts;
    }

    /** Where the simulated watchlist and rule changes go (SPEC 8.1, 8.3). */
    public record ControlTopics(String control, String watchlist) {}

    /** Sends records to Kafka at the simulator's rate until {@code max} (0 = until the JVM is stopped); no watchlist, no rule changes. */
    public static long writeKafka(FloorSimulator simulator, String bootstrap, long max, PrintStream out)
            throws Exception {
        return writeKafka(simulator, bootstrap, max, out, null);
    }

    /**
     * As above, and with {@code control} set: the simulated watchlist first (before any event), then an occasional
     * rule change ({@link ControlScenario}) in its place in the sequence.
     */
    public static long writeKafka(
            FloorSimulator simulator, String bootstrap, long max, PrintStream out, ControlTopics control)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "floorwatch-generator");
        ensureTopics(bootstrap, simulator);
        ControlScenario scenario = new ControlScenario(simulator);
        if (control != null) {
            ensureControlTopics(bootstrap, control);
            sendControl(bootstrap, control, scenario.watchlist());
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] sent = {0};
        Thread main = Thread.currentThread();
        AtomicBoolean stopping = new AtomicBoolean();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // Ctrl-C: stop sending, flush what was sent, then let the JVM go.
            Thread hook = new Thread(
                    () -> {
                        stopping.set(true);
                        try {
                            main.join(10_000);
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "generator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Progress progress = new Progress(out, simulator);
            int rate = simulator.settings().rate();
            long t0 = System.nanoTime();
            for (long i = 0; (max == 0 || i < max) && !stopping.get(); i++) {
                if (failure.get() != null) throw failure.get();
                // Pace on the schedule of record i rather than per record, so short stalls catch up.
                long due = t0 + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime();
                        wait > 200_000 && !stopping.get();
                        wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                }
                if (stopping.get()) break;
                ControlScenario.Message change = control == null ? null : scenario.changeAt(i);
                if (change != null) {
                    producer.send(
                            new ProducerRecord<>(
                                    control.control(),
                                    change.key(),
                                    change.json().getBytes(StandardCharsets.UTF_8)),
                            (md, e) -> {
                                if (e != null) failure.compareAndSet(null, e);
                            });
                }
                FloorSimulator.Generated g = simulator.generate(i);
                // The Kafka timestamp is the send time (CreateTime), as with a real producer: the job measures latency
                // from it.
                producer.send(
                        new ProducerRecord<>(
                                g.record().topic(), g.key(), g.record().payload()),
                        (md, e) -> {
                            if (e != null) failure.compareAndSet(null, e);
                        });
                sent[0] = i + 1;
                progress.tick(i + 1, false);
            }
            producer.flush();
            if (failure.get() != null) throw failure.get();
            progress.tick(sent[0], true);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping (Ctrl-C): the hook is waiting for us to finish
            }
        }
        out.println("sent " + sent[0] + " events to " + bootstrap);
        return sent[0];
    }

    /** Sends the messages in order and waits for them. */
    static void sendControl(String bootstrap, ControlTopics topics, List<ControlScenario.Message> messages)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ControlScenario.Message m : messages) {
                producer.send(new ProducerRecord<>(
                                m.watchlist() ? topics.watchlist() : topics.control(),
                                m.key(),
                                m.json().getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }

    /** The control topic (one partition: one order; kept for ever) and the watchlist (compacted), when missing. */
    private static void ensureControlTopics(String bootstrap, ControlTopics topics) throws Exception {
        createMissing(
                bootstrap,
                List.of(
                        new NewTopic(topics.control(), Optional.of(1), Optional.empty())
                                .configs(Map.of("retention.ms", "-1")),
                        new NewTopic(topics.watchlist(), Optional.of(1), Optional.empty())
                                .configs(Map.of("cleanup.policy", "compact"))));
    }

    private static void ensureTopics(String bootstrap, FloorSimulator simulator) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        // Broker defaults for partitions and replication: the cluster knows best.
        for (Source s : Source.FLOOR)
            topics.add(new NewTopic(simulator.topicOf(s), Optional.empty(), Optional.empty()));
        createMissing(bootstrap, topics);
    }

    /** Creates the topics that do not exist yet; one created meanwhile by someone else is fine. */
    private static void createMissing(String bootstrap, List<NewTopic> topics) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = new HashSet<>(admin.listTopics().names().get());
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        }
    }

    /** One progress line a second. */
    private static final class Progress {
        private final PrintStream out;
        private final FloorSimulator simulator;
        private final long started = System.nanoTime();
        private long lastPrint = System.nanoTime();
        private long lastCount;

        Progress(PrintStream out, FloorSimulator simulator) {
            this.out = out;
            this.simulator = simulator;
        }

        void tick(long count, boolean last) {
            if ((count & 0xFF) != 0 && !last) return;
            long now = System.nanoTime();
            if (!last && now - lastPrint < 1_000_000_000L) return;
            double seconds = (now - lastPrint) / 1e9;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("events", count);
            line.put("rate/s", seconds > 0 ? Math.round((count - lastCount) / seconds) : 0);
            line.put("floor time", Instant.ofEpochMilli(simulator.timeOf(Math.max(0, count - 1))));
            line.put("elapsed", Math.round((now - started) / 1e9) + "s");
            out.println("generate " + line);
            lastPrint = now;
            lastCount = count;
        }
    }
}
