package io.floorwatch.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keys that may change live through the control topic (SPEC 8.1), and their validation: a value is accepted
 * exactly when the same key with that value would be accepted in a config file. Keys that {@link Options} knows are
 * validated by {@link FloorWatchConfig} itself (with the cross-key checks, e.g. medium &le; high, CTR warn-at &lt;
 * threshold); the dynamic families {@code offers.<id>.*} and {@code rules.sas-codes.<hex>} with the same parsers.
 */
public final class LiveKeys {
    private LiveKeys() {}

    /** The fixed keys 8.1 lists, in its order. */
    public static final List<String> FIXED = Stream.of(
                    Options.JACKPOT_THRESHOLD,
                    Options.JACKPOT_MEDIUM,
                    Options.JACKPOT_HIGH,
                    Options.W2G_THRESHOLDS,
                    Options.HOPPER_FILL_THRESHOLD,
                    Options.HOT_MACHINE_RATIO,
                    Options.COLD_MACHINE_RATIO,
                    Options.FLOOR_ANOMALY_SIGMA,
                    Options.CTR_THRESHOLD,
                    Options.CTR_WARN_AT,
                    Options.MTL_THRESHOLD,
                    Options.Sas.METER_VARIANCE_MIN_AMOUNT,
                    Options.Sas.METER_VARIANCE_RATIO,
                    Options.PLAYER_HOUSE_EDGE)
            .map(Option::key)
            .toList();

    public static final String SAS_CODES_PREFIX = "rules.sas-codes.";
    public static final String OFFERS_PREFIX = "offers.";

    /** {@code offers.<id>.<field>}: id of letters, digits and '-' (SPEC 8.2). */
    private static final Pattern OFFER_KEY = Pattern.compile("offers\\.([A-Za-z0-9-]+)\\.([a-z-]+)");

    private static final Pattern SAS_KEY = Pattern.compile("(?i)rules\\.sas-codes\\.(?:0x)?([0-9a-f]+)");

    private static final Map<String, Function<String, ?>> OFFER_FIELDS = new LinkedHashMap<>();

    static {
        OFFER_FIELDS.put("min-theo", ValueParsers::moneyCents);
        OFFER_FIELDS.put("min-coin-in", ValueParsers::moneyCents);
        OFFER_FIELDS.put("min-minutes", ValueParsers::nonNegativeLong);
        OFFER_FIELDS.put("reward", ValueParsers.oneOf("FREE_PLAY", "FOOD", "HOTEL", "POINTS"));
        OFFER_FIELDS.put("value", ValueParsers::moneyCents);
    }

    /** True when the key may change live. */
    public static boolean isLive(String key) {
        if (key == null) return false;
        return FIXED.contains(key)
                || key.regionMatches(true, 0, SAS_CODES_PREFIX, 0, SAS_CODES_PREFIX.length())
                || key.startsWith(OFFERS_PREFIX);
    }

    /**
     * The key as the job tracks it: {@code rules.sas-codes.*} keys are case-insensitive and name a code, so
     * {@code rules.sas-codes.0x7A} is {@code rules.sas-codes.7a}; other keys as written.
     */
    public static String canonical(String key) {
        Matcher m = SAS_KEY.matcher(key);
        if (m.matches()) {
            String hex = m.group(1).toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
            return SAS_CODES_PREFIX + hex;
        }
        return key;
    }

    /** The option {@link Options} declares for a key, if any. */
    public static Optional<Option<?>> option(String key) {
        for (Option<?> o : Options.ALL) if (o.key().equals(key)) return Optional.of(o);
        return Optional.empty();
    }

    /**
     * The value of a key in force from the configuration (file, arguments or default), as text; null when the
     * configuration has none (an {@code offers.*} key not configured).
     */
    public static String configured(FloorWatchConfig cfg, String key) {
        String explicit = cfg.describe().get(key);
        if (explicit != null) return explicit;
        return option(key).<String>map(Option::defaultValue).orElse(null);
    }

    /**
     * Validates one live change. {@code inForce} holds the values the control topic has set so far (canonical keys),
     * which beat the configuration; cross-key rules (jackpot medium &le; high, CTR warn-at &lt; threshold) are checked
     * against them. Throws {@link IllegalArgumentException} with the reason when the change must be rejected.
     */
    public static void validate(FloorWatchConfig cfg, Map<String, String> inForce, String key, String value) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("key is empty");
        if (!isLive(key)) {
            boolean known = option(key).isPresent();
            throw new IllegalArgumentException(key + ": " + (known ? "" : "not a known configuration key; ")
                    + "cannot change live, it needs a restart (only " + String.join(", ", FIXED)
                    + ", rules.sas-codes.* and offers.* change live)");
        }
        if (key.startsWith(OFFERS_PREFIX)) {
            Matcher m = OFFER_KEY.matcher(key);
            if (!m.matches() || !OFFER_FIELDS.containsKey(m.group(2))) {
                throw new IllegalArgumentException(
                        key + ": expected offers.<id>.<field> with an id of letters, digits and '-' "
                                + "and a field among " + String.join(", ", OFFER_FIELDS.keySet()));
            }
            if (value == null) return; // null deletes an offers.* key
            parse(key, OFFER_FIELDS.get(m.group(2)), value);
            return;
        }
        if (value == null)
            throw new IllegalArgumentException(key + ": value is null; null only deletes an offers.* key");
        if (key.regionMatches(true, 0, SAS_CODES_PREFIX, 0, SAS_CODES_PREFIX.length())) {
            if (!SAS_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        key + ": expected rules.sas-codes.<hex code>, e.g. rules.sas-codes.7a");
            }
            parse(key, Options.Sas.CODES::parse, value); // a category, any case, as in a config file
            return;
        }
        Optional<Option<?>> option = option(key);
        if (option.isEmpty()) throw new IllegalArgumentException(key + ": not a known configuration key");
        // exactly as in a config file: the whole configuration, control values included, validated together
        Map<String, String> overlay = new LinkedHashMap<>();
        inForce.forEach((k, v) -> {
            if (v != null && option(k).isPresent()) overlay.put(k, v);
        });
        overlay.put(key, value);
        try {
            cfg.with(overlay);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void parse(String key, Function<String, ?> parser, String value) {
        try {
            parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
