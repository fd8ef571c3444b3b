package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The packaged jars (hence an IT: it runs after `package`). The job jar, target/floorwatch-&lt;version&gt;.jar,
 * holds the job only: the benchmark (src/bench/java) ships in its own jar,
 * target/bench-jar/floorwatch-&lt;version&gt;-bench.jar, which {@code jobs/floorwatch bench} puts next to it. The job
 * jar stays the only target/floorwatch-*.jar, which is how docker/Dockerfile and TaskManagerKillIT find it.
 */
class JarContentsIT {
    private static final Path ROOT = FlinkStandaloneCluster.projectRoot();
    private static final String BENCH_PACKAGE = "io/floorwatch/bench/";

    @Test
    void jobJarHoldsNoBenchmark() throws Exception {
        Path jar = ROOT.resolve("target/floorwatch-" + projectVersion() + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " not built: run mvn package (this is an IT)");
        List<String> entries = entries(jar);
        assertTrue(entries.contains("io/floorwatch/FloorWatchMain.class"), "the job's main class is in " + jar);
        List<String> bench =
                entries.stream().filter(e -> e.startsWith(BENCH_PACKAGE)).toList();
        assertEquals(
                List.of(),
                bench,
                "benchmark classes in the job jar " + jar + " (a stale target/classes? mvn clean package)");
    }

    @Test
    void jobJarIsTheOnlyFloorwatchJarInTarget() throws Exception {
        try (Stream<Path> files = Files.list(ROOT.resolve("target"))) {
            List<String> jars = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("floorwatch-.*\\.jar"))
                    .sorted()
                    .toList();
            assertEquals(
                    List.of("floorwatch-" + projectVersion() + ".jar"),
                    jars,
                    "target/floorwatch-*.jar must be the job jar alone");
        }
    }

    @Test
    void benchJarHoldsTheBenchmarkOnly() throws Exception {
        Path jar = ROOT.resolve("target/bench-jar/floorwatch-" + projectVersion() + "-bench.jar");
        assertTrue(Files.isRegularFile(jar), jar + " not built: run mvn package (this is an IT)");
        List<String> entries = entries(jar);
        assertTrue(entries.contains(BENCH_PACKAGE + "BenchMain.class"), "BenchMain is in " + jar);
        List<String> others = entries.stream()
                .filter(e -> e.endsWith(".class") && !e.startsWith(BENCH_PACKAGE))
                .toList();
        assertEquals(
                List.of(), others, "the bench jar brings only the benchmark; the job's classes come from the job jar");
    }

    private static List<String> entries(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }

    /** project/version of pom.xml (no parent), as jobs/floorwatch reads it. */
    private static String projectVersion() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile());
        for (var n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("version".equals(n.getNodeName())) return n.getTextContent().trim();
        }
        throw new AssertionError("no project version in pom.xml");
    }
}
