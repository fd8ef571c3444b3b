package io.floorwatch.bench;

import com.sun.net.httpserver.HttpServer;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorSimulator;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import io.floorwatch.sink.clickhouse.ClickHouseHttp;
import io.floorwatch.sink.clickhouse.ClickHouseSinks;
import io.floorwatch.sink.clickhouse.SchemaInstaller;
import io.floorwatch.sink.clickhouse.Tables;
import io.floorwatch.topology.SinkSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ClickHouse sink against a plain client inserting the very same bytes.
 *
 * <p>The rows are the simulator's events, parsed into {@link FloorEvent}s (four raw tables, routed per event as in
 * the job). The sink runs in a one-slot Flink job without checkpoints (the source replays an in-memory array), timed
 * from its first row to the end of the job (the sink's final flush is synchronous). The plain client's bytes are the
 * sink's own requests, captured by a recording HTTP endpoint in a separate pass, then POSTed one after another with
 * {@code java.net.http} to ClickHouse: same tables, same format, same batches.
 *
 * <p>Head to head with another Flink sink ({@link Contender}; the official ClickHouse connector, when the benchmark
 * is built with {@code -Pofficial-clickhouse-connector}, see {@code OfficialConnectorBench}): the slot events alone
 * (one raw table, {@code slot_events_live}), written once by our sink and once by the contender, each into a fresh
 * database, in the same one-slot job shape, timed the same way; which of the two goes first alternates per run. The
 * contender has one untimed pass first, as our sink has the capture pass.
 */
final class ClickHouseBench {
    /**
     * One run. The head to head on the slot table: {@code slotRows} rows, our sink's and the contender's rates
     * ({@code officialRowsPerSecond} 0 when no contender ran).
     */
    record Result(
            long rows,
            double sinkRowsPerSecond,
            double rawRowsPerSecond,
            String format,
            int batches,
            long slotRows,
            double sinkSlotRowsPerSecond,
            double officialRowsPerSecond) {
        double ratio() {
            return rawRowsPerSecond > 0 ? sinkRowsPerSecond / rawRowsPerSecond : 0;
        }

        double sinkOverOfficial() {
            return officialRowsPerSecond > 0 ? sinkSlotRowsPerSecond / officialRowsPerSecond : 0;
        }
    }

    /**
     * Another sink for the head to head, loaded by name so that the benchmark builds without it: a public class with a
     * public no-argument constructor.
     */
    interface Contender {
        /** What it is, for the report: name, version, format, batching. */
        String describe(ClickHouseClientSettings.Batching batching);

        /** A sink writing {@link FloorEvent}s of {@link Source#SLOT} into {@code database.table}. */
        Sink<FloorEvent> slotSink(
                String url,
                String user,
                String password,
                String database,
                String table,
                ClickHouseClientSettings.Batching batching)
                throws Exception;
    }

    /** The class of the official connector's contender, in src/bench-official/java (Maven profile). */
    static final String OFFICIAL_CONTENDER = "io.floorwatch.bench.OfficialConnectorBench";

    static final String OFFICIAL_NOT_MEASURED = "official ClickHouse Flink connector not measured: the benchmark was"
            + " built without it (its artifact is not served by the Maven registry here: build it from source,"
            + " then run with FLOORWATCH_BENCH_PROFILES=official-clickhouse-connector, see src/bench-official/README.md)";

    private record Captured(String query, byte[] body) {}

    private static final String CAPTURE_DB = "bench_capture";
    /** All the rows (the four raw tables), as parsed. */
    static volatile FloorEvent[] rows = new FloorEvent[0];
    /** The rows of the slot table alone, for the head to head. */
    static volatile FloorEvent[] slotRows = new FloorEvent[0];
    /** The rows the generator source of the current job reads, inside the same JVM. */
    private static volatile FloorEvent[] jobRows = new FloorEvent[0];

    private static final AtomicLong firstRowNanos = new AtomicLong();

    private final FloorWatchConfig cfg;
    private final String clickhouseUrl;
    private final List<Captured> captured = new ArrayList<>();
    private final Path tmp;
    /** Null when the benchmark was built without it. */
    private final Contender contender;

    ClickHouseBench(FloorWatchConfig cfg, String clickhouseUrl, Path tmp) {
        this.cfg = cfg;
        this.clickhouseUrl = clickhouseUrl;
        this.tmp = tmp;
        this.contender = loadContender(OFFICIAL_CONTENDER);
    }

    private static Contender loadContender(String className) {
        try {
            return (Contender) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (LinkageError e) {
            // the class was built with the profile, but the connector is not on this classpath
            throw new IllegalStateException(
                    className + " is in the benchmark's jar but the official connector is not on the classpath;"
                            + " rebuild with or without FLOORWATCH_BENCH_PROFILES=official-clickhouse-connector",
                    e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }

    /** The official connector as set up for the head to head, or why it is not measured. */
    String contenderDescription() {
        return contender == null
                ? OFFICIAL_NOT_MEASURED
                : contender.describe(settings(clickhouseUrl, CAPTURE_DB).batching());
    }

    boolean hasContender() {
        return contender != null;
    }

    /** Parses {@code count} simulator records into events (the invalid ones are left out) and captures the sink's requests. */
    void prepare(FloorSimulator simulator, long count) throws Exception {
        EventParser parser = cfg.eventParser();
        List<FloorEvent> events = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (long i = 0; i < count; i++) {
            RawRecord generated = simulator.record(i);
            RawRecord raw = new RawRecord(
                    generated.source(), generated.topic(), generated.partition(), i, now, generated.payload());
            ParsedRecord p = parser.parse(raw, now);
            if (p.isValid()) events.add(p.event);
        }
        rows = events.toArray(FloorEvent[]::new);
        slotRows = events.stream().filter(e -> e.source == Source.SLOT).toArray(FloorEvent[]::new);
        ConcurrentLinkedQueue<Captured> requests = new ConcurrentLinkedQueue<>();
        HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        capture.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.add(new Captured(ex.getRequestURI().getRawQuery(), body));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        capture.start();
        try {
            runSink(settings("http://127.0.0.1:" + capture.getAddress().getPort(), CAPTURE_DB), rows);
        } finally {
            capture.stop(0);
        }
        captured.addAll(requests);
        if (contender != null) {
            // the capture pass above ran our sink's code over every row, so it is warm (JIT, class loading) in the
            // timed runs: one untimed pass of the contender over the slot rows, for the same start
            slotRowsPerSecond(0, true);
        }
    }

    Result run(int runNo) throws Exception {
        String sinkDb = "bench_sink_" + runNo, rawDb = "bench_raw_" + runNo;
        ClickHouseClientSettings sink = settings(clickhouseUrl, sinkDb), raw = settings(clickhouseUrl, rawDb);
        SchemaInstaller.apply(sink);
        SchemaInstaller.apply(raw);
        double sinkSeconds = runSink(sink, rows);
        double rawSeconds = replay(rawDb);
        ClickHouseHttp http = new ClickHouseHttp(sink);
        http.execute("DROP DATABASE IF EXISTS " + sinkDb);
        http.execute("DROP DATABASE IF EXISTS " + rawDb);
        String format =
                captured.isEmpty() ? "?" : captured.get(0).query.contains("RowBinary") ? "RowBinary" : "JSONEachRow";
        double sinkSlot = 0, official = 0;
        if (contender != null) {
            // the head to head: the slot rows alone, each sink into its own fresh database; the order alternates
            if (runNo % 2 == 1) {
                sinkSlot = slotRowsPerSecond(runNo, false);
                official = slotRowsPerSecond(runNo, true);
            } else {
                official = slotRowsPerSecond(runNo, true);
                sinkSlot = slotRowsPerSecond(runNo, false);
            }
        }
        return new Result(
                rows.length,
                rows.length / sinkSeconds,
                rows.length / rawSeconds,
                format,
                captured.size(),
                slotRows.length,
                sinkSlot,
                official);
    }

    /**
     * The slot rows through our sink or the contender, into a fresh database ({@code runNo} 0: the warm-up); rows/s,
     * every row checked in.
     */
    private double slotRowsPerSecond(int runNo, boolean official) throws Exception {
        String db = (official ? "bench_official_" : "bench_slot_") + runNo;
        ClickHouseClientSettings target = settings(clickhouseUrl, db);
        SchemaInstaller.apply(target);
        String table = Tables.rawTable(Source.SLOT);
        double seconds;
        if (official) {
            Sink<FloorEvent> sink = contender.slotSink(clickhouseUrl, "default", "", db, table, target.batching());
            seconds = timeJob(
                    slotRows,
                    "bench: official ClickHouse connector",
                    s -> s.sinkTo(sink).uid("clickhouse-official").name("clickhouse-official"));
        } else {
            seconds = runSink(target, slotRows);
        }
        // the table replaces rows of the same event_id (the simulator repeats a few, as Kafka replays do), and a
        // background merge may have done so already: compare distinct event ids
        ClickHouseHttp http = new ClickHouseHttp(target);
        long stored = Long.parseLong(http.query("SELECT uniqExact(event_id) FROM " + target.qualified(table))
                .trim());
        http.execute("DROP DATABASE IF EXISTS " + db);
        long expected = Arrays.stream(slotRows).map(e -> e.eventId).distinct().count();
        if (stored != expected)
            throw new IllegalStateException((official ? "the official connector" : "our sink") + " stored " + stored
                    + " of " + expected + " distinct slot events");
        return slotRows.length / seconds;
    }

    private ClickHouseClientSettings settings(String url, String database) {
        return SinkSettings.clickHouse(cfg).withConnection(url, database, "default", "");
    }

    /** Seconds from the sink's first row to the end of the job. */
    private double runSink(ClickHouseClientSettings settings, FloorEvent[] data) throws Exception {
        return timeJob(
                data,
                "bench: ClickHouse sink",
                s -> s.sinkTo(ClickHouseSinks.create(settings, ClickHouseSinks.FLOOR_EVENTS))
                        .uid("clickhouse")
                        .name("clickhouse"));
    }

    /**
     * Seconds from the first row to the end of a one-slot job without checkpoints that reads {@code data} from memory
     * into the sink {@code attach} adds (a sink's final flush is part of the job).
     */
    private double timeJob(FloorEvent[] data, String name, Function<DataStream<FloorEvent>, ?> attach)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        firstRowNanos.set(0);
        jobRows = data;
        attach.apply(env.fromSource(
                        new DataGeneratorSource<>(
                                ClickHouseBench::row, data.length, TypeInformation.of(FloorEvent.class)),
                        WatermarkStrategy.noWatermarks(),
                        "rows")
                .uid("rows"));
        env.execute(name);
        long end = System.nanoTime();
        return (end - firstRowNanos.get()) / 1e9;
    }

    private static FloorEvent row(Long index) {
        if (index == 0) firstRowNanos.compareAndSet(0, System.nanoTime());
        return jobRows[index.intValue()];
    }

    /** POSTs the captured requests to ClickHouse one after another, into {@code database}; seconds taken. */
    private double replay(String database) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long t0 = System.nanoTime();
        for (Captured c : captured) {
            String query = c.query.replace(CAPTURE_DB, database);
            HttpRequest request = HttpRequest.newBuilder(URI.create(clickhouseUrl + "/?" + query))
                    .header("X-ClickHouse-User", "default")
                    .header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.body))
                    .build();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200)
                throw new IllegalStateException("raw insert failed: " + r.statusCode() + " " + r.body());
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
