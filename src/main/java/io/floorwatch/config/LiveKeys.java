package io.floorwatch.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys that may change live through the control topic (SPEC 8.1), and their validation: a value is accepted
 * exactly when the same key with that value would be accepted in a config file. Keys that {@link Options} knows are
 * validated by {@link FloorWatchConfig} itself (with the cross-key checks, e.g. medium &le; high); the dynamic
 * families {@code offers.<id>.*} and {@code rules.sas-codes.<hex>} and the 8.4/8.5 keys that other parts may not have
 * registered yet are validated here with the same parsers ({@link ValueParsers}).
 */
public final class LiveKeys {
    private LiveKeys() {}

    /** The fixed keys 8.1 lists, in its order. */
    public static final List<String> FIXED = List.of(
            "rules.jackpot.threshold",
            "rules.jackpot.medium-threshold",
            "rules.jackpot.high-threshold",
            "rules.w2g.thresholds",
            "rules.hopper-fill.threshold",
            "rules.hot-machine.ratio",
            "rules.cold-machine.ratio",
            "rules.floor-anomaly.sigma",
            "rules.ctr.threshold",
            "rules.ctr.warn-at",
            "rules.mtl.threshold",
            "rules.meter-variance.min-amount",
            "rules.meter-variance.ratio",
            "rules.player.house-edge");

    public static final String SAS_CODES_PREFIX = "rules.sas-codes.";
    public static final String OFFERS_PREFIX = "offers.";

    /** {@code offers.<id>.<field>}: id of letters, digits and '-' (SPEC 8.2). */
    private static final Pattern OFFER_KEY = Pattern.compile("offers\\.([A-Za-z0-9-]+)\\.([a-z-]+)");

    private static final Pattern SAS_KEY = Pattern.compile("(?i)rules\\.sas-codes\\.(?:0x)?([0-9a-f]+)");

    /**
     * Parsers of live keys an {@link Options} entry may not exist for yet (8.4, 8.5 belong to other parts of the job):
     * the same parsers the config file would use. When {@link Options} knows the key, its own option wins.
     */
    private static final Map<String, Function<String, ?>> FALLBACK = Map.of(
            "rules.ctr.warn-at", ValueParsers::moneyCents,
            "rules.mtl.threshold", ValueParsers::moneyCents,
            "rules.meter-variance.min-amount", ValueParsers::moneyCents,
            "rules.meter-variance.ratio", ValueParsers::positiveDouble);

    /** SPEC defaults of the {@link #FALLBACK} keys. */
    private static final Map<String, String> FALLBACK_DEFAULTS = Map.of(
            "rules.ctr.warn-at",
            "8000",
            "rules.mtl.threshold",
            "3000",
            "rules.meter-variance.min-amount",
            "100",
            "rules.meter-variance.ratio",
            "0.02");

    private static final Map<String, Function<String, ?>> OFFER_FIELDS = new LinkedHashMap<>();

    static {
        OFFER_FIELDS.put("min-theo", ValueParsers::moneyCents);
        OFFER_FIELDS.put("min-coin-in", ValueParsers::moneyCents);
        OFFER_FIELDS.put("min-minutes", ValueParsers::nonNegativeLong);
        OFFER_FIELDS.put("reward", ValueParsers.oneOf("FREE_PLAY", "FOOD", "HOTEL", "POINTS"));
        OFFER_FIELDS.put("value", ValueParsers::moneyCents);
    }

    public static final Set<String> SAS_CATEGORIES =
            Set.of("INTEGRITY", "POWER_OFF_ACCESS", "SERVICE", "FAULT", "OTHER");

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
        return option(key).<String>map(Option::defaultValue).orElse(FALLBACK_DEFAULTS.get(key));
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
            String category = value.trim();
            if (!SAS_CATEGORIES.contains(category)) {
                throw new IllegalArgumentException(key
                        + ": expected one of FAULT, INTEGRITY, OTHER, POWER_OFF_ACCESS, SERVICE, got '" + value + "'");
            }
            return;
        }
        Optional<Option<?>> option = option(key);
        if (option.isPresent()) {
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
        } else {
            parse(key, FALLBACK.get(key), value);
        }
        checkCtrWarnAt(cfg, inForce, key, value);
    }

    /** SPEC 8.4: warn-at must stay below the CTR threshold, whichever of the two changes. */
    private static void checkCtrWarnAt(FloorWatchConfig cfg, Map<String, String> inForce, String key, String value) {
        if (!key.equals("rules.ctr.warn-at") && !key.equals("rules.ctr.threshold")) return;
        if (option("rules.ctr.warn-at").isPresent())
            return; // registered: FloorWatchConfig checks the combination itself
        String warn = key.equals("rules.ctr.warn-at")
                ? value
                : inForce.getOrDefault("rules.ctr.warn-at", configured(cfg, "rules.ctr.warn-at"));
        String threshold = key.equals("rules.ctr.threshold")
                ? value
                : inForce.getOrDefault("rules.ctr.threshold", configured(cfg, "rules.ctr.threshold"));
        if (warn == null || threshold == null) return;
        if (ValueParsers.moneyCents(warn) >= ValueParsers.moneyCents(threshold)) {
            throw new IllegalArgumentException(key + ": rules.ctr.warn-at (" + warn.trim()
                    + ") must be below rules.ctr.threshold (" + threshold.trim() + ")");
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
