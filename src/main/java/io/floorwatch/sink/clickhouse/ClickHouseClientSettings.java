package io.floorwatch.sink.clickhouse;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Option;
import io.floorwatch.config.Options;
import io.floorwatch.sink.TrustStore;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the ClickHouse sink writes: the {@code clickhouse.*} keys, resolved once and shipped
 * to the writers. {@link #toString()} never shows the password.
 */
public record ClickHouseClientSettings(
        String url,
        String database,
        String user,
        String password,
        int batchRows,
        int batchBytes,
        Duration flushInterval,
        int maxRetries,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Duration requestTimeout,
        TrustStore trustStore)
        implements Serializable {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** With the JVM's default CAs. */
    public ClickHouseClientSettings(
            String url,
            String database,
            String user,
            String password,
            int batchRows,
            int batchBytes,
            Duration flushInterval,
            int maxRetries,
            Duration retryBackoff,
            Duration maxRetryBackoff,
            Duration requestTimeout) {
        this(
                url,
                database,
                user,
                password,
                batchRows,
                batchBytes,
                flushInterval,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                requestTimeout,
                TrustStore.JVM_DEFAULT);
    }

    public ClickHouseClientSettings {
        if (trustStore == null) trustStore = TrustStore.JVM_DEFAULT;
        Objects.requireNonNull(url, "url");
        if (url.isBlank())
            throw new IllegalArgumentException(Options.CLICKHOUSE_URL.key() + ": empty (the ClickHouse sink is off)");
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        // The name is spliced into SQL: only plain identifiers.
        if (database == null || !IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException(Options.CLICKHOUSE_DATABASE.key() + ": '" + database
                    + "' is not a plain identifier (letters, digits, underscore)");
        }
        user = user == null || user.isEmpty() ? "default" : user;
        password = password == null ? "" : password;
        if (batchRows < 1) throw new IllegalArgumentException("batchRows < 1");
        if (batchBytes < 1) throw new IllegalArgumentException("batchBytes < 1");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The {@code clickhouse.*} keys of a configuration (the password may come from FLOORWATCH_CLICKHOUSE_PASSWORD). */
    public static ClickHouseClientSettings from(FloorWatchConfig cfg) {
        return new ClickHouseClientSettings(
                cfg.get(Options.CLICKHOUSE_URL),
                cfg.get(Options.CLICKHOUSE_DATABASE),
                cfg.get(Options.CLICKHOUSE_USER),
                cfg.get(Options.CLICKHOUSE_PASSWORD),
                cfg.get(Options.CLICKHOUSE_BATCH_ROWS),
                cfg.get(Options.CLICKHOUSE_BATCH_BYTES),
                cfg.get(Options.CLICKHOUSE_FLUSH_INTERVAL),
                cfg.get(Options.CLICKHOUSE_MAX_RETRIES),
                cfg.get(Options.CLICKHOUSE_RETRY_BACKOFF),
                cfg.get(Options.CLICKHOUSE_MAX_RETRY_BACKOFF),
                cfg.get(Options.CLICKHOUSE_REQUEST_TIMEOUT),
                new TrustStore(
                        cfg.get(Options.Tls.CLICKHOUSE_TRUST_STORE),
                        cfg.get(Options.Tls.CLICKHOUSE_TRUST_STORE_PASSWORD)));
    }

    /** Defaults of {@link Options} for everything but the connection (tests, tools). */
    public static ClickHouseClientSettings of(String url, String database, String user, String password) {
        return new ClickHouseClientSettings(
                url,
                database,
                user,
                password,
                byDefault(Options.CLICKHOUSE_BATCH_ROWS),
                byDefault(Options.CLICKHOUSE_BATCH_BYTES),
                byDefault(Options.CLICKHOUSE_FLUSH_INTERVAL),
                byDefault(Options.CLICKHOUSE_MAX_RETRIES),
                byDefault(Options.CLICKHOUSE_RETRY_BACKOFF),
                byDefault(Options.CLICKHOUSE_MAX_RETRY_BACKOFF),
                byDefault(Options.CLICKHOUSE_REQUEST_TIMEOUT));
    }

    private static <T> T byDefault(Option<T> option) {
        return option.parse(option.defaultValue());
    }

    public ClickHouseClientSettings withConnection(String url, String database, String user, String password) {
        return new ClickHouseClientSettings(
                url,
                database,
                user,
                password,
                batchRows,
                batchBytes,
                flushInterval,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                requestTimeout,
                trustStore);
    }

    public ClickHouseClientSettings withBatching(int batchRows, int batchBytes, Duration flushInterval) {
        return new ClickHouseClientSettings(
                url,
                database,
                user,
                password,
                batchRows,
                batchBytes,
                flushInterval,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                requestTimeout,
                trustStore);
    }

    public ClickHouseClientSettings withRetries(
            int maxRetries, Duration retryBackoff, Duration maxRetryBackoff, Duration requestTimeout) {
        return new ClickHouseClientSettings(
                url,
                database,
                user,
                password,
                batchRows,
                batchBytes,
                flushInterval,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                requestTimeout,
                trustStore);
    }

    public ClickHouseClientSettings withTrustStore(TrustStore newTrustStore) {
        return new ClickHouseClientSettings(
                url,
                database,
                user,
                password,
                batchRows,
                batchBytes,
                flushInterval,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                requestTimeout,
                newTrustStore);
    }

    /** {@code `database`.`table`}. */
    public String qualified(String table) {
        return '`' + database + "`.`" + table + '`';
    }

    @Override
    public String toString() {
        return "ClickHouseClientSettings[url=" + io.floorwatch.config.FloorWatchConfig.redactedUrl(url) + ", database="
                + database + ", user=" + user
                + ", password=" + (password.isEmpty() ? "(none)" : "******") + ", batchRows=" + batchRows
                + ", batchBytes=" + batchBytes + ", flushInterval=" + flushInterval + ", maxRetries=" + maxRetries
                + ", retryBackoff=" + retryBackoff + ", maxRetryBackoff=" + maxRetryBackoff
                + ", requestTimeout=" + requestTimeout + ", trustStore=" + trustStore + "]";
    }
}
