package io.floorwatch.bench;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.simulator.FloorSimulator;
import io.floorwatch.sink.clickhouse.ClickHouseHttp;
import io.floorwatch.topology.SinkSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jobs/floorwatch bench [--runs N] [--quick] [--events N] [--sink-rows N] [--latency-seconds N] [--latency-rates LIST]
 * [--day-rate N] [--day-hours H] [--day-machines N] [--day-players N] [--only PARTS] [--no-hashmap] [--profile true|false] [--out DIR]
 * [--config FILE] [--key value ...]}: the performance figures of the README.
 *
 * <p>Starts a Kafka broker and ClickHouse as processes (the project's scripts) and a webhook receiver, then measures:
 * (1) the full job's throughput against the parse-only baseline on the same pre-loaded topics, (2) the full job with
 * the heap state backend, (3) the ClickHouse sink against a plain client inserting the same bytes, (4) alert latency
 * at each of {@code --latency-rates} (events/s, {@code half} the full job's rate, or {@code 200>3000}: a load step
 * from the first rate during the warm-up to the second), (5) state and memory after a simulated day ({@code --day-hours} of it: at a real density a whole day is more than a
 * benchmark can pre-load). Medians of {@code --runs} runs for (1)-(3).
 * Writes target/bench/bench-DATE.md and .json and prints the table. {@code --key value} pairs and {@code --config}
 * are FloorWatch configuration (the job's profile, default jobs/bench.yaml).
 */
public final class BenchMain {
    static final List<String> PARTS = List.of("throughput", "clickhouse", "latency", "state");

    /** The benchmark's own settings (sizes and which parts run); everything else is FloorWatch configuration. */
    record Settings(
            int runs,
            boolean quick,
            long events,
            int sinkRows,
            int latencyWarmup,
            int latencySeconds,
            int dayRate,
            int dayMachines,
            int dayPlayers,
            double dayHours,
            List<String> latencyRates,
            List<String> only,
            boolean heapBackend,
            boolean reuseAb,
            boolean profile,
            Path out,
            List<String> configArgs) {
        static Settings parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int runs = quick ? 1 : 3;
            long events = quick ? 60_000 : 600_000;
            int sinkRows = quick ? 20_000 : 1_000_000;
            int warmup = quick ? 8 : 20, latency = quick ? 6 : 60;
            int dayRate = quick ? 1 : 10, dayMachines = quick ? 500 : 10_000, dayPlayers = quick ? 5_000 : 200_000;
            double dayHours = 24;
            List<String> only = PARTS;
            // half the full job's measured rate (the brief), and the peak of a large casino (PERFORMANCE.md: ~3,000/s)
            List<String> latencyRates = quick ? List.of("half") : List.of("half", "3000");
            boolean profile = !quick, heapBackend = true, reuseAb = false;
            Path out = Path.of("target", "bench");
            List<String> config = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> {}
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
                    case "--events" -> events = Long.parseLong(value(args, ++i, a));
                    case "--sink-rows" -> sinkRows = Integer.parseInt(value(args, ++i, a));
                    case "--latency-seconds" -> latency = Integer.parseInt(value(args, ++i, a));
                    case "--latency-warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                    case "--day-rate" -> dayRate = Integer.parseInt(value(args, ++i, a));
                    case "--day-machines" -> dayMachines = Integer.parseInt(value(args, ++i, a));
                    case "--day-players" -> dayPlayers = Integer.parseInt(value(args, ++i, a));
                    case "--day-hours" -> dayHours = Double.parseDouble(value(args, ++i, a));
                    case "--latency-rates" ->
                        latencyRates = List.of(value(args, ++i, a).split(","));
                    case "--only" -> only = List.of(value(args, ++i, a).split(","));
                    case "--no-hashmap" -> heapBackend = false;
                    case "--object-reuse-ab" -> reuseAb = true;
                    case "--profile" -> profile = Boolean.parseBoolean(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--help", "-h" -> throw new ConfigException(usage());
                    default -> {
                        config.add(a);
                        if (!a.contains("=") && i + 1 < args.length) config.add(args[++i]);
                    }
                }
            }
            for (String p : only)
                if (!PARTS.contains(p))
                    throw new ConfigException("--only: unknown part '" + p + "' (parts: " + PARTS + ")");
            if (runs < 1) throw new ConfigException("--runs must be at least 1");
            if (!(dayHours > 0 && dayHours <= 24)) throw new ConfigException("--day-hours must be in (0, 24]");
            return new Settings(
                    runs,
                    quick,
                    events,
                    sinkRows,
                    warmup,
                    latency,
                    dayRate,
                    dayMachines,
                    dayPlayers,
                    dayHours,
                    latencyRates,
                    only,
                    heapBackend,
                    reuseAb,
                    profile,
                    out,
                    config);
        }
    }

    private final Settings settings;
    private final FloorWatchConfig base;
    private final Path root;
    private final PrintStream out;
    private final Report report;
    /** The CPU time of the job's JVM, the servers and the machine, over each timed run's busy phase. */
    private CpuMeter cpu;

    BenchMain(Settings settings, FloorWatchConfig base, Path root, PrintStream out) {
        this.settings = settings;
        this.base = base;
        this.root = root;
        this.out = out;
        this.report = new Report(settings);
    }

    public static void main(String[] args) {
        try {
            Settings s = Settings.parse(args);
            Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            Report r = new BenchMain(s, baseConfig(s, root), root, System.out).run();
            System.out.println();
            System.out.println("report: " + r.markdownFile + " and " + r.jsonFile);
            System.exit(0);
        } catch (ConfigException e) {
            System.err.println("floorwatch bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("floorwatch bench: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static FloorWatchConfig baseConfig(Settings s, Path root) {
        // a placeholder broker so that the profile validates: the benchmark's own broker replaces it
        List<String> args = new ArrayList<>(List.of("--kafka.bootstrap-servers", "127.0.0.1:9092"));
        args.addAll(s.configArgs());
        Path profile = root.resolve("jobs/bench.yaml");
        if (!args.contains("--config") && Files.exists(profile)) {
            args.addAll(0, List.of("--config", profile.toString()));
        }
        return FloorWatchConfig.fromArgs(args.toArray(String[]::new), System.getenv());
    }

    static String usage() {
        return "usage: jobs/floorwatch bench [--runs N] [--quick] [--events N] [--sink-rows N] [--latency-seconds N] "
                + "[--latency-warmup N] [--latency-rates half,3000,200>3000] [--day-rate N] [--day-hours H] [--day-machines N] [--day-players N] [--only "
                + String.join(",", PARTS)
                + "] [--no-hashmap] [--object-reuse-ab] [--profile true|false] [--out DIR] [--config FILE] [--key value ...]";
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new ConfigException(flag + ": missing value");
        return args[i];
    }

    Report run() throws Exception {
        if (!Files.exists(root.resolve("jobs/lib/kafka.sh")) || !Files.exists(root.resolve("jobs/lib/clickhouse.sh"))) {
            throw new ConfigException(
                    "run from the project root (jobs/floorwatch bench): jobs/lib/kafka.sh and clickhouse.sh are needed");
        }
        Path work = settings.out().resolve("work").toAbsolutePath();
        LocalServers.deleteTree(work);
        Files.createDirectories(work);
        long started = System.nanoTime();
        report.machine();
        try (LocalServers servers = new LocalServers(root, work);
                WebhookRecorder webhooks = new WebhookRecorder()) {
            log("starting Kafka and ClickHouse (processes, 127.0.0.1)");
            servers.startKafka();
            servers.startClickHouse();
            cpu = new CpuMeter(servers.kafkaPid, servers.clickhousePid);
            log("Kafka " + servers.kafkaBootstrap + ", ClickHouse " + servers.clickhouseUrl + ", webhooks "
                    + webhooks.url("/floor"));
            FloorWatchConfig cfg = base.with(Map.of(
                    Options.KAFKA_BOOTSTRAP.key(), servers.kafkaBootstrap,
                    Options.CLICKHOUSE_URL.key(), servers.clickhouseUrl,
                    Options.CLICKHOUSE_CREATE_SCHEMA.key(), "true",
                    Options.WEBHOOK_URL.key(), webhooks.url("/floor"),
                    Options.CONSOLE_ENABLED.key(), "false",
                    Options.OUTPUT_DIR.key(), "",
                    Options.SOURCES_MODE.key(), "kafka",
                    Options.KAFKA_STARTING_OFFSETS.key(), "earliest"));
            report.config(cfg);
            double fullRate = 0;
            if (settings.only().contains("throughput")) {
                fullRate = part("throughput", () -> throughput(cfg, work));
            }
            if (settings.only().contains("clickhouse"))
                part("clickhouse", () -> {
                    clickhouse(cfg, work);
                    return 0.0;
                });
            if (settings.only().contains("latency")) {
                int k = 0;
                for (String r : settings.latencyRates()) {
                    // "200>3000": a load step, from 200 events/s during the warm-up to 3,000 at its end
                    String[] step = r.split(">");
                    String to = step[step.length - 1];
                    int rate = to.equals("half")
                            ? (int) Math.max(1000, Math.round(fullRate > 0 ? fullRate / 2 : 20_000))
                            : Integer.parseInt(to);
                    int warmupRate = step.length > 1 ? Integer.parseInt(step[0]) : rate;
                    String why = step.length > 1
                            ? String.format("a step from %,d events/s at the end of the warm-up", warmupRate)
                            : to.equals("half")
                                    ? (fullRate > 0 ? "half the full job's median" : "no throughput figure: default")
                                    : "fixed";
                    int n = k++;
                    part("latency", () -> {
                        latency(cfg, servers, webhooks, warmupRate, rate, why, n);
                        return 0.0;
                    });
                }
            }
            if (settings.only().contains("state"))
                part("state", () -> {
                    state(cfg, servers, work);
                    return 0.0;
                });
        }
        report.totalSeconds = (System.nanoTime() - started) / 1e9;
        report.write(settings.out(), out);
        if (!report.failures.isEmpty()) throw new IllegalStateException("parts failed: " + report.failures);
        // The servers' data and the checkpoints (a GB or more per latency part) go once the run has passed: the report
        // stays. A failed run keeps them, with the servers' logs, for a look.
        LocalServers.deleteTree(work);
        return report;
    }

    private interface Part {
        double run() throws Exception;
    }

    /** Runs one part; a failure is recorded in the report (and fails the run at the end) instead of losing the other parts. */
    private double part(String name, Part p) {
        try {
            double v = p.run();
            report.totalSeconds = 0;
            report.write(
                    settings.out(),
                    new PrintStream(java.io.OutputStream.nullOutputStream())); // a partial report after each part
            return v;
        } catch (Exception e) {
            log(name + ": FAILED: " + e);
            e.printStackTrace(out);
            report.failures.add(name + ": " + e);
            return 0;
        }
    }

    // ------------------------------------------------------------------ 1 + 2: throughput

    private double throughput(FloorWatchConfig cfg, Path work) throws Exception {
        if (settings.profile()) Profiler.initialize();
        String prefix = "tp-";
        int density = cfg.get(Options.SIMULATOR_RATE);
        long events = settings.events();
        Instant start = Instant.now().minusSeconds(events / density + 120).truncatedTo(ChronoUnit.SECONDS);
        FloorWatchConfig tp = withTopics(cfg, prefix)
                .with(Map.of(
                        Options.SOURCES_BOUNDED.key(), "true", Options.SIMULATOR_START_TIME.key(), start.toString()));
        KafkaLoad.createTopics(tp.get(Options.KAFKA_BOOTSTRAP), topics(tp));
        log(String.format(
                "throughput: pre-loading %,d simulator events (%d machines, %,d events/s of floor time) into Kafka, 3 partitions per topic",
                events, tp.get(Options.SIMULATOR_MACHINES), density));
        KafkaLoad.Filled filled =
                KafkaLoad.fill(tp.get(Options.KAFKA_BOOTSTRAP), new FloorSimulator(tp), events, this::log);
        log(String.format(
                "  pre-loaded in %.1f s (%,.0f records/s), %,d valid unique events",
                filled.seconds(), filled.records() / filled.seconds(), filled.validUnique()));
        report.throughputInput(filled, tp);
        for (int run = 1; run <= settings.runs(); run++) {
            BenchJobs.Timed parse = timedRun(tp, "parse-only", run, filled.records(), work, null);
            BenchJobs.Timed rocks = fullRun(tp, "rocksdb", "full-rocksdb", run, filled, work, null);
            BenchJobs.Timed heap =
                    !settings.heapBackend() ? null : fullRun(tp, "hashmap", "full-hashmap", run, filled, work, null);
            report.throughputRun(run, parse, rocks, heap);
            if (settings.reuseAb()) {
                // the same full job with Flink's object reuse off and on, back to back: chained operators get a
                // deep copy of every record when it is off
                BenchJobs.Timed off = fullRun(tp, "rocksdb", "full-reuse-off", run, filled, work, null);
                BenchJobs.Timed on = fullRun(tp, "rocksdb", "full-reuse-on", run, filled, work, null);
                report.objectReuse(run, off, on);
            }
        }
        if (settings.profile()) {
            // one more run, the warmest, under JFR and outside the medians: a recording slows the job it watches
            int run = settings.runs() + 1;
            Profiler profiler = new Profiler();
            BenchJobs.Timed profiled = fullRun(tp, "rocksdb", "full-rocksdb-profiled", run, filled, work, profiler);
            Profiler.Summary s =
                    profiler.stop(settings.out().resolve("full-rocksdb.jfr").toAbsolutePath(), 15);
            report.profile(s, run, profiled.rate());
            log("  profile: " + s.samples() + " samples, top: "
                    + s.topFrames().subList(0, Math.min(3, s.topFrames().size())));
        }
        return report.medianFullRate();
    }

    /** The full job on state backend {@code backend}, timed until it has counted every valid unique event. */
    private BenchJobs.Timed fullRun(
            FloorWatchConfig tp,
            String backend,
            String kind,
            int run,
            KafkaLoad.Filled filled,
            Path work,
            Profiler profiler)
            throws Exception {
        return timedRun(tp.with(Options.STATE_BACKEND.key(), backend), kind, run, filled.validUnique(), work, profiler);
    }

    private BenchJobs.Timed timedRun(
            FloorWatchConfig tp, String kind, int run, long expected, Path work, Profiler profiler) throws Exception {
        String name = kind + "-" + run;
        String db = "bench_" + kind.replace('-', '_') + "_" + run;
        FloorWatchConfig cfg = tp.with(Map.of(
                Options.KAFKA_GROUP_ID.key(),
                "bench-" + name,
                Options.CLICKHOUSE_DATABASE.key(),
                db,
                Options.CHECKPOINT_DIR.key(),
                work.resolve("checkpoints").resolve(name).toUri().toString()));
        Timing timing = Timing.create(name, expected);
        var env = kind.equals("parse-only") ? BenchJobs.parseOnlyJob(cfg, name) : BenchJobs.fullJob(cfg, name, true);
        if (kind.equals("full-reuse-off")) env.getConfig().disableObjectReuse();
        if (kind.equals("full-reuse-on")) env.getConfig().enableObjectReuse();
        if (!kind.equals("parse-only")) SinkSettings.createSchemaIfConfigured(cfg);
        if (profiler != null) profiler.start();
        BenchJobs.Timed t;
        try {
            t = BenchJobs.runUntilCounted(env, "bench: " + name, timing, expected, 20, 1800, cpu);
        } finally {
            Timing.remove(name);
        }
        if (!kind.equals("parse-only"))
            new ClickHouseHttp(SinkSettings.clickHouse(cfg)).execute("DROP DATABASE IF EXISTS " + db);
        LocalServers.deleteTree(work.resolve("checkpoints").resolve(name));
        log(String.format(
                "  run %d %-13s %,10.0f events/s  (%,d records in %.1f s busy; warm second half %,.0f/s; %.0f s wall; load average %s)",
                run,
                kind,
                t.rate(),
                t.records(),
                t.busySeconds(),
                t.warmRate(),
                t.wallSeconds(),
                Report.loadAverage()));
        if (t.cpu() != null) {
            StringBuilder cpu = new StringBuilder("        CPU per event, µs:");
            for (Report.CpuPart part : Report.CpuPart.values())
                cpu.append(String.format(Locale.ROOT, " %s %.1f,", part.key, part.micros(t)));
            log(cpu + String.format(Locale.ROOT, " (%.2f cores busy)", t.cpu().coresBusy()));
        }
        return t;
    }

    // ------------------------------------------------------------------ 3: ClickHouse sink

    private void clickhouse(FloorWatchConfig cfg, Path work) throws Exception {
        log(String.format(
                "clickhouse: %,d rows through the sink and through a plain client, %d run(s)",
                settings.sinkRows(), settings.runs()));
        Instant start = Instant.now()
                .minusSeconds(settings.sinkRows() / cfg.get(Options.SIMULATOR_RATE) + 120)
                .truncatedTo(ChronoUnit.SECONDS);
        FloorWatchConfig c = cfg.with(Options.SIMULATOR_START_TIME.key(), start.toString());
        ClickHouseBench bench = new ClickHouseBench(c, c.get(Options.CLICKHOUSE_URL), work.resolve("tmp"));
        bench.prepare(new FloorSimulator(c), settings.sinkRows());
        report.clickhouseOfficial(bench.contenderDescription(), bench.hasContender());
        log("  " + bench.contenderDescription());
        for (int run = 1; run <= settings.runs(); run++) {
            ClickHouseBench.Result r = bench.run(run);
            log(String.format(
                    "  run %d sink %,.0f rows/s, plain client %,.0f rows/s (%.2fx), %s, %d batches",
                    run, r.sinkRowsPerSecond(), r.rawRowsPerSecond(), r.ratio(), r.format(), r.batches()));
            if (r.officialRowsPerSecond() > 0)
                log(String.format(
                        "  run %d slot table (%,d rows): sink %,.0f rows/s, official connector %,.0f rows/s (%.2fx)",
                        run, r.slotRows(), r.sinkSlotRowsPerSecond(), r.officialRowsPerSecond(), r.sinkOverOfficial()));
            report.clickhouseRun(run, r);
        }
        ClickHouseBench.rows = new io.floorwatch.event.FloorEvent[0];
        ClickHouseBench.slotRows = new io.floorwatch.event.FloorEvent[0];
    }

    // ------------------------------------------------------------------ 4: latency

    private void latency(
            FloorWatchConfig cfg,
            LocalServers servers,
            WebhookRecorder webhooks,
            int warmupRate,
            int rate,
            String why,
            int k)
            throws Exception {
        String db = "bench_latency_" + k;
        FloorWatchConfig lat = withTopics(cfg, "lat" + k + "-")
                .with(Map.of(
                        Options.SOURCES_BOUNDED.key(),
                        "false",
                        Options.SIMULATOR_RATE.key(),
                        Integer.toString(rate),
                        Options.SIMULATOR_START_TIME.key(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        Options.KAFKA_GROUP_ID.key(),
                        "bench-latency-" + k,
                        Options.CLICKHOUSE_DATABASE.key(),
                        db,
                        Options.STATE_BACKEND.key(),
                        "rocksdb"));
        KafkaLoad.createTopics(servers.kafkaBootstrap, topics(lat));
        SinkSettings.createSchemaIfConfigured(lat);
        log(String.format(
                "latency: full job reading while the floor is written at %,d events/s (%s), %d s warm-up + %d s measured",
                rate, why, settings.latencyWarmup(), settings.latencySeconds()));
        // the simulator's clock starts when its records start: event time follows the wall clock
        FloorWatchConfig timed = lat.with(
                Options.SIMULATOR_START_TIME.key(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        LatencyBench.Result r = LatencyBench.run(
                timed,
                servers.kafkaBootstrap,
                new FloorSimulator(timed),
                webhooks,
                warmupRate,
                rate,
                settings.latencyWarmup(),
                settings.latencySeconds(),
                this::log);
        log(String.format(
                "  JACKPOT %d/%d matched, p50/p95/p99 %d/%d/%d ms (a plain Kafka read of them %d/%d/%d ms);"
                        + " MACHINE_CRITICAL %d/%d matched, p50/p95/p99 %d/%d/%d ms",
                r.jackpotMillis().size(),
                r.jackpotsInjected(),
                LatencyBench.percentile(r.jackpotMillis(), 50),
                LatencyBench.percentile(r.jackpotMillis(), 95),
                LatencyBench.percentile(r.jackpotMillis(), 99),
                LatencyBench.percentile(r.plainReadMillis(), 50),
                LatencyBench.percentile(r.plainReadMillis(), 95),
                LatencyBench.percentile(r.plainReadMillis(), 99),
                r.criticalMillis().size(),
                r.burstsInjected(),
                LatencyBench.percentile(r.criticalMillis(), 50),
                LatencyBench.percentile(r.criticalMillis(), 95),
                LatencyBench.percentile(r.criticalMillis(), 99)));
        new ClickHouseHttp(SinkSettings.clickHouse(lat)).execute("DROP DATABASE IF EXISTS " + db);
        report.latency(r, why);
    }

    // ------------------------------------------------------------------ 5: a simulated day

    private void state(FloorWatchConfig cfg, LocalServers servers, Path work) throws Exception {
        int rate = settings.dayRate();
        long floorSeconds = Math.round(3600 * settings.dayHours());
        long events = floorSeconds * rate;
        Instant start = Instant.now().minusSeconds(floorSeconds + 120).truncatedTo(ChronoUnit.SECONDS);
        Path checkpoints = work.resolve("checkpoints").resolve("day");
        FloorWatchConfig day = withTopics(cfg, "day-")
                .with(Map.of(
                        Options.SOURCES_BOUNDED.key(), "false",
                        Options.SIMULATOR_RATE.key(), Integer.toString(rate),
                        Options.SIMULATOR_MACHINES.key(), Integer.toString(settings.dayMachines()),
                        Options.SIMULATOR_PLAYERS.key(), Integer.toString(settings.dayPlayers()),
                        Options.SIMULATOR_START_TIME.key(), start.toString(),
                        Options.KAFKA_GROUP_ID.key(), "bench-day",
                        Options.STATE_BACKEND.key(), "rocksdb",
                        Options.CHECKPOINT_DIR.key(), checkpoints.toUri().toString()));
        KafkaLoad.createTopics(servers.kafkaBootstrap, topics(day));
        log(String.format(
                "state: %s h of a %,d-machine floor with %,d players: %,d events (%d events/s of floor time from %s), pre-loading",
                settings.dayHours(), settings.dayMachines(), settings.dayPlayers(), events, rate, start));
        KafkaLoad.Filled filled = KafkaLoad.fill(servers.kafkaBootstrap, new FloorSimulator(day), events, this::log);
        log(String.format(
                "  pre-loaded in %.1f s; running the full job (RocksDB, checkpoints every %s, sinks off) over it",
                filled.seconds(), day.get(Options.CHECKPOINT_INTERVAL)));
        StateBench.Result r = StateBench.run(day, filled.validUnique(), checkpoints, 1800);
        log(String.format(
                "  %,d events in %.1f s busy; checkpoint %d: %.1f MB; heap after GC %.0f MB of %.0f MB; RSS %.0f MB",
                r.events(),
                r.busySeconds(),
                r.checkpointId(),
                r.checkpointBytes() / 1e6,
                r.heapUsedBytes() / 1e6,
                r.maxHeapBytes() / 1e6,
                r.rssBytes() / 1e6));
        r.bytesByOperator().forEach((uid, bytes) -> log(String.format("    %-40s %,12d bytes", uid, bytes)));
        report.state(r, settings, rate, events);
        LocalServers.deleteTree(checkpoints);
    }

    // ------------------------------------------------------------------ helpers

    private static FloorWatchConfig withTopics(FloorWatchConfig cfg, String prefix) {
        return cfg.with(Map.of(
                Options.KAFKA_TOPIC_SLOT.key(), prefix + "slot-telemetry",
                Options.KAFKA_TOPIC_TABLE.key(), prefix + "table-games",
                Options.KAFKA_TOPIC_SECURITY.key(), prefix + "security-events",
                Options.KAFKA_TOPIC_CAGE.key(), prefix + "cage-transactions"));
    }

    private static List<String> topics(FloorWatchConfig cfg) {
        return List.of(
                cfg.get(Options.KAFKA_TOPIC_SLOT),
                cfg.get(Options.KAFKA_TOPIC_TABLE),
                cfg.get(Options.KAFKA_TOPIC_SECURITY),
                cfg.get(Options.KAFKA_TOPIC_CAGE));
    }

    void log(String line) {
        out.println(LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + " " + line);
        out.flush();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
