package io.floorwatch.sink.clickhouse;

import io.floorwatch.logging.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the FloorWatch database and tables ({@code clickhouse.create-schema}) from the versioned SQL
 * files of docker/clickhouse/, bundled into the jar under {@code clickhouse/}. Every statement is
 * idempotent, so applying on each start is safe. The files name the database {@code casino_realtime};
 * the configured {@code clickhouse.database} is put in its place.
 */
public final class SchemaInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInstaller.class);

    /** Schema files in the order they are applied; a new version of the schema adds a file here. */
    public static final List<String> FILES = List.of("001_schema.sql", "002_players.sql");

    /** The database name written in the files. */
    public static final String DATABASE_IN_FILES = "casino_realtime";

    private static final Pattern DATABASE_NAME = Pattern.compile("\\b" + DATABASE_IN_FILES + "\\b");
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

    private SchemaInstaller() {}

    public static void apply(ClickHouseClientSettings settings) throws IOException, InterruptedException {
        ClickHouseHttp http = new ClickHouseHttp(settings);
        List<String> statements = statements(settings.database());
        for (String sql : statements) {
            http.execute(sql);
        }
        LOG.info(
                "ClickHouse schema applied to {} at {} ({} statements from {})",
                settings.database(),
                Urls.forLog(settings.url()),
                statements.size(),
                FILES);
    }

    public static void apply(String url, String user, String password, String database)
            throws IOException, InterruptedException {
        apply(ClickHouseClientSettings.of(url, database, user, password));
    }

    /** The statements of all {@link #FILES}, in order, for {@code database}. */
    public static List<String> statements(String database) {
        List<String> all = new ArrayList<>();
        for (String file : FILES)
            all.addAll(split(DATABASE_NAME.matcher(resource(file)).replaceAll(Matcher.quoteReplacement(database))));
        return all;
    }

    /**
     * Statements end with a semicolon at the end of a line; lines starting with {@code --} are
     * comments. (The schema files keep to that: no semicolons or comment markers inside literals.)
     */
    static List<String> split(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\\r?\\n", -1)) {
            if (line.strip().startsWith("--")) continue;
            text.append(line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String part : STATEMENT_END.split(text)) {
            String sql = part.strip();
            if (sql.endsWith(";")) sql = sql.substring(0, sql.length() - 1).strip();
            if (!sql.isEmpty()) out.add(sql);
        }
        return out;
    }

    static String resource(String file) {
        String path = "clickhouse/" + file;
        try (InputStream in = SchemaInstaller.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("schema file " + path + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
