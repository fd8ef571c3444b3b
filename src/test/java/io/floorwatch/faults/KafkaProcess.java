package io.floorwatch.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker as its own process (jobs/lib/kafka.sh), so that it can be stopped and started again on the same
 * port and data directory while a job reads from it; the in-JVM test broker cannot restart a single broker.
 */
final class KafkaProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private volatile long pid = -1;

    private KafkaProcess(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    static KafkaProcess start(Path dir) throws IOException, InterruptedException {
        KafkaProcess k = new KafkaProcess(dir, FaultFixture.freePort(), FaultFixture.freePort());
        k.start();
        // a test JVM that dies must not leave the broker behind
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            long pid = k.pid;
                            if (pid > 0) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                        },
                        "kafka-process-stop"));
        return k;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    synchronized void start() throws IOException, InterruptedException {
        String out = script("start", dir.toString(), String.valueOf(port), String.valueOf(controllerPort));
        String[] lines = out.strip().split("\n");
        pid = Long.parseLong(lines[lines.length - 1].strip());
    }

    /** SIGTERM, waits for the process to end (the script kills it after 30 s if it must). */
    synchronized void stop() throws IOException, InterruptedException {
        if (pid > 0) script("stop", String.valueOf(pid));
        pid = -1;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    static Path projectRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("jobs/lib/kafka.sh"))) return p;
        }
        throw new IllegalStateException("jobs/lib/kafka.sh not found above " + System.getProperty("user.dir"));
    }

    private static String script(String... args) throws IOException, InterruptedException {
        Path root = projectRoot();
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("jobs/lib/kafka.sh").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Path err = Files.createTempFile("kafka-sh", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("kafka.sh " + String.join(" ", args) + " did not finish");
            }
            if (p.exitValue() != 0)
                throw new IOException("kafka.sh " + String.join(" ", args) + " failed: " + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
