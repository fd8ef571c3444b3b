package io.floorwatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A flat JSON object under construction: field names with their raw JSON tokens, in order. Kept as tokens so
 * that the malformed-record generator can drop or corrupt one field of an otherwise valid event.
 * Names and string values are plain ASCII chosen by the simulator, so only quotes and backslashes need escaping.
 */
final class Json {
    private final List<String> names = new ArrayList<>(14);
    private final List<String> tokens = new ArrayList<>(14);

    Json str(String name, String value) {
        return raw(name, quote(value));
    }

    Json raw(String name, String token) {
        int i = names.indexOf(name);
        if (i >= 0) {
            tokens.set(i, token);
        } else {
            names.add(name);
            tokens.add(token);
        }
        return this;
    }

    boolean has(String name) {
        return names.contains(name);
    }

    String token(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : tokens.get(i);
    }

    /** A field's text as the simulator wrote it: a string without its quotes, other tokens as they are. */
    String text(String name) {
        return unquote(token(name));
    }

    static String unquote(String token) {
        return token != null && token.length() >= 2 && token.charAt(0) == '"'
                ? token.substring(1, token.length() - 1)
                : String.valueOf(token);
    }

    void remove(String name) {
        int i = names.indexOf(name);
        if (i >= 0) {
            names.remove(i);
            tokens.remove(i);
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(200).append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) b.append(',');
            b.append('"').append(names.get(i)).append("\":").append(tokens.get(i));
        }
        return b.append('}').toString();
    }

    byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }
}
