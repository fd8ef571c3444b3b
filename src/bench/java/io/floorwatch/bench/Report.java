package io.floorwatch.bench;

import static io.floorwatch.bench.BenchMain.map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The benchmark's figures: medians, targets, per-run details; written as Markdown and JSON and printed. */
final class Report {
    private final BenchMain.Settings settings;
    private final Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Map<String, Object>> throughputRuns = new ArrayList<>();
    private final List<Map<String, Object>> clickhouseRuns = new ArrayList<>();
    /** Each run's parse-only and full (RocksDB) timings: their rates, ratios and CPU per event. */
    private final List<BenchJobs.Timed> parseRuns = new ArrayList<>(), rocksRuns = new ArrayList<>();

    private final List<Double> heapRates = new ArrayList<>(), heapRatios = new ArrayList<>();
    private final List<Double> sinkRates = new ArrayList<>(),
            rawRates = new ArrayList<>(),
            sinkRatios = new ArrayList<>();
    /** The head to head on the slot table: our sink and the official connector on the same rows. */
    private final List<Double> sinkSlotRates = new ArrayList<>(),
            officialRates = new ArrayList<>(),
            officialRatios = new ArrayList<>();
    /** The official connector as set up, or why it was not measured (null: the ClickHouse part did not run). */
    private String official;

    private final List<Double> reuseOff = new ArrayList<>(),
            reuseOn = new ArrayList<>(),
            reuseRatios = new ArrayList<>();
    private Profiler.Summary profile;
    private int profileRun;
    private double profileRate;
    private final List<LatencyBench.Result> latencies = new ArrayList<>();
    private final List<String> latencyWhy = new ArrayList<>();
    private final List<Map<String, Object>> latencyJson = new ArrayList<>();
    private StateBench.Result state;
    private Map<String, Object> stateSetup;
    double totalSeconds;
    final List<String> failures = new ArrayList<>();
    Path markdownFile, jsonFile;

    Report(BenchMain.Settings settings) {
        this.settings = settings;
    }

    void machine() throws Exception {
        String cpu = "?";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        long memKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        json.put("date", date.toString());
        json.put("load_average_at_start", loadAverage());
        json.put(
                "machine",
                map(
                        "cores",
                        Runtime.getRuntime().availableProcessors(),
                        "cpu",
                        cpu,
                        "memory_gb",
                        Math.round(memKb / 1024.0 / 1024.0 * 10) / 10.0,
                        "java",
                        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                        "max_heap_mb",
                        Runtime.getRuntime().maxMemory() / (1024 * 1024),
                        "jvm_args",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-X") && !a.startsWith("-XX:+IgnoreUnrecognized"))
                                .toList(),
                        "note",
                        "the job (a Flink MiniCluster in this JVM), the Kafka broker and ClickHouse share these cores"));
        json.put(
                "settings",
                map(
                        "runs",
                        settings.runs(),
                        "quick",
                        settings.quick(),
                        "events",
                        settings.events(),
                        "sink_rows",
                        settings.sinkRows(),
                        "latency_seconds",
                        settings.latencySeconds(),
                        "parts",
                        settings.only()));
    }

    void config(FloorWatchConfig cfg) {
        json.put(
                "job",
                map(
                        "parallelism",
                        cfg.get(Options.JOB_PARALLELISM),
                        "checkpoint_interval",
                        cfg.get(Options.CHECKPOINT_INTERVAL).toString(),
                        "checkpointing",
                        "exactly-once",
                        "clickhouse_batch_rows",
                        cfg.get(Options.CLICKHOUSE_BATCH_ROWS)));
    }

    void throughputInput(KafkaLoad.Filled filled, FloorWatchConfig tp) {
        json.put(
                "throughput_input",
                map(
                        "records",
                        filled.records(),
                        "valid_unique_events",
                        filled.validUnique(),
                        "machines",
                        tp.get(Options.SIMULATOR_MACHINES),
                        "floor_events_per_second",
                        tp.get(Options.SIMULATOR_RATE),
                        "partitions_per_topic",
                        3,
                        "preload_seconds",
                        round(filled.seconds(), 1)));
    }

