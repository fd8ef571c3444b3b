package io.floorwatch.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers the benchmark needs, started as real processes with the project's own scripts
 * ({@code jobs/lib/kafka.sh}, {@code jobs/lib/clickhouse.sh}) on free 127.0.0.1 ports, and stopped by PID.
 */
final class LocalServers implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final List<String[]> stops = new ArrayList<>();
    String kafkaBootstrap;
    String clickhouseUrl;
    long kafkaPid;
    long clickhousePid;

    LocalServers(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    void startKafka() throws IOException, InterruptedException {
        int[] ports = freePorts(2);
        int port = ports[0], controller = ports[1];
        Path data = dir.resolve("kafka");
        deleteTree(data);
        String pid = script(
                "jobs/lib/kafka.sh", "start", data.toString(), Integer.toString(port), Integer.toString(controller));
        stops.add(new String[] {"jobs/lib/kafka.sh", "stop", pid});
        kafkaBootstrap = "127.0.0.1:" + port;
        kafkaPid = Long.parseLong(pid);
    }

    void startClickHouse() throws IOException, InterruptedException {
        int[] ports = freePorts(2);
        int http = ports[0], tcp = ports[1];
        Path data = dir.resolve("clickhouse");
        deleteTree(data);
        String pid = script(
                "jobs/lib/clickhouse.sh", "start", data.toString(), Integer.toString(http), Integer.toString(tcp));
        stops.add(new String[] {"jobs/lib/clickhouse.sh", "stop", pid});
        clickhouseUrl = "http://127.0.0.1:" + http;
        clickhousePid = Long.parseLong(pid);
    }

    /** Runs a script; its last stdout line (a PID) is the answer. Its stderr goes to ours. */
    private String script(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.add(root.resolve(command[0]).toString());
        for (int i = 1; i < command.length; i++) cmd.add(command[i]);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the ClickHouse script stops its server when this JVM is gone, even if our shutdown never runs
        pb.environment()
                .put(
                        "FLOORWATCH_CLICKHOUSE_OWNER_PID",
                        Long.toString(ProcessHandle.current().pid()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")");
        String[] lines = out.split("\n");
        return lines[lines.length - 1].trim();
    }

    @Override
    public void close() {
        for (int i = stops.size() - 1; i >= 0; i--) {
            try {
                script(stops.get(i));
            } catch (Exception e) {
                System.err.println("bench: stopping " + String.join(" ", stops.get(i)) + ": " + e.getMessage());
            }
        }
        stops.clear();
    }

    /** Distinct free ports: all sockets stay open until every port is chosen (one at a time, the OS may hand out the same one twice). */
    static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) if (s != null) s.close();
        }
    }

    /** Deletes a tree; files that vanish meanwhile (Flink discarding a checkpoint after a cancel) are fine. */
    static void deleteTree(Path p) throws IOException {
        for (int attempt = 0; Files.exists(p); attempt++) {
            try (var walk = Files.walk(p)) {
                for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
            } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
                if (attempt >= 20) throw e instanceof IOException io ? io : new IOException(e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Bytes of the files under {@code p}; retried when Flink deletes a subsumed checkpoint while we walk. */
    static long sizeOf(Path p) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(p)) return 0;
            try (var walk = Files.walk(p)) {
                return walk.mapToLong(f -> {
                            try {
                                return Files.isRegularFile(f) ? Files.size(f) : 0;
                            } catch (IOException e) {
                                return 0; // deleted between listing and sizing
                            }
                        })
                        .sum();
            } catch (java.io.UncheckedIOException e) {
                if (attempt >= 20) throw e.getCause();
            }
        }
    }
}
