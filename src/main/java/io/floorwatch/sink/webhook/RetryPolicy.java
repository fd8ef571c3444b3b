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

    /** {@link #retryAfter(Optional, long, Duration)} clamped to {@link DeliverySettings#MAX_RETRY_AFTER}. */
    static Optional<Duration> retryAfter(Optional<String> header, long nowMillis) {
        return retryAfter(header, nowMillis, DeliverySettings.MAX_RETRY_AFTER);
    }

    /**
     * Retry-After as delta-seconds or an HTTP date, clamped to {@code [0, max]}; empty when absent or unreadable (then
     * the exponential backoff applies). Overflow-safe: a delta of any number of digits or a date in year 9999 gives
     * {@code max}, never an exception.
     */
    static Optional<Duration> retryAfter(Optional<String> header, long nowMillis, Duration max) {
        if (header.isEmpty()) return Optional.empty();
        String v = header.get().trim();
        if (v.isEmpty()) return Optional.empty();
        long maxMillis = max.toMillis();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // delta-seconds (RFC 9110: 1*DIGIT). Compare before multiplying: 19+ digits or seconds * 1000 overflow
            // long.
            String digits = v.replaceFirst("^0+(?=.)", "");
            if (digits.length() > 15) return Optional.of(Duration.ofMillis(maxMillis));
            long millis = Long.parseLong(digits) * 1000L;
            return Optional.of(Duration.ofMillis(Math.min(millis, maxMillis)));
        }
        if (v.length() > 64) return Optional.empty(); // no HTTP date is that long
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
            long delta = at <= nowMillis ? 0 : at - nowMillis; // both within +-year 9999: no overflow
            return Optional.of(Duration.ofMillis(Math.min(delta, maxMillis)));
        } catch (RuntimeException notADate) {
            return Optional.empty(); // also "-5", "1e9", "soon"
        }
    }
}
