package io.floorwatch.sink.webhook;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.sink.TrustStore;
import java.io.Serializable;
import java.time.Duration;

/**
 * Timeouts, backoff and bounds of delivery (the {@code webhook.*} keys).
 *
 * @param requestTimeout      hard deadline of one attempt: connect, response headers and response body
 * @param maxInFlight         requests in flight at once over all routes (a route with none in flight may still start one)
 * @param maxInFlightPerRoute requests in flight at once on one route: a stalled receiver holds at most this many
 * @param maxRetryAfter       the longest {@code Retry-After} honoured; longer, absurd or overflowing values are clamped to it
 */
public record DeliverySettings(
        Duration connectTimeout,
        Duration requestTimeout,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        int maxInFlight,
        int maxPending,
        Duration drainTimeout,
        TrustStore trustStore,
        int maxInFlightPerRoute,
        Duration maxRetryAfter)
        implements Serializable {

    /** The default of {@code webhook.max-retry-after}. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
    /** The default of {@code webhook.max-in-flight-per-route}. */
    public static final int MAX_IN_FLIGHT_PER_ROUTE = 8;

    /** With the JVM's default CAs. */
    public DeliverySettings(
            Duration connectTimeout,
            Duration requestTimeout,
            Duration retryBackoff,
            Duration maxRetryBackoff,
            int maxInFlight,
            int maxPending,
            Duration drainTimeout) {
        this(
                connectTimeout,
                requestTimeout,
                retryBackoff,
                maxRetryBackoff,
                maxInFlight,
                maxPending,
                drainTimeout,
                TrustStore.JVM_DEFAULT);
    }

    /** With the default per-route limit and Retry-After clamp. */
    public DeliverySettings(
            Duration connectTimeout,
            Duration requestTimeout,
            Duration retryBackoff,
            Duration maxRetryBackoff,
            int maxInFlight,
            int maxPending,
            Duration drainTimeout,
            TrustStore trustStore) {
        this(
                connectTimeout,
                requestTimeout,
                retryBackoff,
                maxRetryBackoff,
                maxInFlight,
                maxPending,
                drainTimeout,
                trustStore,
                Math.min(MAX_IN_FLIGHT_PER_ROUTE, maxInFlight),
                MAX_RETRY_AFTER);
    }

    public DeliverySettings {
        if (trustStore == null) trustStore = TrustStore.JVM_DEFAULT;
        if (maxRetryAfter == null) maxRetryAfter = MAX_RETRY_AFTER;
        if (maxInFlight <= 0 || maxPending <= 0 || maxInFlightPerRoute <= 0) {
            throw new IllegalArgumentException("maxInFlight, maxInFlightPerRoute and maxPending must be positive");
        }
        if (retryBackoff.isNegative() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= retryBackoff <= maxRetryBackoff");
        }
        if (maxRetryAfter.isNegative()) throw new IllegalArgumentException("maxRetryAfter must not be negative");
        if (requestTimeout.isNegative() || requestTimeout.isZero())
            throw new IllegalArgumentException("requestTimeout must be positive");
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
                new TrustStore(
                        config.get(Options.Tls.WEBHOOK_TRUST_STORE),
                        config.get(Options.Tls.WEBHOOK_TRUST_STORE_PASSWORD)),
                config.get(Options.WebhookLimits.MAX_IN_FLIGHT_PER_ROUTE),
                config.get(Options.WebhookLimits.MAX_RETRY_AFTER));
    }

    public static DeliverySettings defaults() {
        return fromConfig(FloorWatchConfig.of(java.util.Map.of("sources.mode", "simulator")));
    }

    /** What one route may have in flight: its own limit, never more than the total. */
    public int routeLimit() {
        return Math.min(maxInFlightPerRoute, maxInFlight);
    }

    public DeliverySettings withBackoff(Duration first, Duration max) {
        return new DeliverySettings(
                connectTimeout,
                requestTimeout,
                first,
                max,
                maxInFlight,
                maxPending,
                drainTimeout,
                trustStore,
                maxInFlightPerRoute,
                maxRetryAfter);
    }

    public DeliverySettings withBounds(int newMaxInFlight, int newMaxPending) {
        return new DeliverySettings(
                connectTimeout,
                requestTimeout,
                retryBackoff,
                maxRetryBackoff,
                newMaxInFlight,
                newMaxPending,
                drainTimeout,
                trustStore,
                maxInFlightPerRoute,
                maxRetryAfter);
    }

    public DeliverySettings withRouteLimit(int newMaxInFlightPerRoute) {
        return new DeliverySettings(
                connectTimeout,
                requestTimeout,
                retryBackoff,
                maxRetryBackoff,
                maxInFlight,
                maxPending,
                drainTimeout,
                trustStore,
                newMaxInFlightPerRoute,
                maxRetryAfter);
    }

    public DeliverySettings withMaxRetryAfter(Duration newMaxRetryAfter) {
        return new DeliverySettings(
                connectTimeout,
                requestTimeout,
                retryBackoff,
                maxRetryBackoff,
                maxInFlight,
                maxPending,
                drainTimeout,
                trustStore,
                maxInFlightPerRoute,
                newMaxRetryAfter);
    }

    public DeliverySettings withTrustStore(TrustStore newTrustStore) {
        return new DeliverySettings(
                connectTimeout,
                requestTimeout,
                retryBackoff,
                maxRetryBackoff,
                maxInFlight,
                maxPending,
                drainTimeout,
                newTrustStore,
                maxInFlightPerRoute,
                maxRetryAfter);
    }

    public DeliverySettings withTimeouts(Duration connect, Duration request, Duration drain) {
        return new DeliverySettings(
                connect,
                request,
                retryBackoff,
                maxRetryBackoff,
                maxInFlight,
                maxPending,
                drain,
                trustStore,
                maxInFlightPerRoute,
                maxRetryAfter);
    }
}
