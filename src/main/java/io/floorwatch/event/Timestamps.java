package io.floorwatch.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the accepted timestamp forms (SPEC §4) into UTC epoch milliseconds: ISO-8601 with {@code Z} or an
 * offset, ISO-8601 local date-time (read in the casino's zone), epoch milliseconds as digits.
 *
 * <p>The common shapes ({@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM|±HH)?}) are read by hand: {@code java.time}
 * parsing costs more than the whole JSON parse (PERFORMANCE.md). Anything else falls back to {@code java.time}
 * ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, then {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME}), so the two
 * paths agree: the hand-written reader takes only text those formatters accept, with the same result
 * (TimestampsPropertyTest), and leaves everything else to them.
 */
public final class Timestamps {
    private Timestamps() {}

    /** @throws IllegalArgumentException when the text is no accepted timestamp */
    public static long parseText(String s, ZoneId localZone) {
        if (s.isEmpty()) throw new IllegalArgumentException("empty timestamp");
        if (allDigits(s)) {
            if (s.length() > 15) throw new IllegalArgumentException("epoch milliseconds out of range: " + s);
            return Long.parseLong(s);
        }
        long fast = fastIso(s, localZone);
        if (fast != Long.MIN_VALUE) return fast;
        OffsetDateTime offset = null;
        try {
            offset = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException ignored) {
            // not an offset date-time; try local
        }
        try {
            Instant instant = offset != null
                    ? offset.toInstant()
                    : LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                            .atZone(localZone)
                            .toInstant();
            return instant.toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "not an ISO-8601 date-time or epoch milliseconds: '" + abbreviate(s) + "'");
        } catch (ArithmeticException e) { // a year such as +999999999: no epoch milliseconds in a long
            throw new IllegalArgumentException("date-time out of range: '" + abbreviate(s) + "'");
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /**
     * Hand-written reader of yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±HH:MM|±HH] ({@code T} and {@code Z} in either case, ASCII
     * digits only), exactly as {@code java.time}'s ISO formatters read them; MIN_VALUE if the shape differs, and then
     * {@code java.time} decides (it rejects a space for the {@code T}, {@code ±HHMM}, and non-ASCII digits).
     */
    static long fastIso(String s, ZoneId zone) {
        int n = s.length();
        if (n < 19) return Long.MIN_VALUE;
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return Long.MIN_VALUE;
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int len = i - start;
            if (len == 0 || len > 9) return Long.MIN_VALUE;
            for (int k = 0; k < 3; k++) millis = millis * 10 + (k < len ? s.charAt(start + k) - '0' : 0);
        }
        int offsetSeconds;
        boolean local = false;
        if (i == n) {
            local = true;
            offsetSeconds = 0;
        } else if ((s.charAt(i) == 'Z' || s.charAt(i) == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int oh, om;
            if (n - i == 6 && s.charAt(i + 3) == ':') {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 4, 2);
            } else if (n - i == 3) {
                oh = digits(s, i + 1, 2);
                om = 0;
            } else {
                return Long.MIN_VALUE;
            }
            if (oh < 0 || om < 0 || oh > 18 || om > 59) return Long.MIN_VALUE;
            offsetSeconds = sign * (oh * 3600 + om * 60);
            if (Math.abs(offsetSeconds) > 18 * 3600) return Long.MIN_VALUE; // java.time's bound, and its message
        } else {
            return Long.MIN_VALUE;
        }
        try {
            LocalDateTime ldt = LocalDateTime.of(year, month, day, hour, minute, second);
            long epochSecond = local
                    ? ZonedDateTime.of(ldt, zone).toEpochSecond()
                    // as ldt.toEpochSecond(ZoneOffset.ofTotalSeconds(o)), without that method's cache lookup
                    : ldt.toEpochSecond(java.time.ZoneOffset.UTC) - offsetSeconds;
            return epochSecond * 1000 + millis;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date-time '" + abbreviate(s) + "': " + e.getMessage());
        }
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
