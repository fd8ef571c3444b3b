package io.floorwatch.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.floorwatch.event.ErrorCategory;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.GamingDay;
import io.floorwatch.event.SasCodes;
import io.floorwatch.logging.Urls;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's configuration: one flat space of dotted keys (SPEC §3). Precedence, highest first:
 * {@code --key value} arguments, environment variables for secrets, the YAML file, the defaults in
 * {@link Options}. Everything is validated at load so that a bad value stops the job before it runs,
 * with a message naming the key. Only the raw strings are kept, so the object is cheap to ship to tasks.
 */
public final class FloorWatchConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Option<?>> KNOWN = new LinkedHashMap<>();

    static {
        for (Option<?> o : Options.ALL) KNOWN.put(o.key(), o);
    }

    private final Map<String, String> values;

    private FloorWatchConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Parses {@code [--config FILE] [--key value ...]}. */
    public static FloorWatchConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> fromFile = new LinkedHashMap<>();
        Map<String, String> fromArgs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new ConfigException("unexpected argument '" + a + "': expected --key value");
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new ConfigException(key + ": missing value after --" + key);
                value = args[++i];
            }
            if (key.equals("config")) {
                fromFile.putAll(readYaml(Path.of(value)));
            } else {
                fromArgs.put(key, value);
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(fromFile);
        Options.ENVIRONMENT.forEach((key, variable) -> {
            String v = env.get(variable);
            if (v != null && !v.isEmpty()) merged.put(key, v);
        });
        merged.putAll(fromArgs);
        return of(merged);
    }

    /** A validated configuration from explicit values (the rest default). */
    public static FloorWatchConfig of(Map<String, String> explicit) {
        Map<String, String> prefixedSeen = new TreeMap<>();
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            Option<?> o = KNOWN.get(e.getKey());
            if (o == null && prefixOf(e.getKey()) != null) {
                checkPrefixed(e.getKey(), e.getValue(), prefixedSeen);
                continue;
            }
            if (o == null && OfferKeys.isOfferKey(e.getKey())) {
                validate(e.getKey(), e.getValue()); // a key of the offers.<id>.* family (SPEC 8.2)
                continue;
            }
            if (o == null)
                throw new ConfigException(e.getKey() + ": unknown configuration key" + suggestion(e.getKey()));
            parse(o, e.getValue());
        }
        FloorWatchConfig config = new FloorWatchConfig(explicit);
        config.checkCombinations();
        return config;
    }

    /** The parser and validator with this configuration's limits, time zone and SAS code table. */
    public EventParser eventParser() {
        return new EventParser(
                get(Options.VALIDATION_MAX_FUTURE_SKEW).toMillis(),
                get(Options.VALIDATION_MAX_AMOUNT),
                get(Options.VALIDATION_MAX_PAYLOAD_BYTES),
                get(Options.CASINO_TIMEZONE),
                sasCodes(Map.of()));
    }

    /**
     * The SAS code table: {@code rules.sas-codes.<hex>} with {@code more} on top, hex code to category as written
     * (e.g. the control topic's values, SPEC 8.1).
     */
    public SasCodes sasCodes(Map<String, String> more) {
        Map<String, ErrorCategory> overrides = new TreeMap<>();
        prefixed(Options.Sas.CODES)
                .forEach((hex, raw) -> overrides.put(hex, ErrorCategory.valueOf(Options.Sas.CODES.parse(raw))));
        more.forEach((code, raw) ->
                overrides.put(SasCodes.normalize(code), ErrorCategory.valueOf(Options.Sas.CODES.parse(raw))));
        return new SasCodes(overrides);
    }

    /** The casino's gaming day: {@code casino.timezone} and {@code casino.gaming-day-start}. */
    public GamingDay gamingDay() {
        return new GamingDay(get(Options.CASINO_TIMEZONE), get(Options.CASINO_GAMING_DAY_START));
    }

    public static FloorWatchConfig defaults() {
        return of(Map.of());
    }

    /** A copy with some keys changed (validated again). */
    public FloorWatchConfig with(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(changes);
        return of(merged);
    }

    public FloorWatchConfig with(String key, String value) {
        return with(Map.of(key, value));
    }

    public <T> T get(Option<T> option) {
        String raw = values.get(option.key());
        return parse(option, raw == null ? option.defaultValue() : raw);
    }

    /**
     * The values of a prefix option such as {@code rules.sas-codes.<hex>}: the part of each key after the prefix,
     * normalised (for SAS codes: lowercase hex without 0x and leading zeros), mapped to its raw value.
     */
    public Map<String, String> prefixed(Option<?> option) {
        String prefix = prefix(option);
        if (prefix == null) throw new IllegalArgumentException(option.key() + " is not a prefix key");
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (prefix.equals(prefixOf(k))) out.put(normalizeSuffix(k.substring(prefix.length())), v.trim());
        });
        return out;
    }

    /**
     * Validates one value of a known key (an {@link Options} key or a key of a family such as {@code offers.<id>.*}) as a
     * config file would, e.g. for a live change; throws {@link ConfigException} naming the key.
     */
    public static void validate(String key, String value) {
        Option<?> o = KNOWN.get(key);
        if (o != null) {
            parse(o, value);
            return;
        }
        var offer = OfferKeys.split(key);
        if (offer.isEmpty()) throw new ConfigException(key + ": unknown configuration key" + suggestion(key));
        try {
            OfferKeys.parse(offer.get()[1], value);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(key + ": " + ex.getMessage());
        }
    }

    /** The explicitly set keys starting with {@code prefix} and their raw values (e.g. every {@code offers.*} key). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k, v);
        });
        return out;
    }

    /** The prefix of a prefix option ({@code rules.sas-codes.} of {@code rules.sas-codes.<hex>}), else null. */
    private static String prefix(Option<?> o) {
        int lt = o.key().indexOf('<');
        return lt > 0 && o.key().endsWith(">") ? o.key().substring(0, lt) : null;
    }

    /** The prefix option a key belongs to (keys case-insensitive), its prefix, or null. */
    private static String prefixOf(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        for (Option<?> o : KNOWN.values()) {
            String p = prefix(o);
            if (p != null && lower.startsWith(p) && lower.length() > p.length()) return p;
        }
        return null;
    }

    private static Option<?> prefixOption(String prefix) {
        for (Option<?> o : KNOWN.values()) if (prefix.equals(prefix(o))) return o;
        throw new IllegalStateException(prefix);
    }

    /** The SAS code of a rules.sas-codes key, normalised; null when not hexadecimal. */
    private static String normalizeSuffix(String suffix) {
        return io.floorwatch.event.SasCodes.normalize(suffix);
    }

    private static void checkPrefixed(String key, String value, Map<String, String> seen) {
        String prefix = prefixOf(key);
        Option<?> o = prefixOption(prefix);
        String suffix = key.substring(prefix.length());
        String code = normalizeSuffix(suffix);
        if (code == null) {
            throw new ConfigException(
                    key + ": '" + suffix + "' is not a hexadecimal SAS exception code (" + o.key() + ")");
        }
        Object parsed = parse(o, value, key);
        String before = seen.put(code, String.valueOf(parsed));
        if (before != null && !before.equals(String.valueOf(parsed))) {
            throw new ConfigException(
                    key + ": SAS code 0x" + code + " is given two categories, " + before + " and " + parsed);
        }
    }

    private static <T> T parse(Option<T> o, String raw, String key) {
        try {
            return o.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    public boolean isSet(Option<?> option) {
        return values.containsKey(option.key());
    }

    /** The explicitly set values, secrets masked: for logs and the demo banner. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(
                k, Options.SECRETS.contains(k) && !v.isEmpty() ? "******" : k.endsWith("url") ? Urls.forLog(v) : v));
        return out;
    }

    @Override
    public String toString() {
        return "FloorWatchConfig" + describe();
    }

    private void checkCombinations() {
        OfferKeys.firstIncomplete(values).ifPresent(message -> {
            throw new ConfigException(message);
        });
        String mode = get(Options.SOURCES_MODE);
        if (mode.equals("kafka") && get(Options.KAFKA_BOOTSTRAP).isBlank()) {
            throw new ConfigException(Options.KAFKA_BOOTSTRAP.key() + ": required when sources.mode is kafka");
        }
        if (mode.equals("files") && get(Options.SOURCES_FILES_DIR).isBlank()) {
            throw new ConfigException(Options.SOURCES_FILES_DIR.key() + ": required when sources.mode is files");
        }
        if (mode.equals("simulator") && get(Options.SOURCES_BOUNDED) && get(Options.SIMULATOR_MAX_EVENTS) == 0) {
            throw new ConfigException(
                    Options.SIMULATOR_MAX_EVENTS.key() + ": a bounded simulator run needs a limit above 0");
        }
        if (get(Options.SAR_MIN_AMOUNT) > get(Options.SAR_MAX_AMOUNT)) {
            throw new ConfigException(Options.SAR_MIN_AMOUNT.key() + ": must not exceed rules.sar.max-amount");
        }
        if (get(Options.CTR_WARN_AT) >= get(Options.CTR_THRESHOLD)) {
            throw new ConfigException(Options.CTR_WARN_AT.key() + ": must be below rules.ctr.threshold (SPEC §8.4)");
        }
        if (get(Options.JACKPOT_MEDIUM) > get(Options.JACKPOT_HIGH)) {
            throw new ConfigException(Options.JACKPOT_MEDIUM.key() + ": must not exceed rules.jackpot.high-threshold");
        }
    }

    private static <T> T parse(Option<T> o, String raw) {
        try {
            return o.parse(raw);
        } catch (IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage());
            // a secret's value never reaches an exception (Flink's exception history, logs), whatever the parser wrote
            if (Options.SECRETS.contains(o.key()) && raw != null && !raw.isEmpty() && reason.contains(raw)) {
                reason = reason.replace(raw, "******");
            }
            throw new ConfigException(o.key() + ": " + reason);
        }
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : KNOWN.keySet()) {
            int d = levenshtein(k, key);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    /** Reads a YAML file into dotted keys; nested maps flatten, except under keys whose value is a map (the W-2G table). */
    static Map<String, String> readYaml(Path file) {
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readAllBytes(file), Object.class);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) return out;
        if (!(root instanceof Map<?, ?> map)) throw new ConfigException("config: " + file + " must hold a map of keys");
        flatten("", map, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested && !KNOWN.containsKey(key)) {
                flatten(key, nested, out);
            } else if (v instanceof Map<?, ?> nested) {
                out.put(key, ValueParsers.mapToString(nested));
            } else if (v instanceof List<?> list) {
                out.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, v == null ? "" : String.valueOf(v));
            }
        }
    }
}
