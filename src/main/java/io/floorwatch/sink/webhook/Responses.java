package io.floorwatch.sink.webhook;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * How the writer reads a receiver's answer: delivered (2xx), tried again (no answer, 429, 5xx; after the
 * {@code Retry-After} the receiver asks for, else after the shared {@link io.floorwatch.sink.RetryPolicy}'s backoff) or
 * failed for good (any other status).
 */
final class Responses {
    private Responses() {}

    /** Network errors and timeouts (no status), 429 and 5xx are retried; other non-2xx statuses never are. */
    static boolean retryable(int statusCode) {
        return statusCode == 429 || (statusCode >= 500 && statusCode <= 599);
    }

    static boolean delivered(int statusCode) {
        return statusCode >= 200 && statusCode <= 299;
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
