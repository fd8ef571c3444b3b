package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Timestamps#parseText} against {@code java.time} on many generated strings (seeded, so a failure
 * reproduces): every accepted shape with fractions of 0 to 9 digits, offsets, local times in and around the
 * daylight-saving gaps and overlaps of America/Los_Angeles, epoch-millisecond digit strings, and mutations of them
 * (separators, digit classes, lengths). Each must give exactly what java.time gives, or be rejected where java.time
 * rejects it.
 */
class TimestampsPropertyTest {
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final ZoneId[] ZONES = {
        LA, LA, LA, ZoneId.of("UTC"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kolkata")
    };
    private static final long[] SEEDS = {20261206L, 1L, 0xF100_77A7CL};
    private static final int PER_SEED = 20_000;

    /** Characters a mutation puts in: ASCII separators and letters, and digits of other scripts and widths. */
    private static final String POOL = "0123456789 Tt Zz-+:.,_/xX\u0000\u00a0"
            + "\u0663\u06F5\u0967\u0E51\uFF10\uFF15\u07C1\u1041\u00B2\u2075\u0661\uFF34\uFF3A\u2212\u2010\u2013\uFE55";

    /** What java.time (and the epoch-digit rule of SPEC §4) says: the epoch milliseconds, or null for a rejection. */
    static Long reference(String s, ZoneId zone) {
        if (s.isEmpty()) return null;
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) return s.length() > 15 ? null : Long.parseLong(s);
        try {
            OffsetDateTime odt;
            try {
                odt = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException notOffset) {
                return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .atZone(zone)
                        .toInstant()
                        .toEpochMilli();
            }
            return odt.toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** parseText's answer in the same terms; anything but a value or IllegalArgumentException fails the test. */
    static Long actual(String s, ZoneId zone) {
        try {
            return Timestamps.parseText(s, zone);
        } catch (IllegalArgumentException e) {
            return null;
        } catch (RuntimeException e) {
            throw new AssertionError("parseText threw " + e + " instead of IllegalArgumentException for " + show(s), e);
        }
    }

    @Test
    void agreesWithJavaTimeOnGeneratedStrings() {
        int accepted = 0, rejected = 0, fast = 0, gapOrOverlap = 0, disagreements = 0;
        List<String> failures = new ArrayList<>();
        for (long seed : SEEDS) {
            Random r = new Random(seed);
            for (int k = 0; k < PER_SEED; k++) {
                ZoneId zone = ZONES[r.nextInt(ZONES.length)];
                Gen g = new Gen(r);
                String s = g.next();
                Long want = reference(s, zone);
                Long got = actual(s, zone);
                if (want == null ? got != null : !want.equals(got)) {
                    disagreements++;
                    if (failures.size() < 20) {
                        failures.add("seed " + seed + " #" + k + " " + show(s) + " in " + zone + ": java.time " + want
                                + ", parseText " + got);
                    }
                }
                if (want == null) rejected++;
                else accepted++;
                if (want != null && readByFastPath(s, zone)) fast++;
                if (g.dst && want != null && zone.equals(LA)) gapOrOverlap++;
            }
        }
        if (!failures.isEmpty()) fail(disagreements + " disagreements (the first 20):\n" + String.join("\n", failures));
        int total = SEEDS.length * PER_SEED;
        // the generator must reach both sides of the fence and the hand-written path, or this test proves little
        assertTrue(accepted > total / 4, "accepted " + accepted + " of " + total);
        assertTrue(rejected > total / 4, "rejected " + rejected + " of " + total);
        assertTrue(fast > total / 5, "the fast path read (and accepted) " + fast + " of " + total);
        assertTrue(gapOrOverlap > 500, "local times at a Los Angeles DST change: " + gapOrOverlap);
    }

    private static boolean readByFastPath(String s, ZoneId zone) {
        try {
            return Timestamps.fastIso(s, zone) != Long.MIN_VALUE;
        } catch (IllegalArgumentException invalidValue) { // the shape was its own, the date or offset invalid
            return true;
        }
    }

    /** Random timestamp text: a valid shape, then (often) a few mutations. */
    static final class Gen {
        final Random r;
        boolean dst;

        Gen(Random r) {
            this.r = r;
        }

        String next() {
            int kind = r.nextInt(20);
            if (kind == 0) return digits(1 + r.nextInt(18)); // epoch millis (and too-long digit strings)
            String s = valid();
            if (r.nextInt(5) < 2) return s; // 40 % untouched
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) s = mutate(s);
            return s;
        }

        String valid() {
            StringBuilder b = new StringBuilder(40);
            int year, month, day, hour, minute;
            int dstCase = r.nextInt(4);
            dst = dstCase == 0;
            if (dst) {
                // the hours around the America/Los_Angeles changes: spring gap 02:00-03:00, autumn overlap 01:00-02:00
                int[][] changes = {
                    {2024, 3, 10}, {2024, 11, 3}, {2025, 3, 9}, {2025, 11, 2}, {2026, 3, 8}, {2026, 11, 1}
                };
                int[] c = changes[r.nextInt(changes.length)];
                year = c[0];
                month = c[1];
                day = c[2];
                hour = r.nextInt(4);
                minute = r.nextInt(60);
            } else {
                year = r.nextInt(10) == 0 ? r.nextInt(10_000) : 1960 + r.nextInt(340);
                month = 1 + r.nextInt(r.nextInt(20) == 0 ? 13 : 12); // now and then 13
                day = 1 + r.nextInt(r.nextInt(10) == 0 ? 32 : 28); // now and then 29-32: leap days, 31 April
                hour = r.nextInt(r.nextInt(20) == 0 ? 25 : 24);
                minute = r.nextInt(r.nextInt(20) == 0 ? 61 : 60);
            }
            b.append(pad(year, 4)).append('-').append(pad(month, 2)).append('-').append(pad(day, 2));
            b.append(r.nextInt(10) == 0 ? 't' : 'T');
            b.append(pad(hour, 2)).append(':').append(pad(minute, 2));
            if (r.nextInt(15) != 0) { // seconds are optional in java.time
                b.append(':').append(pad(r.nextInt(r.nextInt(30) == 0 ? 61 : 60), 2));
                int f = r.nextInt(12); // 0-9 digits; now and then a bare '.' or 10
                if (f == 10) b.append('.');
                else if (f == 11) b.append('.').append(digits(10));
                else if (f > 0) b.append('.').append(digits(f));
            }
            switch (r.nextInt(9)) {
                case 0, 1, 2 -> {} // local
                case 3 -> b.append(r.nextInt(5) == 0 ? 'z' : 'Z');
                case 4, 5 ->
                    b.append(sign()).append(pad(r.nextInt(19), 2)).append(':').append(pad(r.nextInt(60), 2));
                case 6 -> b.append(sign()).append(pad(r.nextInt(20), 2));
                case 7 ->
                    b.append(sign())
                            .append(pad(r.nextInt(19), 2))
                            .append(':')
                            .append(pad(r.nextInt(60), 2))
                            .append(':')
                            .append(pad(r.nextInt(60), 2));
                default -> b.append(sign()).append(pad(r.nextInt(19), 2)).append(pad(r.nextInt(60), 2)); // ±HHMM
            }
            return b.toString();
        }

        String mutate(String s) {
            if (s.isEmpty()) return s;
            int i = r.nextInt(s.length());
            switch (r.nextInt(8)) {
                case 0, 1: // replace one character
                    return s.substring(0, i) + poolChar() + s.substring(i + 1);
                case 2: // replace a separator by another
                    for (int k = 0; k < s.length(); k++) {
                        int j = (i + k) % s.length();
                        if ("-T:.+Zt".indexOf(s.charAt(j)) >= 0)
                            return s.substring(0, j) + " -:T.+/Z,".charAt(r.nextInt(9)) + s.substring(j + 1);
                    }
                    return s;
                case 3: // an ASCII digit by the same digit of another script
                    for (int k = 0; k < s.length(); k++) {
                        int j = (i + k) % s.length();
                        char c = s.charAt(j);
                        if (c >= '0' && c <= '9') {
                            char[] zeros = {'\u0660', '\u06F0', '\u0966', '\u0E50', '\uFF10', '\u1040'};
                            return s.substring(0, j)
                                    + (char) (zeros[r.nextInt(zeros.length)] + (c - '0'))
                                    + s.substring(j + 1);
                        }
                    }
                    return s;
                case 4: // insert
                    return s.substring(0, i) + poolChar() + s.substring(i);
                case 5: // delete
                    return s.substring(0, i) + s.substring(i + 1);
                case 6: // cut the end off
                    return s.substring(0, i);
                default: // lengthen a digit run or the text
                    return r.nextBoolean()
                            ? s.substring(0, i) + digits(1 + r.nextInt(3)) + s.substring(i)
                            : s + digits(1 + r.nextInt(4));
            }
        }

        private char sign() {
            return r.nextBoolean() ? '+' : '-';
        }

        private char poolChar() {
            return POOL.charAt(r.nextInt(POOL.length()));
        }

        private String digits(int n) {
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) b.append((char) ('0' + r.nextInt(10)));
            return b.toString();
        }

        private static String pad(int v, int width) {
            StringBuilder b = new StringBuilder(Integer.toString(v));
            while (b.length() < width) b.insert(0, '0');
            return b.toString();
        }
    }

    static String show(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) b.append(c);
            else b.append(String.format("\\u%04X", (int) c));
        }
        return b.append('\'').toString();
    }
}
