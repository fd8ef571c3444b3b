package io.floorwatch.config;

import java.util.function.Function;

/**
 * One documented configuration key: its name, default (as written in YAML), parser and meaning.
 * The parser throws {@link IllegalArgumentException} with a short reason; {@link FloorWatchConfig}
 * turns that into a start-up error naming the key.
 */
public record Option<T>(String key, String defaultValue, Function<String, T> parser, String description) {

    public T parse(String raw) {
        return parser.apply(raw);
    }
}
