package io.floorwatch.bench;

import com.sun.net.httpserver.HttpServer;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.simulator.FloorSimulator;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import io.floorwatch.sink.clickhouse.ClickHouseHttp;
import io.floorwatch.sink.clickhouse.ClickHouseSinks;
import io.floorwatch.sink.clickhouse.SchemaInstaller;
import io.floorwatch.topology.SinkSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ClickHouse sink against a plain client inserting the very same bytes.
 *
 * <p>The rows are the simulator's events, parsed into {@link FloorEvent}s (four raw tables, routed per event as in
 * the job). The sink runs in a one-slot Flink job without checkpoints (the source replays an in-memory array), timed
 * from its first row to the end of the job (the sink's final flush is synchronous). The plain client's bytes are the
 * sink's own requests, captured by a recording HTTP endpoint in a separate pass, then POSTed one after another with
 * {@code java.net.http} to ClickHouse: same tables, same format, same batches.
 */
final class ClickHouseBench {
    record Result(long rows, double sinkRowsPerSecond, double rawRowsPerSecond, String format, int batches) {
        double ratio() {
            return rawRowsPerSecond > 0 ? sinkRowsPerSecond / rawRowsPerSecond : 0;
        }
    }

    private record Captured(String query, byte[] body) {}

    private static final String CAPTURE_DB = "bench_capture";
    /** The rows of the current run, read by the generator source inside the same JVM. */
    static volatile FloorEvent[] rows = new FloorEvent[0];

    private static final AtomicLong firstRowNanos = new AtomicLong();

    private final FloorWatchConfig cfg;
    private final String clickhouseUrl;
    private final List<Captured> captured = new ArrayList<>();
    private final Path tmp;

    ClickHouseBench(FloorWatchConfig cfg, String clickhouseUrl, Path tmp) {
        this.cfg = cfg;
        this.clickhouseUrl = clickhouseUrl;
        this.tmp = tmp;
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
            runSink(settings("http://127.0.0.1:" + capture.getAddress().getPort(), CAPTURE_DB));
        } finally {
            capture.stop(0);
        }
        captured.addAll(requests);
    }

    Result run(int runNo) throws Exception {
        String sinkDb = "bench_sink_" + runNo, rawDb = "bench_raw_" + runNo;
        ClickHouseClientSettings sink = settings(clickhouseUrl, sinkDb), raw = settings(clickhouseUrl, rawDb);
        SchemaInstaller.apply(sink);
        SchemaInstaller.apply(raw);
        double sinkSeconds = runSink(sink);
        double rawSeconds = replay(rawDb);
        ClickHouseHttp http = new ClickHouseHttp(sink);
        http.execute("DROP DATABASE IF EXISTS " + sinkDb);
        http.execute("DROP DATABASE IF EXISTS " + rawDb);
        String format =
                captured.isEmpty() ? "?" : captured.get(0).query.contains("RowBinary") ? "RowBinary" : "JSONEachRow";
        return new Result(rows.length, rows.length / sinkSeconds, rows.length / rawSeconds, format, captured.size());
    }

    private ClickHouseClientSettings settings(String url, String database) {
        return SinkSettings.clickHouse(cfg).withConnection(url, database, "default", "");
    }

    /** Seconds from the sink's first row to the end of the job. */
    private double runSink(ClickHouseClientSettings settings) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        firstRowNanos.set(0);
        env.fromSource(
                        new DataGeneratorSource<>(
                                ClickHouseBench::row, rows.length, TypeInformation.of(FloorEvent.class)),
                        WatermarkStrategy.noWatermarks(),
                        "rows")
                .uid("rows")
                .sinkTo(ClickHouseSinks.create(settings, ClickHouseSinks.FLOOR_EVENTS))
                .uid("clickhouse")
                .name("clickhouse");
        env.execute("bench: ClickHouse sink");
        long end = System.nanoTime();
        return (end - firstRowNanos.get()) / 1e9;
    }

    private static FloorEvent row(Long index) {
        if (index == 0) firstRowNanos.compareAndSet(0, System.nanoTime());
        return rows[index.intValue()];
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
