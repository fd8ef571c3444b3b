package io.floorwatch.ecosystem;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real binary of one of Debian's packages (prometheus, prometheus-alertmanager), found on PATH. {@code jobs/floorwatch
 * test} installs the packages before Maven runs; when one is still missing, the test fails (never skips: a run must not
 * go green on tests it did not run), naming the command that installs it.
 */
final class DebianTool {
    private DebianTool() {}

    /** The first of {@code names} found on PATH (or in /usr/bin, /usr/sbin); fails the test if none is. */
    static Path require(String debianPackage, String... names) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) if (!d.isEmpty()) dirs.add(Path.of(d));
        }
        dirs.add(Path.of("/usr/bin"));
        dirs.add(Path.of("/usr/sbin"));
        for (String name : names) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
            }
        }
        String message = String.join(" or ", names) + " not found: install Debian's package " + debianPackage
                + " (apt-get install " + debianPackage + "; jobs/floorwatch test does)";
        return fail(message);
    }

    static Path promtool() {
        return require("prometheus", "promtool");
    }

    static Path prometheus() {
        return require("prometheus", "prometheus");
    }

    static Path alertmanager() {
        return require("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    }
}
