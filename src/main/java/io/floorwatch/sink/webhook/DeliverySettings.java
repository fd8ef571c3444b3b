package io.floorwatch.sink.webhook;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.sink.TrustStore;

import java.io.Serializable;
import java.time.Duration;

/** Timeouts, backoff and bounds of delivery (the {@code webhook.*} keys). */
public record DeliverySettings(Duration connectTimeout, Duration requestTimeout, Duration retryBackoff,
                               Duration maxRetryBackoff, int maxInFlight, int maxPending, Duration drainTimeout,
                               TrustStore trustStore)
        implements Serializable {

    /** The longest Retry-After honoured; a receiver asking for more is retried after this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    /** With the JVM's default CAs. */
    public DeliverySettings(Duration connectTimeout, Duration requestTimeout, Duration retryBackoff,
                            Duration maxRetryBackoff, int maxInFlight, int maxPending, Duration drainTimeout) {
        this(connectTimeout, requestTimeout, retryBackoff, maxRetryBackoff, maxInFlight, maxPending, drainTimeout, TrustStore.JVM_DEFAULT);
    }

    public DeliverySettings {
        if (trustStore == null) trustStore = TrustStore.JVM_DEFAULT;
        if (maxInFlight <= 0 || maxPending <= 0) throw new IllegalArgumentException("maxInFlight and maxPending must be positive");
        if (retryBackoff.isNegative() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= retryBackoff <= maxRetryBackoff");
        }
    }

    public static DeliverySettings fromConfig(FloorWatchConfig config) {
        return new DeliverySettings(
                config.get(Options.WEBHOOK_CONNECT_TIMEOUT),
                config.get(Options.WEBHOOK_REQUEST_TIMEOUT),
                config.get(Options.WEBHOOK_RETRY_BACKOFF),
                config.get(Options.WEBHOOK_MAX_RETRY_BACKOFF),
                config.get(Options.WEBHOOK_MAX_IN_FLIGHT),
                config.get(Options.WEBHOOK_MAX_PENDING),
                config.get(Options.WebhookRouting.DRAIN_TIMEOUT),
                new TrustStore(config.get(Options.Tls.WEBHOOK_TRUST_STORE), config.get(Options.Tls.WEBHOOK_TRUST_STORE_PASSWORD)));
    }

    public static DeliverySettings defaults() {
        return fromConfig(FloorWatchConfig.of(java.util.Map.of("sources.mode", "simulator")));
    }

    public DeliverySettings withBackoff(Duration first, Duration max) {
        return new DeliverySettings(connectTimeout, requestTimeout, first, max, maxInFlight, maxPending, drainTimeout, trustStore);
    }

    public DeliverySettings withBounds(int newMaxInFlight, int newMaxPending) {
        return new DeliverySettings(connectTimeout, requestTimeout, retryBackoff, maxRetryBackoff, newMaxInFlight, newMaxPending,
                drainTimeout, trustStore);
    }

    public DeliverySettings withTrustStore(TrustStore newTrustStore) {
        return new DeliverySettings(connectTimeout, requestTimeout, retryBackoff, maxRetryBackoff, maxInFlight, maxPending, drainTimeout,
                newTrustStore);
    }

    public DeliverySettings withTimeouts(Duration connect, Duration request, Duration drain) {
        return new DeliverySettings(connect, request, retryBackoff, maxRetryBackoff, maxInFlight, maxPending, drain, trustStore);
    }
}
