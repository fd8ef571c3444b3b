package io.floorwatch.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How both sinks wait before trying a failed request again: exponential backoff from {@code firstBackoff}, doubling
 * up to {@code maxBackoff}, with "equal jitter" (each wait between half and all of its exponential value, so writers
 * that failed together do not all come back at the same instant), for at most {@code maxRetries} retries.
 *
 * <p>The ClickHouse writer gives up after its retries and fails the task (the job restarts from its last checkpoint);
 * the webhook writer retries for as long as the alert is pending ({@link #UNLIMITED}): an alert is delivered or refused
 * by its receiver, never dropped by the sender. What counts as retryable, and a receiver's {@code Retry-After}, stay
 * with each sink.
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff) implements Serializable {
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must not be negative");
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= retryBackoff <= maxRetryBackoff");
        }
    }

    /** Retries for as long as the caller keeps the request. */
    public static RetryPolicy unlimited(Duration firstBackoff, Duration maxBackoff) {
        return new RetryPolicy(UNLIMITED, firstBackoff, maxBackoff);
    }

    /** True when a request that has failed {@code failures} times may be tried once more. */
    public boolean mayRetry(int failures) {
        return failures <= maxRetries;
    }

    /**
     * The wait after the {@code failures}-th failure in a row (1 for the first): between half and all of
     * {@code firstBackoff * 2^(failures - 1)}, that capped at {@code maxBackoff}. Overflow-safe for any count.
     */
    public long backoffMillis(int failures) {
        long base = firstBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long d = base << shift;
        if (d < 0 || d > cap || (shift > 0 && (d >> shift) != base)) d = cap;
        if (d <= 1) return d;
        long half = d / 2;
        return half + ThreadLocalRandom.current().nextLong(d - half + 1);
    }
}
