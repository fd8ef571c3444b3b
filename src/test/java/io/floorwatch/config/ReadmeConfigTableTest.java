package io.floorwatch.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is generated from {@link Options} and must stay equal to it.
 * Regenerate with {@code mvn test -Dtest=ReadmeConfigTableTest -Dreadme.write=true}.
 */
class ReadmeConfigTableTest {
    private static final String BEGIN = "<!-- config-table:begin -->";
    private static final String END = "<!-- config-table:end -->";

    static String table() {
        StringBuilder b = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Option<?> o : Options.ALL) {
            String def = o.defaultValue().isEmpty() ? "(empty)" : "`" + o.defaultValue() + "`";
            String env = Options.ENVIRONMENT.containsKey(o.key())
                    ? " Environment: `" + Options.ENVIRONMENT.get(o.key()) + "`."
                    : "";
            b.append("| `")
                    .append(o.key())
                    .append("` | ")
                    .append(def)
                    .append(" | ")
                    .append(o.description().replace("|", "\\|"))
                    .append(env)
                    .append(" |\n");
        }
        for (OfferKeys.KeyFamily f : Options.FAMILIES) { // dynamic key families: one row per attribute, no default
            b.append("| `")
                    .append(f.shape())
                    .append("` | (none) | ")
                    .append(f.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return BEGIN + "\n" + b + END;
    }

    @Test
    void readmeListsEveryKeyWithItsDefault() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        String expected = table();
        if (Boolean.getBoolean("readme.write")) {
            int from = text.indexOf(BEGIN);
            int to = text.indexOf(END);
            text = from >= 0 && to > from
                    ? text.substring(0, from) + expected + text.substring(to + END.length())
                    : text.replace("CONFIG_TABLE", expected);
            Files.writeString(readme, text);
        }
        assertTrue(
                text.contains(expected),
                "README's configuration table differs from Options; regenerate it with "
                        + "mvn test -Dtest=ReadmeConfigTableTest -Dreadme.write=true");
    }
}
