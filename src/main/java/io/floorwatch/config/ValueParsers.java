package io.floorwatch.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.MemorySize;

/** Parsers for the value forms of SPEC §3: durations like {@code 5s}, times of day, money, URLs. */
final class ValueParsers {
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+)\\s*(ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)");

    private ValueParsers() {}

    static String string(String raw) {
        return raw == null ? "" : raw;
    }

    /**
     * A secret (or credential) that travels in an HTTP header or is shared byte for byte with another system:
     * printable US-ASCII, 0x20-0x7E, without leading or trailing spaces. Not the whole range HTTP allows
     * (ISO-8859-1 "obs-text" is obsolete, RFC 9110 5.5): Java's HTTP client sends such a character as one
     * Latin-1 byte while ClickHouse and most receivers compare UTF-8 bytes, so a password with an "é" could never
     * match, and a character above 0xFF or a CR/LF is refused by the client with the header value in its exception.
     * The message never contains the value, only what is wrong with it.
     */
    static String headerCredential(String raw) {
        String v = raw == null ? "" : raw;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c <= 0x7E) continue;
            String where = i == v.length() - 1 ? " at its end" : "";
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException(
                        "contains a line break" + where + " (a secret file's trailing newline?); "
                                + "it must be printable US-ASCII (0x20-0x7E): it travels in an HTTP header (value not shown)");
            }
            throw new IllegalArgumentException("contains a "
                    + (c < 0x20 || c == 0x7F ? "control character" : "non-ASCII character")
                    + where + "; it must be printable US-ASCII (0x20-0x7E): it travels in an HTTP header or is shared "
                    + "byte for byte with the receiver (value not shown)");
        }
        if (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ')) {
            throw new IllegalArgumentException(
                    "starts or ends with a space, which HTTP drops from header values (value not shown)");
        }
        return v;
    }

    /** A password used only inside this JVM (a trust store's): any text without control characters or edge whitespace. */
    static String localSecret(String raw) {
        String v = raw == null ? "" : raw;
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new IllegalArgumentException("contains a "
                        + (v.charAt(i) == '\n' || v.charAt(i) == '\r' ? "line break" : "control character")
                        + (i == v.length() - 1 ? " at its end" : "")
                        + " (a secret file's trailing newline?) (value not shown)");
            }
        }
        if (!v.equals(v.strip()))
            throw new IllegalArgumentException("starts or ends with whitespace (value not shown)");
        return v;
    }

    static boolean bool(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new IllegalArgumentException("expected true or false, got '" + raw + "'");
    }

    static int positiveInt(String raw) {
        return (int) wholeNumber(raw, Integer::parseInt, 1);
    }

    static int nonNegativeInt(String raw) {
        return (int) wholeNumber(raw, Integer::parseInt, 0);
    }

    static long nonNegativeLong(String raw) {
        return wholeNumber(raw, Long::parseLong, 0);
    }

    static long positiveLong(String raw) {
        return wholeNumber(raw, Long::parseLong, 1);
    }

    /** A whole number in the range of {@code parse} (int or long), at least {@code min}: 1 (positive) or 0. */
    private static long wholeNumber(String raw, ToLongFunction<String> parse, long min) {
        long v = parsed(raw, parse::applyAsLong, "a whole number");
        if (v < min)
            throw new IllegalArgumentException((min > 0 ? "must be positive" : "must not be negative") + ", got " + v);
        return v;
    }

    static double positiveDouble(String raw) {
        double v = parsed(raw, Double::parseDouble, "a number");
        if (!(v > 0) || Double.isInfinite(v))
            throw new IllegalArgumentException("must be a positive number, got " + raw);
        return v;
    }

    static double fraction(String raw) {
        double v = parsed(raw, Double::parseDouble, "a number between 0 and 1");
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("must be between 0 and 1, got " + raw);
        return v;
    }

    /** A ratio from 0 to 1 as an exact decimal (for money arithmetic without binary floating point). */
    static BigDecimal decimalFraction(String raw) {
        BigDecimal v = parsed(raw, BigDecimal::new, "a number between 0 and 1");
        if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0)
            throw new IllegalArgumentException("must be between 0 and 1, got " + raw);
        return v;
    }

    /** {@code raw}, trimmed, read by {@code parse}; a value it cannot read is "expected {@code expected}". */
    private static <T> T parsed(String raw, Function<String, T> parse, String expected) {
        try {
            return parse.apply(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + expected + ", got '" + raw + "'");
        }
    }

    /** An enum constant's name, case-insensitive, returned upper-case. */
    static Function<String, String> enumName(Class<? extends Enum<?>> type) {
        return raw -> {
            String v = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
            for (Enum<?> c : type.getEnumConstants()) if (c.name().equals(v)) return v;
            StringBuilder names = new StringBuilder();
            for (Enum<?> c : type.getEnumConstants())
                names.append(names.length() == 0 ? "" : ", ").append(c.name());
            throw new IllegalArgumentException("expected one of " + names + ", got '" + raw + "'");
        };
    }

    /** Dollars with at most 2 decimals, returned as exact cents. */
    static long moneyCents(String raw) {
        try {
            BigDecimal v = new BigDecimal(raw.trim());
            if (v.signum() < 0) throw new IllegalArgumentException("must not be negative, got " + raw);
            return v.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected dollars with at most 2 decimals, got '" + raw + "'");
        }
    }

    /** A memory size like 640mb or 1g (Flink's notation), at least 64 MB. */
    static MemorySize memorySize(String raw) {
        MemorySize size;
        try {
            size = MemorySize.parse(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a memory size like 640mb or 1g, got '" + raw + "'");
        }
        if (size.compareTo(MemorySize.ofMebiBytes(64)) < 0) {
            throw new IllegalArgumentException("expected at least 64mb, got '" + raw + "'");
        }
        return size;
    }

    static Duration duration(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a duration like 500ms, 5s, 10min, 1h or 1d, got '" + raw + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static LocalTime timeOfDay(String raw) {
        try {
            return LocalTime.parse(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a time of day like \"06:00\", got '" + raw + "'");
        }
    }

    static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a time zone like America/Los_Angeles, got '" + raw + "'");
        }
    }

    /** Empty means "off"; otherwise an absolute http(s) URL. */
    static String optionalUrl(String raw) {
        String v = raw == null ? "" : raw.trim();
        if (v.isEmpty()) return "";
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "expected an http:// or https:// URL with a host, got '" + raw + "'");
            }
            return v;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: '" + raw + "' (" + e.getReason() + ")");
        }
    }

    static Function<String, String> oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return raw -> {
            String v = raw.trim();
            if (!set.contains(v)) {
                throw new IllegalArgumentException(
                        "expected one of " + String.join(", ", allowed) + ", got '" + raw + "'");
            }
            return v;
        };
    }

    /** The W-2G table: {@code 1970-01-01=1200,2026-01-01=2000} (date from which a threshold in dollars applies). */
    static TreeMap<LocalDate, Long> datedThresholds(String raw) {
        TreeMap<LocalDate, Long> table = new TreeMap<>();
        for (String part : raw.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) eq = p.indexOf(':');
            if (eq < 0) throw new IllegalArgumentException("expected DATE=DOLLARS entries, got '" + p + "'");
            LocalDate from;
            try {
                from = LocalDate.parse(p.substring(0, eq).trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected an ISO date like 2026-01-01, got '"
                        + p.substring(0, eq).trim() + "'");
            }
            table.put(from, moneyCents(p.substring(eq + 1)));
        }
        if (table.isEmpty()) throw new IllegalArgumentException("the table needs at least one DATE=DOLLARS entry");
        return table;
    }

    static String mapToString(Map<?, ?> map) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (b.length() > 0) b.append(',');
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
