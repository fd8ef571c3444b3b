package io.floorwatch.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code offers.<id>.<attribute>} key family of SPEC 8.2: offer rules are configuration, one rule id of letters,
 * digits and {@code -}, five attributes. A {@link KeyFamily} of {@link Options#FAMILIES}: keys of this shape are known
 * keys, each value is validated alone like any other key ({@link #parse}), and a config file's rules must be complete
 * ({@link #firstIncomplete}): a reward, a value and at least one minimum.
 */
public final class OfferKeys {
    public static final String PREFIX = "offers.";

    /**
     * The attributes of an offer rule and how each value is read: minimums and value in cents (money: dollars with at
     * most 2 decimals; min-minutes: whole minutes, as is), reward FREE_PLAY, FOOD, HOTEL or POINTS.
     */
    public enum Attribute {
        MIN_THEO("min-theo", ValueParsers::moneyCents),
        MIN_COIN_IN("min-coin-in", ValueParsers::moneyCents),
        MIN_MINUTES("min-minutes", ValueParsers::nonNegativeLong),
        REWARD("reward", ValueParsers.oneOf("FREE_PLAY", "FOOD", "HOTEL", "POINTS")),
        VALUE("value", ValueParsers::moneyCents);

        /** The last part of the key, e.g. {@code min-theo}. */
        public final String key;

        private final Function<String, ?> parser;

        Attribute(String key, Function<String, ?> parser) {
            this.key = key;
            this.parser = parser;
        }
    }

    // the attribute names as the keys of a rule's parsed values (OfferRule)
    public static final String MIN_THEO = Attribute.MIN_THEO.key;
    public static final String MIN_COIN_IN = Attribute.MIN_COIN_IN.key;
    public static final String MIN_MINUTES = Attribute.MIN_MINUTES.key;
    public static final String REWARD = Attribute.REWARD.key;
    public static final String VALUE = Attribute.VALUE.key;

    /** {@code offers.<id>.<attribute>}, id of letters, digits and '-'. */
    public static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9-]+)\\.("
            + Arrays.stream(Attribute.values()).map(a -> Pattern.quote(a.key)).collect(Collectors.joining("|")) + ")");

    /** The README rows of the family, in documentation order. */
    public static final java.util.List<KeyFamily> FAMILY = java.util.List.of(
            new KeyFamily(
                    "offers.<id>.min-theo",
                    "Offer rule <id> (letters, digits, -): minimum theo_win of the player's rating "
                            + "for the gaming day (dollars, inclusive). A complete rule has a reward, a value and at least one minimum; "
                            + "changes live through the control topic."),
            new KeyFamily(
                    "offers.<id>.min-coin-in", "Offer rule <id>: minimum coin_in of the day (dollars, inclusive)."),
            new KeyFamily(
                    "offers.<id>.min-minutes",
                    "Offer rule <id>: minimum minutes_played of the day (whole minutes, inclusive)."),
            new KeyFamily("offers.<id>.reward", "Offer rule <id>: FREE_PLAY, FOOD, HOTEL or POINTS."),
            new KeyFamily(
                    "offers.<id>.value",
                    "Offer rule <id>: the reward's value (dollars, or points for POINTS; at most 2 decimals)."));

    private OfferKeys() {}

    /** One documented family of keys (a README row): its shape and meaning. */
    public record KeyFamily(String shape, String description) {}

    /** The rule id and attribute of an {@code offers.*} key, empty when the key is not of the family. */
    public static Optional<String[]> split(String key) {
        Matcher m = KEY.matcher(key);
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    public static boolean isOfferKey(String key) {
        return KEY.matcher(key).matches();
    }

    /**
     * Validates one value of an {@code offers.*} key alone, as its {@link Attribute} reads it.
     *
     * @throws IllegalArgumentException with the reason (the caller names the key)
     */
    public static Object parse(String attribute, String raw) {
        if (raw == null) throw new IllegalArgumentException("a value is required");
        for (Attribute a : Attribute.values()) if (a.key.equals(attribute)) return a.parser.apply(raw);
        throw new IllegalArgumentException("unknown offer rule attribute '" + attribute + "'");
    }

    /**
     * The first incomplete rule among {@code offers.*} keys, as the error message naming the missing key (e.g.
     * {@code offers.vip.reward: offer rule 'vip' is incomplete: ...}); empty when every rule is complete.
     */
    public static Optional<String> firstIncomplete(Map<String, String> values) {
        Map<String, Set<String>> rules = new TreeMap<>();
        for (String key : values.keySet()) {
            split(key)
                    .ifPresent(p ->
                            rules.computeIfAbsent(p[0], id -> new TreeSet<>()).add(p[1]));
        }
        for (Map.Entry<String, Set<String>> r : rules.entrySet()) {
            String id = r.getKey();
            Set<String> has = r.getValue();
            String missing = !has.contains(REWARD)
                    ? REWARD
                    : !has.contains(VALUE)
                            ? VALUE
                            : !(has.contains(MIN_THEO) || has.contains(MIN_COIN_IN) || has.contains(MIN_MINUTES))
                                    ? MIN_THEO
                                    : null;
            if (missing != null) {
                String what = missing.equals(MIN_THEO)
                        ? "at least one minimum (min-theo, min-coin-in or min-minutes)"
                        : "a " + missing;
                return Optional.of(PREFIX + id + "." + missing + ": offer rule '" + id + "' is incomplete: it needs "
                        + what + " (a complete rule has a reward, a value and at least one minimum)");
            }
        }
        return Optional.empty();
    }
}
