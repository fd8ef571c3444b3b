package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code jobs/floorwatch} the way an operator does, from the project root. */
public final class Launcher {
    private Launcher() {}

    /** Runs jobs/floorwatch with the arguments, asserts exit code 0, returns the last line of its stdout. */
    public static String run(List<String> args) throws IOException, InterruptedException {
        Path root = FlinkStandaloneCluster.projectRoot();
        List<String> command =
                new ArrayList<>(List.of("bash", root.resolve("jobs/floorwatch").toString()));
        command.addAll(args);
        Path err = Files.createTempFile("floorwatch", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "jobs/floorwatch " + args + " did not finish");
            assertEquals(0, p.exitValue(), "jobs/floorwatch " + args + ": " + Files.readString(err));
            String[] lines = out.split("\n");
            return lines[lines.length - 1].trim();
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
