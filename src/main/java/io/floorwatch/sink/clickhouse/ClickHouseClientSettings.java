package io.floorwatch.sink.clickhouse;

import io.floorwatch.logging.Urls;
import io.floorwatch.sink.RetryPolicy;
import io.floorwatch.sink.TrustStore;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the ClickHouse writers write, resolved once (the topology builds it from the {@code clickhouse.*}
 * keys) and shipped to the writers. {@link #toString()} never shows the password.
 *
 * @param retry          how a failed insert is retried before the writer gives up
 * @param requestTimeout timeout of one request
 */
public record ClickHouseClientSettings(
        Connection connection, Batching batching, RetryPolicy retry, Duration requestTimeout) implements Serializable {

    /**
     * The server and who logs in. An invalid value is reported with the field's name first ({@code "database: ..."}).
     *
     * @param trustStore the CAs the client trusts (a server signed by a private CA)
     */
    public record Connection(String url, String database, String user, String password, TrustStore trustStore)
            implements Serializable {
        private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Connection {
            Objects.requireNonNull(url, "url");
            if (url.isBlank()) throw new IllegalArgumentException("url: empty (the ClickHouse sink is off)");
            while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
            // The name is spliced into SQL: only plain identifiers.
            if (database == null || !IDENTIFIER.matcher(database).matches()) {
                throw new IllegalArgumentException(
                        "database: '" + database + "' is not a plain identifier (letters, digits, underscore)");
            }
            user = user == null || user.isEmpty() ? "default" : user;
            password = password == null ? "" : password;
            if (trustStore == null) trustStore = TrustStore.JVM_DEFAULT;
        }

        @Override
        public String toString() {
            return "Connection[url=" + Urls.forLog(url) + ", database=" + database + ", user=" + user + ", password="
                    + (password.isEmpty() ? "(none)" : "******") + ", trustStore=" + trustStore + "]";
        }
    }

    /** A batch goes out at {@code rows} rows or {@code bytes} bytes, or {@code flushInterval} after its first row. */
    public record Batching(int rows, int bytes, Duration flushInterval) implements Serializable {
        public Batching {
            if (rows < 1 || bytes < 1) throw new IllegalArgumentException("batch rows and bytes must be positive");
            Objects.requireNonNull(flushInterval, "flushInterval");
        }
    }

    /** For tools and tests (schema installs, queries): batches of 20,000 rows, 8 MiB or 1 s; 30 retries from 200 ms. */
    private static final Batching TOOL_BATCHING = new Batching(20_000, 8 << 20, Duration.ofSeconds(1));

    private static final RetryPolicy TOOL_RETRY = new RetryPolicy(30, Duration.ofMillis(200), Duration.ofSeconds(10));

    public ClickHouseClientSettings {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A connection with the batching and retries of a tool (30 s requests, JVM default CAs). */
    public static ClickHouseClientSettings of(String url, String database, String user, String password) {
        return new ClickHouseClientSettings(
                new Connection(url, database, user, password, TrustStore.JVM_DEFAULT),
                TOOL_BATCHING,
                TOOL_RETRY,
                Duration.ofSeconds(30));
    }

    /** The same settings against another server (the trust store is kept). */
    public ClickHouseClientSettings withConnection(String url, String database, String user, String password) {
        return withConnection(new Connection(url, database, user, password, connection.trustStore()));
    }

    public ClickHouseClientSettings withConnection(Connection newConnection) {
        return new ClickHouseClientSettings(newConnection, batching, retry, requestTimeout);
    }

    public ClickHouseClientSettings withTrustStore(TrustStore trustStore) {
        Connection c = connection;
        return withConnection(new Connection(c.url(), c.database(), c.user(), c.password(), trustStore));
    }

    public ClickHouseClientSettings withBatching(int rows, int bytes, Duration flushInterval) {
        return new ClickHouseClientSettings(
                connection, new Batching(rows, bytes, flushInterval), retry, requestTimeout);
    }

    public ClickHouseClientSettings withRetries(
            int maxRetries, Duration retryBackoff, Duration maxRetryBackoff, Duration newRequestTimeout) {
        RetryPolicy policy = new RetryPolicy(maxRetries, retryBackoff, maxRetryBackoff);
        return new ClickHouseClientSettings(connection, batching, policy, newRequestTimeout);
    }

    public String url() {
        return connection.url();
    }

    public String database() {
        return connection.database();
    }

    /** {@code `database`.`table`}. */
    public String qualified(String table) {
        return '`' + connection.database() + "`.`" + table + '`';
    }
}
