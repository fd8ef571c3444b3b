package io.floorwatch.sink.webhook;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** What to do after an attempt, and how long to wait before the next. */
final class RetryPolicy {
    private RetryPolicy() {}

    /** Network errors and timeouts (no status), 429 and 5xx are retried; other non-2xx statuses never are. */
    static boolean retryable(int statusCode) {
        return statusCode == 429 || (statusCode >= 500 && statusCode <= 599);
    }

    static boolean delivered(int statusCode) {
        return statusCode >= 200 && statusCode <= 299;
    }

    /** Exponential backoff with "equal jitter": between half and all of first * 2^(failures-1), capped. */
    static long backoffMillis(int consecutiveFailures, Duration first, Duration max) {
        long base = first.toMillis();
        long cap = max.toMillis();
        int shift = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
        long d = base << shift;
        if (d < 0 || d > cap || (shift > 0 && (d >> shift) != base)) d = cap;
        if (d <= 1) return d;
        long half = d / 2;
        return half + ThreadLocalRandom.current().nextLong(d - half + 1);
    }

    /** Retry-After as delta-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(Optional<String> header, long nowMillis) {
        if (header.isEmpty()) return Optional.empty();
        String v = header.get().trim();
        if (v.isEmpty()) return Optional.empty();
        try {
            long seconds = Long.parseLong(v);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Optional.of(Duration.ofMillis(Math.max(0, at - nowMillis)));
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }
}
