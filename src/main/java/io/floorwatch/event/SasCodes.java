package io.floorwatch.event;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * SAS general exception codes and their {@link ErrorCategory} (SPEC §8.5): the default table, overridden per code by
 * {@code rules.sas-codes.<hex>}. A code is hexadecimal, looked up lowercased without a {@code 0x} prefix or leading
 * zeros, so {@code 61}, {@code "61"}, {@code "0x61"} and {@code "0X061"} are all 0x61; a missing or non-hex code is
 * {@link ErrorCategory#OTHER} (overrides name hex codes only).
 */
public final class SasCodes implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default table alone (no overrides). */
    public static final SasCodes DEFAULTS = new SasCodes(Map.of());

    /** Normalised hex code -> category, from configuration. */
    private final TreeMap<String, ErrorCategory> overrides;

    public SasCodes(Map<String, ErrorCategory> overrides) {
        this.overrides = new TreeMap<>();
        overrides.forEach((code, category) -> {
            String hex = normalize(code);
            if (hex == null) throw new IllegalArgumentException("not a hexadecimal SAS code: " + code);
            this.overrides.put(hex, category);
        });
    }

    /** The category of an error code as sent (null = missing). */
    public ErrorCategory categoryOf(String code) {
        String hex = normalize(code);
        if (hex == null) return ErrorCategory.OTHER;
        ErrorCategory override = overrides.get(hex);
        return override != null ? override : defaultCategory(hex);
    }

    /**
     * The lookup form of a code: trimmed, lowercased, without a {@code 0x} prefix and leading zeros ({@code "0"} for
     * zero); null when missing or not hexadecimal.
     */
    public static String normalize(String code) {
        if (code == null) return null;
        String s = code.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("0x")) s = s.substring(2);
        if (s.isEmpty()) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return null;
        }
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') i++;
        return s.substring(i);
    }

    /** The code for people and alert details: {@code 0x} and at least two upper-case digits, e.g. {@code 0x7A}. */
    public static String display(String code) {
        String hex = normalize(code);
        if (hex == null) return code;
        return "0x" + (hex.length() < 2 ? "0" : "") + hex.toUpperCase(Locale.ROOT);
    }

    /** The table of SPEC §8.5 (ranges inclusive). */
    static ErrorCategory defaultCategory(String hex) {
        if (hex.length() > 2) return ErrorCategory.OTHER;
        int c = Integer.parseInt(hex, 16);
        if ((c >= 0x31 && c <= 0x3A) || c == 0x7A) return ErrorCategory.INTEGRITY;
        if (c >= 0x98 && c <= 0x9B) return ErrorCategory.POWER_OFF_ACCESS;
        if (c == 0x23 || c == 0x27 || c == 0x2E || c == 0x71 || c == 0x74) return ErrorCategory.SERVICE;
        if ((c >= 0x20 && c <= 0x22)
                || c == 0x25
                || c == 0x28
                || c == 0x29
                || (c >= 0x40 && c <= 0x46)
                || c == 0x60
                || c == 0x61
                || c == 0x78) {
            return ErrorCategory.FAULT;
        }
        return ErrorCategory.OTHER;
    }

    @Override
    public String toString() {
        return "SasCodes" + overrides;
    }
}
