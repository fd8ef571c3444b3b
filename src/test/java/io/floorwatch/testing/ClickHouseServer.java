package io.floorwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real ClickHouse for tests, one per JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Which server, in order: the one named by {@code FLOORWATCH_TEST_CLICKHOUSE_URL} (a user's own
 * server or Docker container; user and password from {@code FLOORWATCH_TEST_CLICKHOUSE_USER} /
 * {@code _PASSWORD}); else a {@code clickhouse} binary on PATH; else ClickHouse 26.7 from npm
 * (installed into ~/.cache/floorwatch/chdb when absent). The last two are started as a local process
 * on free ports by jobs/lib/clickhouse.sh. There is no skipping: when no server can be had, the test
 * fails with the reason.
 *
 * <p>Users: a server this fixture starts loads the shipped docker/clickhouse/users.d as its users.d, so the
 * Grafana users exist as in the Docker stack; each {@code <password from_env="X"/>} there gets a random
 * password, which {@link #login} hands out. A server named by {@code FLOORWATCH_TEST_CLICKHOUSE_URL} must
 * have those files mounted, and the tests read the passwords from the same environment variables docker
 * compose passes (e.g. {@code GRAFANA_FLOOR_CLICKHOUSE_PASSWORD}).
 */
public final class ClickHouseServer {
    public static final String URL_ENV = "FLOORWATCH_TEST_CLICKHOUSE_URL";
    /** The users.d the Docker stack mounts into /etc/clickhouse-server/users.d/. */
    public static final String USERS_D = "docker/clickhouse/users.d";

    /** A user and password to log in with. */
    public record Login(String user, String password) {}

    private static ClickHouseServer shared;

    private final String user;
    private final String password;
    private final boolean managed;
    private final Path dataDir;
    private final int httpPort;
    private final int tcpPort;
    /** For a server this fixture starts: the environment variable of each users.d password, and its value. */
    private final Map<String, String> passwords = new HashMap<>();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private volatile String url;
    private volatile long pid = -1;

    private ClickHouseServer(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.managed = false;
        this.dataDir = null;
        this.httpPort = -1;
        this.tcpPort = -1;
    }

    private ClickHouseServer(Path dataDir, int httpPort, int tcpPort) {
        this.url = "http://127.0.0.1:" + httpPort;
        this.user = "default";
        this.password = "";
        this.managed = true;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        SecureRandom random = new SecureRandom();
        for (String env : passwordVariables(projectDir().resolve(USERS_D))) {
            passwords.put(env, HexFormat.of().formatHex(randomBytes(random, 16)));
        }
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The names in {@code <password from_env="NAME"/>} of the users.d files. */
    static List<String> passwordVariables(Path usersD) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(usersD)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                Matcher m =
                        Pattern.compile("from_env=\"([A-Za-z_][A-Za-z0-9_]*)\"").matcher(Files.readString(f));
                while (m.find()) out.add(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The JVM's server, started (or connected) on first call. */
    public static synchronized ClickHouseServer shared() {
        if (shared == null) {
            String external = System.getenv(URL_ENV);
            ClickHouseServer server;
            if (external != null && !external.isBlank()) {
                server = new ClickHouseServer(
                        external.replaceAll("/+$", ""),
                        envOr("FLOORWATCH_TEST_CLICKHOUSE_USER", "default"),
                        envOr("FLOORWATCH_TEST_CLICKHOUSE_PASSWORD", ""));
            } else {
                try {
                    Path dir = Files.createTempDirectory("floorwatch-clickhouse-");
                    server = new ClickHouseServer(dir, freePort(), freePort());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                server.start();
                ClickHouseServer s = server;
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    s.stop();
                                    deleteRecursively(s.dataDir);
                                },
                                "clickhouse-test-server-stop"));
            }
            String answer = server.query("SELECT 1").strip();
            if (!answer.equals("1"))
                throw new IllegalStateException("ClickHouse at " + server.url + " answered " + answer);
            shared = server;
        }
        return shared;
    }

    public String httpUrl() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * A user of the shipped users.d ({@link #USERS_D}), with the password its {@code from_env} variable holds:
     * generated for a server this fixture starts, from this JVM's environment for one named by {@value #URL_ENV}.
     */
    public Login login(String user, String passwordVariable) {
        String pw = managed ? passwords.get(passwordVariable) : System.getenv(passwordVariable);
        if (pw == null || pw.isEmpty()) {
            throw new IllegalStateException(
                    managed
                            ? "no <password from_env=\"" + passwordVariable + "\"/> in " + USERS_D
                            : "the ClickHouse named by " + URL_ENV + " needs " + USERS_D
                                    + " in its users.d, and this JVM the password " + "of user " + user
                                    + " in the environment variable " + passwordVariable);
        }
        return new Login(user, pw);
    }

    /**
     * Runs a query; returns the TabSeparated answer without its last newline. Inserts are synchronous
     * ({@code async_insert=0}) and decimals keep their scale ({@code 300.00}, not {@code 300}).
     */
    public String query(String sql) {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(url + "/?async_insert=0&output_format_decimal_trailing_zeros=1"))
                .timeout(Duration.ofSeconds(60))
                .header("X-ClickHouse-User", user)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        if (!password.isEmpty()) b.header("X-ClickHouse-Key", password);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "ClickHouse answered HTTP " + r.statusCode() + " to [" + sql + "]: " + r.body());
            }
            String body = r.body();
            return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + url + " unreachable for [" + sql + "]", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code sql} as another user ({@code login}) with extra URL parameters ({@code "&name=value..."}) and returns the
     * answer whatever its status: for tests of what that user may and may not do.
     */
    public HttpResponse<String> postAs(Login login, String sql, String urlParameters) {
        String query = urlParameters.startsWith("&") ? urlParameters.substring(1) : urlParameters;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/?" + query))
                .timeout(Duration.ofSeconds(60))
                .header("X-ClickHouse-User", login.user())
                .header("X-ClickHouse-Key", login.password())
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A query answering one number, e.g. {@code SELECT count() FROM t FINAL}. */
    public long count(String sql) {
        return Long.parseLong(query(sql).strip());
    }

    public void execute(String sql) {
        query(sql);
    }

    /** Stops the local server (data stays). Only for servers this fixture started. */
    public synchronized void stop() {
        requireManaged("stop");
        if (pid < 0) return;
        run(Map.of(), "stop", String.valueOf(pid));
        pid = -1;
    }

    /** Starts the local server again on the same ports and data. */
    public synchronized void start() {
        requireManaged("start");
        if (pid >= 0) return;
        Map<String, String> env = new HashMap<>(passwords);
        env.put("FLOORWATCH_CLICKHOUSE_USERS_D", projectDir().resolve(USERS_D).toString());
        String out = run(env, "start", dataDir.toString(), String.valueOf(httpPort), String.valueOf(tcpPort));
        String[] lines = out.strip().split("\n");
        pid = Long.parseLong(lines[lines.length - 1].strip());
    }

    public boolean isManaged() {
        return managed;
    }

    private void requireManaged(String what) {
        if (!managed) {
            throw new IllegalStateException("cannot " + what + " the ClickHouse named by " + URL_ENV
                    + ": restart tests need a server this fixture starts (unset " + URL_ENV + ")");
        }
    }

    /** Runs jobs/lib/clickhouse.sh; its stdout is the answer, its stderr goes to the test log. */
    private static String run(Map<String, String> env, String... args) {
        Path script = projectDir().resolve("jobs/lib/clickhouse.sh");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            // If this JVM dies without running its shutdown hook, the server goes too.
            builder.environment()
                    .put(
                            "FLOORWATCH_CLICKHOUSE_OWNER_PID",
                            String.valueOf(ProcessHandle.current().pid()));
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue()
                        + " (no ClickHouse for the tests: set " + URL_ENV
                        + ", put clickhouse on PATH, or let it install from npm)");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path projectDir() {
        String basedir = System.getProperty("basedir");
        Path dir = Path.of(basedir != null ? basedir : System.getProperty("user.dir"))
                .toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("jobs/lib/clickhouse.sh"))) return d;
        }
        throw new IllegalStateException("jobs/lib/clickhouse.sh not found above " + dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
