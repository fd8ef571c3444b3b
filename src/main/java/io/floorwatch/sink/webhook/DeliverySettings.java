package io.floorwatch.sink.webhook;

import io.floorwatch.sink.RetryPolicy;
import io.floorwatch.sink.TrustStore;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts, backoff and bounds of delivery, resolved once (the topology builds it from the {@code webhook.*} keys).
 *
 * @param retry         the backoff between attempts on a route; unlimited retries (an alert is never given up)
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer, absurd or overflowing values are clamped to it
 * @param trustStore    the CAs the client trusts (endpoints signed by a private CA)
 */
public record DeliverySettings(
        Timeouts timeouts, Limits limits, RetryPolicy retry, Duration maxRetryAfter, TrustStore trustStore)
        implements Serializable {

    /**
     * @param request hard deadline of one attempt: connect, response headers and response body
     * @param drain   at the end of input, how long the writer waits for undelivered messages before giving up loudly
     */
    public record Timeouts(Duration connect, Duration request, Duration drain) implements Serializable {
        public Timeouts {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(drain, "drain");
            if (request.isNegative() || request.isZero())
                throw new IllegalArgumentException("requestTimeout must be positive");
        }
    }

    /**
     * @param maxInFlight         requests in flight at once over all routes (a route with none in flight may still
     *                            start one)
     * @param maxInFlightPerRoute requests in flight at once on one route: a stalled receiver holds at most this many
     * @param maxPending          undelivered messages before {@code write} blocks (backpressure)
     */
    public record Limits(int maxInFlight, int maxInFlightPerRoute, int maxPending) implements Serializable {
        public Limits {
            if (maxInFlight <= 0 || maxPending <= 0 || maxInFlightPerRoute <= 0) {
                throw new IllegalArgumentException("maxInFlight, maxInFlightPerRoute and maxPending must be positive");
            }
        }

        /** What one route may have in flight: its own limit, never more than the total. */
        public int routeLimit() {
            return Math.min(maxInFlightPerRoute, maxInFlight);
        }
    }

    public DeliverySettings {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetryAfter.isNegative()) throw new IllegalArgumentException("maxRetryAfter must not be negative");
        if (trustStore == null) trustStore = TrustStore.JVM_DEFAULT;
    }

    public DeliverySettings withBackoff(Duration first, Duration max) {
        return new DeliverySettings(timeouts, limits, RetryPolicy.unlimited(first, max), maxRetryAfter, trustStore);
    }

    public DeliverySettings withTimeouts(Duration connect, Duration request, Duration drain) {
        return new DeliverySettings(new Timeouts(connect, request, drain), limits, retry, maxRetryAfter, trustStore);
    }

    public DeliverySettings withBounds(int maxInFlight, int maxPending) {
        Limits l = new Limits(maxInFlight, limits.maxInFlightPerRoute(), maxPending);
        return new DeliverySettings(timeouts, l, retry, maxRetryAfter, trustStore);
    }

    public DeliverySettings withRouteLimit(int maxInFlightPerRoute) {
        Limits l = new Limits(limits.maxInFlight(), maxInFlightPerRoute, limits.maxPending());
        return new DeliverySettings(timeouts, l, retry, maxRetryAfter, trustStore);
    }

    public DeliverySettings withMaxRetryAfter(Duration newMaxRetryAfter) {
        return new DeliverySettings(timeouts, limits, retry, newMaxRetryAfter, trustStore);
    }

    public DeliverySettings withTrustStore(TrustStore newTrustStore) {
        return new DeliverySettings(timeouts, limits, retry, maxRetryAfter, newTrustStore);
    }
}