    void throughputRun(int run, BenchJobs.Timed parse, BenchJobs.Timed rocks, BenchJobs.Timed heap) {
        if (heap != null) heapRates.add(heap.rate());
        if (heap != null) heapRatios.add(heap.rate() / rocks.rate());
        parseRuns.add(parse);
        rocksRuns.add(rocks);
        throughputRuns.add(map(
                "run",
                run,
                "load_average",
                loadAverage(),
                "parse_only",
                timed(parse),
                "full_rocksdb",
                timed(rocks),
                "full_hashmap",
                heap == null ? Map.of() : timed(heap)));
    }

    private static Map<String, Object> timed(BenchJobs.Timed t) {
        Map<String, Object> m = map(
                "events_per_second",
                Math.round(t.rate()),
                "warm_second_half_per_second",
                Math.round(t.warmRate()),
                "records",
                t.records(),
                "busy_seconds",
                round(t.busySeconds(), 2),
                "wall_seconds",
                round(t.wallSeconds(), 1));
        if (t.cpu() != null) {
            Map<String, Object> perEvent = new LinkedHashMap<>();
            for (CpuPart part : CpuPart.values()) perEvent.put(part.key, round(part.micros(t), 2));
            m.put("cpu_microseconds_per_event", perEvent);
            m.put("cores_busy", round(t.cpu().coresBusy(), 2));
            Map<String, Object> threads = new LinkedHashMap<>();
            t.cpu().jobThreads().forEach((kind, seconds) -> threads.put(kind, round(seconds, 2)));
            m.put("job_jvm_cpu_seconds_by_thread", threads);
        }
        return m;
    }

    /** Where the CPU of a timed run's busy phase went, by process ({@link CpuMeter}). */
    enum CpuPart {
        JOB("job_jvm", "the job's JVM (Flink MiniCluster)"),
        KAFKA("kafka_broker", "Kafka broker"),
        CLICKHOUSE("clickhouse", "ClickHouse server"),
        REST("rest_of_machine", "the rest of the machine (other processes, the kernel)"),
        MACHINE("machine", "the whole machine");

        final String key;
        final String label;

        CpuPart(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** Microseconds of this part's CPU per event of run {@code t}. */
        double micros(BenchJobs.Timed t) {
            CpuMeter.Use u = t.cpu();
            double seconds = switch (this) {
                case JOB -> u.job();
                case KAFKA -> u.kafka();
                case CLICKHOUSE -> u.clickhouse();
                case REST -> u.rest();
                case MACHINE -> u.machine();
            };
            return t.microsPerRecord(seconds);
        }
    }

