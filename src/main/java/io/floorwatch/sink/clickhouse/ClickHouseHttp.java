package io.floorwatch.sink.clickhouse;

import io.floorwatch.logging.Urls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * ClickHouse over its HTTP interface with {@link HttpClient}: statements, queries and batch inserts.
 * Credentials travel in the {@code X-ClickHouse-User} / {@code X-ClickHouse-Key} headers and never
 * appear in a URL, a log line or an exception message.
 */
public final class ClickHouseHttp {
    /** Longest piece of an error answer kept in an exception message. */
    private static final int MAX_ERROR_CHARS = 1000;

    private final ClickHouseClientSettings settings;
    private final HttpClient client;

    public ClickHouseHttp(ClickHouseClientSettings settings) {
        this.settings = settings;
        Duration connect = settings.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
                ? settings.requestTimeout()
                : Duration.ofSeconds(10);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // ClickHouse speaks HTTP/1.1; skip the h2c upgrade dance
                .connectTimeout(connect)
                .sslContext(settings.connection().trustStore().sslContext()) // a server signed by a private CA
                .build();
    }

    public ClickHouseClientSettings settings() {
        return settings;
    }

    /** Runs one statement (DDL, INSERT ... VALUES, SYSTEM ...). */
    public void execute(String sql) throws IOException, InterruptedException {
        query(sql);
    }

    /** Runs one query and returns its answer (TabSeparated unless the SQL says FORMAT ...). */
    public String query(String sql) throws IOException, InterruptedException {
        HttpRequest request = request("")
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        return send(request, "query");
    }

    /**
     * One attempt to insert a batch into {@code table} of the configured database: {@code format} is
     * {@code JSONEachRow} or {@code RowBinary}; {@code columns} may be empty (all columns, JSON only).
     * Synchronous ({@code async_insert=0}; the chdb server defaults to 1): when this returns, the rows
     * are written. The token makes a re-sent identical batch a no-op on the server.
     */
    public void insert(
            String table,
            String format,
            List<String> columns,
            byte[] body,
            int offset,
            int length,
            String deduplicationToken)
            throws IOException, InterruptedException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(settings.qualified(table));
        if (!columns.isEmpty()) {
            sql.append(" (");
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) sql.append(", ");
                sql.append('`').append(columns.get(i)).append('`');
            }
            sql.append(')');
        }
        sql.append(" FORMAT ").append(format);
        String params = "&async_insert=0"
                + "&insert_deduplicate=1"
                + "&insert_deduplication_token=" + encode(deduplicationToken)
                + "&date_time_input_format=basic"
                + "&input_format_skip_unknown_fields=0"
                // rows of events from many days (a replay, a device with a wrong clock) must not fail the insert
                + "&max_partitions_per_insert_block=0";
        HttpRequest request = request("query=" + encode(sql.toString()) + params)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body, offset, length))
                .build();
        send(request, "insert into " + table);
    }

    private HttpRequest.Builder request(String query) {
        ClickHouseClientSettings.Connection c = settings.connection();
        URI uri = URI.create(c.url() + "/" + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(settings.requestTimeout()).header("X-ClickHouse-User", c.user());
        if (!c.password().isEmpty()) b.header("X-ClickHouse-Key", c.password());
        return b;
    }

    private String send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Refused, reset, timed out: the server may be restarting.
            throw new ClickHouseException(
                    "ClickHouse " + what + " at " + Urls.forLog(settings.url()) + " failed: " + e, 0, e);
        }
        int status = response.statusCode();
        if (status == 200) return response.body();
        String body = response.body() == null ? "" : response.body().strip();
        if (body.length() > MAX_ERROR_CHARS) body = body.substring(0, MAX_ERROR_CHARS) + "...";
        String code =
                response.headers().firstValue("X-ClickHouse-Exception-Code").orElse("?");
        throw new ClickHouseException(
                "ClickHouse " + what + " at " + Urls.forLog(settings.url()) + " answered HTTP " + status + " (code "
                        + code + "): " + body,
                status,
                null);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
