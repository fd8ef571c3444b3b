package io.floorwatch.simulator;

import io.floorwatch.simulator.Mix.Salt;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * How the floor's devices write an event (SPEC §4): event ids, money, SAS codes and timestamps in every shape the input
 * format allows, in the shares a real floor mixes them. The one place that knows the JSON encoding of values.
 */
final class WireFormat {
    private final long seed;
    private final ZoneId zone;

    WireFormat(SimulatorSettings settings) {
        this.seed = settings.seed();
        this.zone = ZoneId.of(settings.zoneId());
    }

    /**
     * Event {@code index} with its id (a version-4 UUID from the seed and index) and places for its type and timestamp,
     * which come first in every event.
     */
    Json newEvent(long index) {
        SplittableRandom id = new SplittableRandom(Mix.mix(seed, index, Salt.EVENT_ID_HIGH.value));
        long msb = (id.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (Mix.mix(seed, index, Salt.EVENT_ID_LOW.value) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        Json j = new Json();
        j.str("event_id", new UUID(msb, lsb).toString());
        j.raw("event_type", "null");
        j.raw("event_timestamp", "null");
        return j;
    }

    /** Mostly ISO-8601 UTC; also with the casino's offset, epoch millis (number or string), local time. */
    String timestamp(long t, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        if (u < 0.88) return '"' + iso(t, ZoneOffset.UTC) + '"';
        if (u < 0.93) return '"' + iso(t, zone.getRules().getOffset(Instant.ofEpochMilli(t))) + '"';
        if (u < 0.98) return Long.toString(t);
        if (u < 0.99) return '"' + Long.toString(t) + '"';
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(t), zone);
        // an ambiguous or skipped local time (a DST change) would not say which instant it is
        if (zone.getRules().getValidOffsets(local).size() != 1) return '"' + iso(t, ZoneOffset.UTC) + '"';
        String s = iso(t, zone.getRules().getOffset(Instant.ofEpochMilli(t)));
        return '"' + s.substring(0, 23) + '"';
    }

    /** Money as JSON: mostly a number with two decimals, sometimes a numeric string or a shorter number. */
    static String money(long cents, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        if (u < 0.80) return dollars(cents);
        if (u < 0.90) return '"' + dollars(cents) + '"';
        long whole = cents / 100;
        long frac = cents % 100;
        if (frac == 0) return Long.toString(whole);
        return frac % 10 == 0 ? whole + "." + frac / 10 : dollars(cents);
    }

    static String dollars(long cents) {
        long frac = cents % 100;
        return cents / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    /** Cents of a money token written by {@link #money}: 12, 12.5, 12.50 or "12.50"; 0 when absent. */
    static long cents(String token) {
        if (token == null) return 0;
        String s = Json.unquote(token);
        int dot = s.indexOf('.');
        if (dot < 0) return Long.parseLong(s) * 100;
        String frac = s.substring(dot + 1);
        return Long.parseLong(s.substring(0, dot)) * 100
                + (frac.isEmpty()
                        ? 0
                        : frac.length() == 1 ? (frac.charAt(0) - '0') * 10L : Long.parseLong(frac.substring(0, 2)));
    }

    /**
     * A SAS code as a machine's host sends it: mostly {@code "0x61"}, sometimes without the prefix or lower-case, and a
     * code whose hex digits are all decimal sometimes as a JSON number of those digits ({@code 61}).
     */
    static String errorCode(String code, SplittableRandom rnd) {
        String hex = code.substring(2);
        double u = rnd.nextDouble();
        if (u < 0.2 && hex.chars().allMatch(Character::isDigit)) return hex;
        if (u < 0.35) return Json.quote(hex);
        if (u < 0.45) return Json.quote(code.toLowerCase(Locale.ROOT));
        return Json.quote(code);
    }

    /** yyyy-MM-ddTHH:mm:ss.SSS plus Z or ±HH:MM, without DateTimeFormatter (it is slow). */
    static String iso(long t, ZoneOffset offset) {
        long local = t + offset.getTotalSeconds() * 1000L;
        long days = Math.floorDiv(local, 86_400_000L);
        long msOfDay = Math.floorMod(local, 86_400_000L);
        LocalDate d = LocalDate.ofEpochDay(days);
        StringBuilder b = new StringBuilder(29);
        b.append(d.getYear()).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append('T');
        two(b, (int) (msOfDay / 3_600_000)).append(':');
        two(b, (int) (msOfDay / 60_000 % 60)).append(':');
        two(b, (int) (msOfDay / 1000 % 60)).append('.');
        int ms = (int) (msOfDay % 1000);
        if (ms < 100) b.append('0');
        if (ms < 10) b.append('0');
        b.append(ms);
        int off = offset.getTotalSeconds();
        if (off == 0) return b.append('Z').toString();
        b.append(off < 0 ? '-' : '+');
        off = Math.abs(off);
        two(b, off / 3600).append(':');
        two(b, off / 60 % 60);
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        if (v < 10) b.append('0');
        return b.append(v);
    }
}
