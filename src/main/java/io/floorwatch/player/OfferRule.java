package io.floorwatch.player;

import io.floorwatch.config.OfferKeys;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One complete offer rule (SPEC 8.2): a reward, a value and at least one minimum (each inclusive, compared with the
 * rating as stored: theo rounded to cents). Built from the {@code offers.<id>.*} keys in force; incomplete rules and
 * values that do not parse are inactive.
 */
public record OfferRule(
        String id, Long minTheoCents, Long minCoinInCents, Long minMinutes, String reward, long valueCents) {

    /** True when the rating meets every minimum the rule has. */
    public boolean meets(long theoCents, long coinInCents, long minutes) {
        return (minTheoCents == null || theoCents >= minTheoCents)
                && (minCoinInCents == null || coinInCents >= minCoinInCents)
                && (minMinutes == null || minutes >= minMinutes);
    }

    /** The complete rules among {@code offers.*} keys (raw values), by id. */
    public static Map<String, OfferRule> activeRules(Map<String, String> settings) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            var parts = OfferKeys.split(e.getKey());
            if (parts.isEmpty() || e.getValue() == null) continue;
            try {
                Object v = OfferKeys.parse(parts.get()[1], e.getValue());
                byId.computeIfAbsent(parts.get()[0], id -> new TreeMap<>()).put(parts.get()[1], v);
            } catch (IllegalArgumentException ignored) {
                // validated before it got here (config load, control reader); a bad value leaves the rule inactive
            }
        }
        Map<String, OfferRule> rules = new TreeMap<>();
        byId.forEach((id, a) -> {
            Long theo = (Long) a.get(OfferKeys.MIN_THEO);
            Long coinIn = (Long) a.get(OfferKeys.MIN_COIN_IN);
            Long minutes = (Long) a.get(OfferKeys.MIN_MINUTES);
            String reward = (String) a.get(OfferKeys.REWARD);
            Long value = (Long) a.get(OfferKeys.VALUE);
            if (reward != null && value != null && (theo != null || coinIn != null || minutes != null)) {
                rules.put(id, new OfferRule(id, theo, coinIn, minutes, reward, value));
            }
        });
        return Collections.unmodifiableMap(rules);
    }
}
