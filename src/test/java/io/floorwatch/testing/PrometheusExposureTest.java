package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Flink's Prometheus reporter listens on every interface of its container (it has no bind-host option, and must be
 * reachable from the container network to be scraped), so the host side must publish it on loopback only.
 */
class PrometheusExposureTest {
    @Test
    void dockerPublishesTheMetricsPortsOnLoopbackOnly() throws Exception {
        String compose = Files.readString(FlinkStandaloneCluster.projectRoot().resolve("docker/docker-compose.yml"));
        Matcher m = Pattern.compile("(?m)^\\s*-\\s*\"?([^\"\\s]*:)?(\\d+):9249\"?\\s*$")
                .matcher(compose);
        List<String> published = new ArrayList<>();
        List<String> open = new ArrayList<>();
        while (m.find()) {
            published.add(m.group().trim());
            if (!"127.0.0.1:".equals(m.group(1))) open.add(m.group().trim());
        }
        assertFalse(published.isEmpty(), "the compose file publishes the JobManager's and TaskManager's port 9249");
        assertEquals(List.of(), open, "Prometheus ports published beyond 127.0.0.1");
    }
}
