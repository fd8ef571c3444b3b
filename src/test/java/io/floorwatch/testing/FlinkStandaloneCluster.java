package io.floorwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A real Flink 2.2.1 standalone session cluster (one JobManager and one TaskManager, separate JVMs)
 * for tests: started and stopped through {@code jobs/lib/flink-cluster.sh}, driven through its REST
 * API like an operator would. Jobs are submitted as jars; the cluster only has Flink's own classpath.
 *
 * <pre>{@code
 * try (FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(tempDir)) {
 *     String jobId = cluster.submit(jar, "io.floorwatch.FloorWatchMain", List.of("--config", ...));
 *     cluster.waitForJobStatus(jobId, "RUNNING", Duration.ofMinutes(1));
 *     cluster.killTaskManager();  cluster.startTaskManager();
 *     String savepoint = cluster.savepoint(jobId, true);
 * }
 * }</pre>
 */
public final class FlinkStandaloneCluster implements AutoCloseable {
    /**
     * Faster failure detection than Flink's defaults (10 s / 50 s), so a killed TaskManager is noticed within seconds;
     * but a patient RPC timeout, so a TaskManager busy on 2 shared cores is not mistaken for a dead one.
     */
    public static final Map<String, String> TEST_DEFAULTS = Map.of(
            "heartbeat.interval", "1s",
            "heartbeat.timeout", "20s",
            "pekko.ask.timeout", "60s");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private final Path projectRoot;
    private final Path workDir;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private FlinkStandaloneCluster(Path projectRoot, Path workDir, int restPort) {
        this.projectRoot = projectRoot;
        this.workDir = workDir;
        this.restPort = restPort;
        // a test JVM that dies must not leave the cluster's processes behind (they run in their own session)
        this.shutdownHook = new Thread(this::stopQuietly, "flink-standalone-cluster-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a cluster with {@link #TEST_DEFAULTS}, its state under {@code workDir}. */
    public static FlinkStandaloneCluster start(Path workDir) throws IOException, InterruptedException {
        return start(workDir, Map.of());
    }

    /**
     * Starts a cluster whose configuration is the project's {@code flink-conf/config.yaml} plus
     * {@link #TEST_DEFAULTS} plus {@code dynamicProperties} (these win). Returns once the REST API
     * answers and the TaskManager has registered.
     */
    public static FlinkStandaloneCluster start(Path workDir, Map<String, String> dynamicProperties)
            throws IOException, InterruptedException {
        Path root = projectRoot();
        Files.createDirectories(workDir);
        Map<String, String> properties = new LinkedHashMap<>(TEST_DEFAULTS);
        properties.putAll(dynamicProperties);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePortPair();
            FlinkStandaloneCluster cluster = new FlinkStandaloneCluster(root, workDir.toAbsolutePath(), port);
            List<String> command = new ArrayList<>(List.of("start", cluster.workDir.toString(), String.valueOf(port)));
            properties.forEach((k, v) -> {
                command.add("-D");
                command.add(k + "=" + v);
            });
            try {
                cluster.script(command);
                return cluster;
            } catch (IOException e) {
                // most likely a port taken between our check and the JobManager's bind: try others
                last = e;
                cluster.stopQuietly();
            }
        }
        throw last;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** Where savepoints go unless a target directory is given. */
    public Path savepointDir() {
        return workDir.resolve("savepoints");
    }

    /** Where the jobs' checkpoints go (one folder per job id). */
    public Path checkpointDir() {
        return workDir.resolve("checkpoints");
    }

    /** The JobManager's and TaskManagers' log files. */
    public Path logDir() {
        return workDir.resolve("log");
    }

    public long jobManagerPid() throws IOException {
        return Long.parseLong(
                Files.readString(workDir.resolve("jobmanager.pid")).trim());
    }

    public long taskManagerPid() throws IOException {
        return Long.parseLong(
                Files.readString(workDir.resolve("taskmanager.pid")).trim());
    }

    /** Kills the TaskManager process with SIGKILL, like a crashed host. Returns its PID. */
    public long killTaskManager() throws IOException, InterruptedException {
        return Long.parseLong(
                script(List.of("kill-taskmanager", workDir.toString())).trim());
    }

    /** Starts a new TaskManager and waits until it has registered. Returns its PID. */
    public long startTaskManager() throws IOException, InterruptedException {
        return Long.parseLong(
                script(List.of("start-taskmanager", workDir.toString())).trim());
    }

    /** The cluster's /overview: taskmanagers, slots-total, slots-available, jobs-running, ... */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    public int registeredTaskManagers() throws IOException, InterruptedException {
        return overview().path("taskmanagers").asInt();
    }

    /**
     * The slots the cluster offers, once at least {@code expected} are (or {@code timeout} passes): a TaskManager's
     * slots reach the overview a moment after it registers.
     */
    public int slotsTotal(int expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int slots = overview().path("slots-total").asInt();
        while (slots < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            slots = overview().path("slots-total").asInt();
        }
        return slots;
    }

    /** Uploads a job jar; returns the id to run it with. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----floorwatch" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                        + "Content-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .timeout(Duration.ofMinutes(2))
                .build();
        JsonNode answer = send(request);
        String file = answer.path("filename").asText();
        if (file.isEmpty()) throw new IOException("unexpected answer to the jar upload: " + answer);
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar; returns the job id. {@code savepointPath} may be null; so may
     * {@code parallelism}, but then Flink runs the job with parallelism 1 (the REST handler does not
     * fall back to the cluster's parallelism.default). The main method runs inside the JobManager,
     * which answers once the job is submitted.
     */
    public String runJar(
            String jarId, String entryClass, List<String> programArgs, String savepointPath, Integer parallelism)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        ArrayNode args = body.putArray("programArgsList");
        programArgs.forEach(args::add);
        if (parallelism != null) body.put("parallelism", parallelism);
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", false);
        }
        JsonNode answer = post("/jars/" + jarId + "/run", body);
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) throw new IOException("unexpected answer to the run request: " + answer);
        return jobId;
    }

    /** Uploads and runs a jar; returns the job id. */
    public String submit(Path jar, String entryClass, List<String> programArgs)
            throws IOException, InterruptedException {
        return runJar(uploadJar(jar), entryClass, programArgs, null, null);
    }

    /** The job's state: CREATED, RUNNING, FAILING, FAILED, CANCELLING, CANCELED, FINISHED, RESTARTING, ... */
    public String jobStatus(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /**
     * Waits until the job reaches {@code status}; fails early when it reaches another terminal state.
     * Failures and restarts on the way are allowed (fault tests kill TaskManagers on purpose).
     */
    public void waitForJobStatus(String jobId, String status, Duration timeout)
            throws IOException, InterruptedException {
        waitForJobStatus(jobId, status, timeout, false);
    }

    /**
     * Like {@link #waitForJobStatus}, but fails as soon as the job has failed once: with the cluster's
     * unlimited restarts a broken job would otherwise loop until the timeout.
     */
    public void waitForJobStatusWithoutFailure(String jobId, String status, Duration timeout)
            throws IOException, InterruptedException {
        waitForJobStatus(jobId, status, timeout, true);
    }

    private void waitForJobStatus(String jobId, String status, Duration timeout, boolean failFast)
            throws IOException, InterruptedException {
        Set<String> terminal = Set.of("FAILED", "CANCELED", "FINISHED");
        Instant deadline = Instant.now().plus(timeout);
        String current = null;
        while (Instant.now().isBefore(deadline)) {
            current = jobStatus(jobId);
            if (current.equals(status)) return;
            if (terminal.contains(current)) {
                throw new IllegalStateException("job " + jobId + " is " + current + ", expected " + status
                        + "; first failure: " + firstFailure(jobId));
            }
            if (failFast) {
                String failure = firstFailure(jobId);
                if (!failure.isEmpty()) {
                    throw new IllegalStateException("job " + jobId + " failed (now " + current + ") while waiting for "
                            + status + ": " + failure);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + jobId + " is still " + current + " after " + timeout + ", expected "
                + status + "; first failure: " + firstFailure(jobId));
    }

    /** The stack trace of the job's first failure, or "" when it has not failed. */
    public String firstFailure(String jobId) throws IOException, InterruptedException {
        JsonNode entries =
                get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
        if (entries.isEmpty()) return "";
        JsonNode first = entries.get(entries.size() - 1);
        return first.path("taskName").asText() + ": " + first.path("stacktrace").asText();
    }

    /**
     * Waits until every task of the job is RUNNING (the job may be RUNNING while tasks are still deploying), or FINISHED:
     * a bounded part of a running job (the control snapshot of a files-mode run) may end while the rest runs on.
     */
    public void waitForAllTasksRunning(String jobId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = get("/jobs/" + jobId);
            boolean allRunning = job.path("state").asText().equals("RUNNING");
            for (JsonNode vertex : job.path("vertices")) {
                String status = vertex.path("status").asText();
                allRunning &= status.equals("RUNNING") || status.equals("FINISHED");
            }
            if (allRunning && job.path("vertices").size() > 0) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("not all tasks of job " + jobId + " run after " + timeout);
    }

    /** Number of completed checkpoints of the job so far. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints")
                .path("counts")
                .path("completed")
                .asLong();
    }

    /**
     * Takes a savepoint in the canonical format and waits for it; with {@code stop}, the job is
     * stopped with it (stop-with-savepoint, no drain). Returns the savepoint's path.
     */
    public String savepoint(String jobId, boolean stop) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("formatType", "CANONICAL");
        JsonNode trigger;
        if (stop) {
            body.put("drain", false);
            body.put("targetDirectory", savepointDir().toUri().toString());
            trigger = post("/jobs/" + jobId + "/stop", body);
        } else {
            body.put("cancel-job", false);
            body.put("target-directory", savepointDir().toUri().toString());
            trigger = post("/jobs/" + jobId + "/savepoints", body);
        }
        String requestId = trigger.path("request-id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + requestId);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.hasNonNull("location"))
                    return operation.get("location").asText();
                throw new IOException("savepoint of " + jobId + " failed: " + operation.path("failure-cause"));
            }
            Thread.sleep(200);
        }
        throw new IOException("savepoint of " + jobId + " did not complete within 5 minutes");
    }

    /** Cancels the job (its last checkpoint is retained, see flink-conf/config.yaml). */
    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build();
        send(request);
    }

    /** GET of a REST path, e.g. {@code /jobs/overview}. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    /** POST of a JSON body to a REST path. */
    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    /** Stops the TaskManager(s) and the JobManager. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (stopped) return;
        script(List.of("stop", workDir.toString()));
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopQuietly() {
        if (stopped) return;
        try {
            script(List.of("stop", workDir.toString()));
            stopped = true;
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the Flink cluster in " + workDir + ": " + e.getMessage());
        }
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " -> HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        String body = response.body();
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /** Runs jobs/lib/flink-cluster.sh with these arguments; returns its stdout, fails with its stderr. */
    private String script(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(projectRoot.resolve("jobs/lib/flink-cluster.sh").toString());
        command.addAll(args);
        Path stderr = Files.createTempFile("flink-cluster", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("flink-cluster.sh " + args + " did not finish within " + SCRIPT_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IOException("flink-cluster.sh " + args + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(stderr));
            }
            return out;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** The checkout: the nearest folder above the working directory that has jobs/lib/flink-cluster.sh. */
    public static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("jobs/lib/flink-cluster.sh"))) return p;
        }
        throw new UncheckedIOException(new IOException("jobs/lib/flink-cluster.sh not found above " + dir));
    }

    /** A free port whose successor is free too (REST port and JobManager RPC port). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (port < 65535 && isFree(port + 1)) return port;
        }
        throw new IOException("no two adjacent free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