    /**
     * Where the busy phase's CPU went, per event and process, and what the full job's processes would need at the
     * target rate: on a machine whose speed swings from one run to the next, CPU per event is the steadier measure.
     */
    private void cpuTable(StringBuilder b) {
        double target = 150_000;
        b.append("CPU per event over the busy phase, µs (from /proc, medians of ")
                .append(rocksRuns.size())
                .append(" runs), and the cores the full job's processes would need at ")
                .append(rate(target))
                .append(" (µs per event × events/s; the machine has ")
                .append(Runtime.getRuntime().availableProcessors())
                .append("):\n\n")
                .append("| process | parse-only | full, RocksDB | full at ")
                .append(rate(target))
                .append(" |\n|---|---|---|---|\n");
        for (CpuPart part : CpuPart.values()) {
            double full = medianMicros(rocksRuns, part);
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.2f cores |%n",
                    part.label,
                    medianMicros(parseRuns, part),
                    full,
                    full * target / 1e6));
        }
        b.append(String.format(
                Locale.ROOT,
                "| cores busy on average | %.2f | %.2f | |%n%n",
                medianCoresBusy(parseRuns),
                medianCoresBusy(rocksRuns)));
        // the last run's: the warmest (the first run's JIT compiles a tenth of the JVM's CPU)
        BenchJobs.Timed last = rocksRuns.get(rocksRuns.size() - 1);
        Map<String, Double> threads = last.cpu() == null ? Map.of() : last.cpu().jobThreads();
        double total =
                threads.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) return;
        b.append(
                "The full job's JVM by thread in the last run, the warmest (/proc; a Flink task's thread is named after"
                        + " its chain, cut to 15 characters; a Java profiler's samples miss native code such as RocksDB's): ");
        threads.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(12)
                .forEach(e ->
                        b.append(String.format(Locale.ROOT, "%s %.1f %%; ", e.getKey(), 100 * e.getValue() / total)));
        b.append("\n\n");
    }

    /** The median over {@code runs} (those with a CPU measure) of {@code part}'s µs per event; NaN if none. */
    private static double medianMicros(List<BenchJobs.Timed> runs, CpuPart part) {
        return medianMeasured(runs, part::micros);
    }

    private static double medianCoresBusy(List<BenchJobs.Timed> runs) {
        return medianMeasured(runs, t -> t.cpu().coresBusy());
    }

    private static double medianOf(List<BenchJobs.Timed> runs, ToDoubleFunction<BenchJobs.Timed> figure) {
        List<Double> values = new ArrayList<>();
        for (BenchJobs.Timed t : runs) values.add(figure.applyAsDouble(t));
        return median(values);
    }

    /** The median over the runs of the full job's rate over the parse-only job's in the same run. */
    private double medianRatio() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rocksRuns.size(); i++)
            ratios.add(rocksRuns.get(i).rate() / parseRuns.get(i).rate());
        return median(ratios);
    }

    /** The median of {@code figure} over the runs with a CPU measure; NaN if none has one. */
    private static double medianMeasured(List<BenchJobs.Timed> runs, ToDoubleFunction<BenchJobs.Timed> figure) {
        List<Double> values = new ArrayList<>();
        for (BenchJobs.Timed t : runs) if (t.cpu() != null) values.add(figure.applyAsDouble(t));
        return values.isEmpty() ? Double.NaN : median(values);
    }

    void objectReuse(int run, BenchJobs.Timed off, BenchJobs.Timed on) {
        reuseOff.add(off.rate());
        reuseOn.add(on.rate());
        reuseRatios.add(on.rate() / off.rate());
        throughputRuns.get(throughputRuns.size() - 1).put("object_reuse_off", timed(off));
        throughputRuns.get(throughputRuns.size() - 1).put("object_reuse_on", timed(on));
    }

    double medianFullRate() {
        return medianOf(rocksRuns, BenchJobs.Timed::rate);
    }

    /** The profile of an extra run ({@code run}, after the measured ones; {@code rate}: its events/s under JFR). */
    void profile(Profiler.Summary s, int run, double rate) {
        profile = s;
        profileRun = run;
        profileRate = rate;
        Map<String, Object> p = new LinkedHashMap<>(Profiler.toMap(s));
        p.put("run", run);
        p.put("events_per_second_while_recorded", Math.round(rate));
        json.put("profile", p);
    }

    /** The official connector's set-up, or the one line saying why it was not measured. */
    void clickhouseOfficial(String description, boolean measured) {
        official = description;
        json.put("clickhouse_official_connector", map("measured", measured, "description", description));
    }

    void clickhouseRun(int run, ClickHouseBench.Result r) {
        sinkRates.add(r.sinkRowsPerSecond());
        rawRates.add(r.rawRowsPerSecond());
        sinkRatios.add(r.ratio());
        Map<String, Object> m = map(
                "run",
                run,
                "rows",
                r.rows(),
                "sink_rows_per_second",
                Math.round(r.sinkRowsPerSecond()),
                "plain_client_rows_per_second",
                Math.round(r.rawRowsPerSecond()),
                "ratio",
                round(r.ratio(), 3),
                "format",
                r.format(),
                "batches",
                r.batches());
        if (r.officialRowsPerSecond() > 0) {
            sinkSlotRates.add(r.sinkSlotRowsPerSecond());
            officialRates.add(r.officialRowsPerSecond());
            officialRatios.add(r.sinkOverOfficial());
            m.put("slot_rows", r.slotRows());
            m.put("sink_slot_rows_per_second", Math.round(r.sinkSlotRowsPerSecond()));
            m.put("official_rows_per_second", Math.round(r.officialRowsPerSecond()));
            m.put("sink_over_official", round(r.sinkOverOfficial(), 3));
        }
        clickhouseRuns.add(m);
    }

    void latency(LatencyBench.Result r, String why) {
        latencies.add(r);
        latencyWhy.add(why);
        json.put("latency", latencyJson);
        latencyJson.add(map(
                "rate_events_per_second",
                Math.round(r.rate()),
                "rate_chosen_as",
                why,
                "warmup_rate_events_per_second",
                r.warmupRate(),
                "jackpot_after_step",
                map("worst_first_5s_ms", r.worstWithin(5), "p99_from_5s_ms", LatencyBench.percentile(r.from(5), 99)),
                "measured_seconds",
                r.seconds(),
                "jackpot",
                latencyMap(r.jackpotMillis(), r.jackpotsInjected()),
                "jackpot_plain_kafka_read",
                latencyMap(r.plainReadMillis(), r.jackpotsInjected()),
                "machine_critical",
                latencyMap(r.criticalMillis(), r.burstsInjected())));
    }

    private static Map<String, Object> latencyMap(List<Long> ms, int injected) {
        return map(
                "injected",
                injected,
                "matched",
                ms.size(),
                "p50_ms",
                LatencyBench.percentile(ms, 50),
                "p95_ms",
                LatencyBench.percentile(ms, 95),
                "p99_ms",
                LatencyBench.percentile(ms, 99),
                "max_ms",
                ms.isEmpty() ? -1 : ms.get(ms.size() - 1));
    }

    void state(StateBench.Result r, BenchMain.Settings s, int rate, long events) {
        state = r;
        stateSetup = map(
                "machines",
                s.dayMachines(),
                "players",
                s.dayPlayers(),
                "floor_events_per_second",
                rate,
                "events",
                events,
                "floor_hours",
                events / (double) rate / 3600);
        json.put(
                "state",
                map(
                        "setup",
                        stateSetup,
                        "events_through",
                        r.events(),
                        "busy_seconds",
                        round(r.busySeconds(), 1),
                        "checkpoint_id",
                        r.checkpointId(),
                        "checkpoint_bytes",
                        r.checkpointBytes(),
                        "checkpoint_bytes_per_event",
                        r.events() == 0 ? 0 : round(r.checkpointBytes() / (double) r.events(), 1),
                        "heap_used_after_gc_bytes",
                        r.heapUsedBytes(),
                        "max_heap_bytes",
                        r.maxHeapBytes(),
                        "rss_bytes",
                        r.rssBytes(),
                        "checkpoint_bytes_by_operator",
                        r.bytesByOperator()));
    }

    // ------------------------------------------------------------------ output

    void write(Path dir, PrintStream out) throws Exception {
        json.put("total_seconds", round(totalSeconds, 0));
        json.put("load_average_at_end", loadAverage());
        json.put("failures", failures);
        Map<String, Object> medians = new LinkedHashMap<>();
        if (!parseRuns.isEmpty()) {
            medians.put("parse_only_events_per_second", Math.round(medianOf(parseRuns, BenchJobs.Timed::rate)));
            medians.put("full_rocksdb_events_per_second", Math.round(medianOf(rocksRuns, BenchJobs.Timed::rate)));
            medians.put("full_over_parse_only", round(medianRatio(), 3));
            if (!heapRates.isEmpty()) {
                medians.put("full_hashmap_events_per_second", Math.round(median(heapRates)));
                medians.put("hashmap_over_rocksdb", round(median(heapRatios), 3));
            }
            medians.put(
                    "full_rocksdb_warm_second_half_per_second",
                    Math.round(medianOf(rocksRuns, BenchJobs.Timed::warmRate)));
            medians.put(
                    "parse_only_warm_second_half_per_second",
                    Math.round(medianOf(parseRuns, BenchJobs.Timed::warmRate)));
            Map<String, Object> cpu = new LinkedHashMap<>();
            for (CpuPart part : CpuPart.values()) {
                cpu.put(
                        part.key,
                        map(
                                "parse_only",
                                round(medianMicros(parseRuns, part), 2),
                                "full_rocksdb",
                                round(medianMicros(rocksRuns, part), 2)));
            }
            medians.put("cpu_microseconds_per_event", cpu);
        }
        if (!reuseOn.isEmpty()) {
            medians.put("full_object_reuse_off_events_per_second", Math.round(median(reuseOff)));
            medians.put("full_object_reuse_on_events_per_second", Math.round(median(reuseOn)));
            medians.put("object_reuse_on_over_off", round(median(reuseRatios), 3));
        }
        if (!sinkRates.isEmpty()) {
            medians.put("clickhouse_sink_rows_per_second", Math.round(median(sinkRates)));
            medians.put("clickhouse_plain_client_rows_per_second", Math.round(median(rawRates)));
            medians.put("clickhouse_sink_over_plain", round(median(sinkRatios), 3));
        }
        if (!officialRates.isEmpty()) {
            medians.put("clickhouse_sink_slot_rows_per_second", Math.round(median(sinkSlotRates)));
            medians.put("clickhouse_official_rows_per_second", Math.round(median(officialRates)));
            medians.put("clickhouse_sink_over_official", round(median(officialRatios), 3));
        }
        json.put("medians", medians);
        json.put("throughput_runs", throughputRuns);
        json.put("clickhouse_runs", clickhouseRuns);
        String md = markdown();
        Files.createDirectories(dir);
        String day = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(date);
        markdownFile = dir.resolve("bench-" + day + ".md");
        jsonFile = dir.resolve("bench-" + day + ".json");
        Files.writeString(markdownFile, md);
        Files.writeString(
                jsonFile,
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        out.println();
        out.print(md);
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) json.get("machine");
        b.append("FloorWatch benchmark, ")
                .append(json.get("date"))
                .append(" (UTC); ")
                .append(m.get("cores"))
                .append(" cores (")
                .append(m.get("cpu"))
                .append("), ")
                .append(m.get("memory_gb"))
                .append(" GB, ")
                .append(m.get("java"))
                .append("; the job, the Kafka broker and ClickHouse share the cores")
                .append(" (1-minute load average ")
                .append(json.get("load_average_at_start"))
                .append(" at the start, ")
                .append(json.get("load_average_at_end"))
                .append(" at the end: other work on the machine shows there). ")
                .append(settings.runs() == 1 ? "One run" : "Medians of " + settings.runs() + " runs")
                .append(settings.quick() ? " (--quick: tiny sizes, the figures mean nothing)" : "")
                .append(".\n\n");
        b.append("| what | result | target | met |\n|---|---|---|---|\n");
        if (!parseRuns.isEmpty()) {
            double parse = medianOf(parseRuns, BenchJobs.Timed::rate),
                    rocks = medianOf(rocksRuns, BenchJobs.Timed::rate),
                    heap = median(heapRates),
                    ratio = medianRatio();
            b.append(row("Parse-only baseline: Kafka → parse and validate → discard", rate(parse), "", ""));
            b.append(row(
                    "Full job: every rule and aggregation, RocksDB, exactly-once checkpoints every "
                            + jsonJob("checkpoint_interval") + ", ClickHouse and webhook sinks",
                    rate(rocks),
                    "≥ 150,000 events/s",
                    met(rocks >= 150_000)));
            b.append(row("Full job / parse-only", fmt2(ratio) + "×", "≥ 0.5×", met(ratio >= 0.5)));
            if (!heapRates.isEmpty())
                b.append(row(
                        "Full job with heap state (hashmap)",
                        rate(heap) + " (" + fmt2(median(heapRatios)) + "× RocksDB)",
                        "",
                        ""));
        }
        if (!reuseOn.isEmpty()) {
            b.append(row(
                    "Full job (RocksDB), object reuse off → on, back to back",
                    rate(median(reuseOff)) + " → " + rate(median(reuseOn)) + " (" + fmt2(median(reuseRatios)) + "×)",
                    "",
                    ""));
        }
        if (!sinkRates.isEmpty()) {
            double ratio = median(sinkRatios);
            String format = String.valueOf(clickhouseRuns.get(0).get("format"));
            b.append(row(
                    "ClickHouse sink (one writer, " + format + ")",
                    String.format(Locale.ROOT, "%,.0f rows/s", median(sinkRates)),
                    "",
                    ""));
            b.append(row(
                    "Plain client POSTing the sink's very bytes",
                    String.format(Locale.ROOT, "%,.0f rows/s", median(rawRates)),
                    "",
                    ""));
            b.append(row("Sink / plain client", fmt2(ratio) + "×", "≥ 0.8×", met(ratio >= 0.8)));
            if (!officialRates.isEmpty()) {
                double vsOfficial = median(officialRatios);
                Object slotRows = clickhouseRuns.get(0).get("slot_rows");
                b.append(row(
                        String.format(
                                Locale.ROOT,
                                "ClickHouse sink, slot events alone (%,d rows, slot_events_live)",
                                slotRows),
                        String.format(Locale.ROOT, "%,.0f rows/s", median(sinkSlotRates)),
                        "",
                        ""));
                b.append(row(
                        "Same rows and table: " + official,
                        String.format(Locale.ROOT, "%,.0f rows/s", median(officialRates)),
                        "",
                        ""));
                b.append(row("Sink / official connector", fmt2(vsOfficial) + "×", "≥ 1×", met(vsOfficial >= 1)));
            } else if (official != null) {
                b.append(row(official, "—", "sink ≥ 1× official connector", "not measured"));
            }
        }
        for (int i = 0; i < latencies.size(); i++) {
            LatencyBench.Result latency = latencies.get(i);
            String at =
                    String.format(Locale.ROOT, " at %,d events/s (%s)", Math.round(latency.rate()), latencyWhy.get(i));
            b.append(row(
                    "JACKPOT alert latency p50 / p95 / p99" + at + " ("
                            + latency.jackpotMillis().size() + " of " + latency.jackpotsInjected() + " alerts)",
                    pct(latency.jackpotMillis()),
                    "p99 < 100 ms",
                    met(!latency.jackpotMillis().isEmpty()
                            && LatencyBench.percentile(latency.jackpotMillis(), 99) < 100)));
            b.append(row(
                    "Baseline: the same JACKPOTs' append to a plain Kafka consumer's read, beside the job in its JVM"
                            + at + ", p50 / p95 / p99 ("
                            + latency.plainReadMillis().size() + " read)",
                    pct(latency.plainReadMillis()),
                    "",
                    ""));
            if (latency.step()) {
                b.append(row(
                        "JACKPOT after the step: worst in its first 5 s; p99 from 5 s on",
                        latency.worstWithin(5) + " ms; " + LatencyBench.percentile(latency.from(5), 99) + " ms",
                        "< 100 ms within 5 s",
                        met(!latency.from(5).isEmpty() && LatencyBench.percentile(latency.from(5), 99) < 100)));
            }
            b.append(row(
                    "MACHINE_CRITICAL alert latency p50 / p95 / p99" + at + " ("
                            + latency.criticalMillis().size() + " of " + latency.burstsInjected() + " alerts)",
                    pct(latency.criticalMillis()),
                    "p99 < 5 s",
                    met(!latency.criticalMillis().isEmpty()
                            && LatencyBench.percentile(latency.criticalMillis(), 99) < 5000)));
        }
        if (state != null) {
            b.append(row(
                    String.format(
                            Locale.ROOT,
                            "State after %s h of a simulated day (%,d machines, %,d players, %,d events, %,d events/s"
                                    + " of floor time): checkpoint size",
                            stateSetup.get("floor_hours"),
                            stateSetup.get("machines"),
                            stateSetup.get("players"),
                            (Long) stateSetup.get("events"),
                            stateSetup.get("floor_events_per_second")),
                    mb(state.checkpointBytes()),
                    "< 1 GB",
                    met(state.checkpointBytes() < 1_000_000_000L)));
            b.append(row(
                    "Memory after that day: heap used after a full GC / process RSS",
                    mb(state.heapUsedBytes()) + " / " + mb(state.rssBytes()),
                    "",
                    ""));
        }
        b.append('\n');
        if (!throughputRuns.isEmpty()) {
            b.append("Per run (events/s over the busy phase, first to last record; warm second half in brackets):\n\n");
            b.append("| run | parse-only | full, RocksDB | full, hashmap |\n|---|---|---|---|\n");
            for (Map<String, Object> r : throughputRuns) {
                b.append("| ")
                        .append(r.get("run"))
                        .append(" | ")
                        .append(cell(r.get("parse_only")))
                        .append(" | ")
                        .append(cell(r.get("full_rocksdb")))
                        .append(" | ")
                        .append(cell(r.get("full_hashmap")))
                        .append(" |\n");
            }
            b.append('\n');
        }
        if (!Double.isNaN(medianMicros(rocksRuns, CpuPart.MACHINE))) cpuTable(b);
        if (!clickhouseRuns.isEmpty()) {
            b.append("ClickHouse per run: ");
            for (Map<String, Object> r : clickhouseRuns) {
                b.append(String.format(
                        Locale.ROOT,
                        "run %s sink %,d rows/s, plain %,d rows/s (%s×)",
                        r.get("run"),
                        (Long) r.get("sink_rows_per_second"),
                        (Long) r.get("plain_client_rows_per_second"),
                        r.get("ratio")));
                if (r.containsKey("official_rows_per_second")) {
                    b.append(String.format(
                            Locale.ROOT,
                            ", slot table sink %,d rows/s vs official connector %,d rows/s (%s×)",
                            (Long) r.get("sink_slot_rows_per_second"),
                            (Long) r.get("official_rows_per_second"),
                            r.get("sink_over_official")));
                }
                b.append("; ");
            }
            b.append("\n\n");
        }
        if (profile != null) {
            b.append("Profile of the full job in run ")
                    .append(profileRun)
                    .append(String.format(
                            Locale.ROOT,
                            ", an extra run outside the medians (%,.0f events/s while recorded; JFR, ",
                            profileRate))
                    .append(profile.samples())
                    .append(" execution samples, ")
                    .append(profile.file().getFileName())
                    .append("; Java code only: JFR does not sample threads in native code, such as RocksDB's, a third")
                    .append(" or more of the per-entity task's CPU by perf): top frames\n\n");
            for (Profiler.Hot h : profile.topFrames())
                b.append(String.format(Locale.ROOT, "- %5.1f %% `%s`%n", h.percent(), h.method()));
            b.append("\nFloorWatch methods on the sampled stacks (callees included)\n\n");
            for (Profiler.Hot h : profile.floorWatchInclusive())
                b.append(String.format(Locale.ROOT, "- %5.1f %% `%s`%n", h.percent(), h.method()));
            b.append('\n');
        }
        for (String f : failures) b.append("FAILED: ").append(f).append("\n\n");
        b.append(String.format(Locale.ROOT, "Whole benchmark: %.0f s.%n", totalSeconds));
        return b.toString();
    }

    private String jsonJob(String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) json.get("job");
        return job == null
                ? "?"
                : String.valueOf(job.get(key)).replace("PT", "").toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static String cell(Object o) {
        Map<String, Object> t = (Map<String, Object>) o;
        if (t.isEmpty()) return "—";
        return String.format(Locale.ROOT, "%,d (%,d)", (Long) t.get("events_per_second"), (Long)
                t.get("warm_second_half_per_second"));
    }

    private static String row(String what, String result, String target, String met) {
        return "| " + what + " | " + result + " | " + target + " | " + met + " |\n";
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%,.0f events/s", r);
    }

    private static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String pct(List<Long> ms) {
        if (ms.isEmpty()) return "no alerts matched";
        return LatencyBench.percentile(ms, 50) + " / " + LatencyBench.percentile(ms, 95) + " / "
                + LatencyBench.percentile(ms, 99) + " ms";
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }

    /** The 1-minute load average (other processes on the machine compete for the same cores). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) return 0;
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double round(double d, int places) {
        double f = Math.pow(10, places);
        return Math.round(d * f) / f;
    }
}
