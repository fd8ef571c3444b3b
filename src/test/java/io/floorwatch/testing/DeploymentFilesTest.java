package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job profiles and the docker stack use only configuration keys the job knows (an unknown key
 * stops the job at start), pin their images, and agree with each other on versions and addresses.
 * Docker can't run here, so this is what keeps docker/ honest.
 */
class DeploymentFilesTest {
    private static final Path ROOT = FlinkStandaloneCluster.projectRoot();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyJobProfileIsAValidConfiguration() throws IOException {
        List<Path> profiles;
        try (Stream<Path> files = Files.list(ROOT.resolve("jobs"))) {
            profiles = new ArrayList<>(
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
        }
        profiles.add(ROOT.resolve("docker/floorwatch.yaml"));
        assertTrue(profiles.stream().anyMatch(p -> p.endsWith("jobs/demo.yaml")));
        for (Path profile : profiles) {
            // fromArgs validates every key and value, as the job does at start
            FloorWatchConfig.fromArgs(new String[] {"--config", profile.toString()}, Map.of());
        }
    }

    @Test
    void demoProfileRunsTheSimulatorWithLocalOutputs() {
        FloorWatchConfig demo = FloorWatchConfig.fromArgs(
                new String[] {"--config", ROOT.resolve("jobs/demo.yaml").toString()}, Map.of());
        assertEquals("simulator", demo.get(Options.SOURCES_MODE));
        assertTrue(demo.get(Options.CLICKHOUSE_CREATE_SCHEMA));
        assertTrue(demo.get(Options.CONSOLE_ENABLED));
        assertTrue(!demo.get(Options.OUTPUT_DIR).isBlank());
    }

    @Test
    void composeImagesArePinnedAndVersionsAgree() throws IOException {
        JsonNode services = compose().path("services");
        assertTrue(services.size() >= 7, "services: " + services);
        services.fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            // a version tag, "v" allowed before it (prom/prometheus:v3.7.3)
            assertTrue(
                    image.matches("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*"),
                    service.getKey() + " image not pinned to a version: " + image);
        });
        assertEquals("apache/kafka:4.2.0", services.path("kafka").path("image").asText());
        // KRaft formats the storage with it: a base64 UUID (22 characters) or the broker doesn't start
        assertTrue(services.path("kafka")
                .path("environment")
                .path("CLUSTER_ID")
                .asText()
                .matches("[A-Za-z0-9_-]{22}"));
        assertTrue(services.path("clickhouse").path("image").asText().startsWith("clickhouse/clickhouse-server:26."));
        assertTrue(services.path("grafana")
                .path("environment")
                .path("GF_INSTALL_PLUGINS")
                .asText()
                .contains("grafana-clickhouse-datasource"));

        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        assertTrue(dockerfile.contains("FROM flink:2.2.1-java17"), "the Flink image matches the pom's Flink version");
        assertTrue(dockerfile.contains("/opt/flink/usrlib/"));
    }

    @Test
    void flinkServicesMountTheProjectConfiguration() throws IOException {
        JsonNode services = compose().path("services");
        for (String name : List.of("jobmanager", "taskmanager", "client", "simulator")) {
            JsonNode service = services.path(name);
            assertEquals("floorwatch-flink:1.0.0", service.path("image").asText(), name);
            assertTrue(
                    service.path("volumes").toString().contains("../flink-conf:/opt/floorwatch/flink-conf:ro"), name);
        }
        assertTrue(Files.isExecutable(ROOT.resolve("docker/flink-entrypoint.sh")));
    }

    @Test
    void everyBindMountSourceExists() throws IOException {
        JsonNode services = compose().path("services");
        List<String> missing = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")
                        && !Files.exists(ROOT.resolve("docker").resolve(source).normalize())) {
                    missing.add(service.getKey() + ": " + source);
                }
            }
        });
        assertEquals(List.of(), missing);
    }

    @Test
    void grafanaAndClickHouseShareTheReadOnlyUsersPasswords() throws IOException {
        JsonNode services = compose().path("services");
        // each Grafana gets the password of its own ClickHouse user only: the floor's never sees the compliance one
        Map<String, List<String>> passwords = Map.of(
                "clickhouse", List.of("GRAFANA_FLOOR_CLICKHOUSE_PASSWORD", "GRAFANA_COMPLIANCE_CLICKHOUSE_PASSWORD"),
                "grafana", List.of("GRAFANA_FLOOR_CLICKHOUSE_PASSWORD"),
                "grafana-compliance", List.of("GRAFANA_COMPLIANCE_CLICKHOUSE_PASSWORD"));
        passwords.forEach((name, variables) -> {
            JsonNode env = services.path(name).path("environment");
            for (String v : variables) {
                assertTrue(
                        env.path(v).asText().startsWith("${" + v + ":?"),
                        name + " gets " + v + " from the environment");
            }
            env.fieldNames()
                    .forEachRemaining(v -> assertTrue(
                            !v.endsWith("CLICKHOUSE_PASSWORD") || variables.contains(v), name + " must not get " + v));
        });
        assertTrue(services.path("clickhouse").path("volumes").toString().contains("/etc/clickhouse-server/users.d/"));
        assertTrue(
                services.path("grafana").path("volumes").toString().contains("/etc/grafana/provisioning/datasources"));
        assertTrue(services.path("grafana-compliance")
                .path("volumes")
                .toString()
                .contains("/etc/grafana/provisioning/datasources"));
    }

    @Test
    void grafanasHaveNoAnonymousAccessAndNoDefaultAdminPassword() throws IOException {
        JsonNode services = compose().path("services");
        for (String name : List.of("grafana", "grafana-compliance")) {
            JsonNode env = services.path(name).path("environment");
            assertEquals("false", env.path("GF_AUTH_ANONYMOUS_ENABLED").asText(), name);
            assertTrue(
                    env.path("GF_SECURITY_ADMIN_PASSWORD")
                            .asText()
                            .matches("\\$\\{GRAFANA_[A-Z_]*ADMIN_PASSWORD:\\?.+}"),
                    name + ": admin password required from the environment, got "
                            + env.path("GF_SECURITY_ADMIN_PASSWORD"));
        }
        assertTrue(
                !services.path("grafana")
                        .path("environment")
                        .path("GF_SECURITY_ADMIN_PASSWORD")
                        .asText()
                        .equals(services.path("grafana-compliance")
                                .path("environment")
                                .path("GF_SECURITY_ADMIN_PASSWORD")
                                .asText()),
                "the compliance Grafana's admin is not the floor's");
    }

    /** docker-compose.yml as compose reads it: YAML merge keys (<<: *anchor) resolved, which Jackson's YAML parser doesn't do. */
    private static JsonNode compose() throws IOException {
        Object tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker/docker-compose.yml")));
        return YAML.valueToTree(tree);
    }

    @Test
    void composeCommandsPassOnlyKnownKeys() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker/docker-compose.yml"));
        Matcher m = Pattern.compile("--([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\\b").matcher(compose);
        while (m.find()) {
            String key = m.group(1);
            assertTrue(
                    Options.ALL.stream().anyMatch(o -> o.key().equals(key)),
                    "docker-compose.yml passes unknown key --" + key);
        }
    }

    @Test
    void dockerProfileUsesTheComposeAddresses() {
        FloorWatchConfig docker = FloorWatchConfig.fromArgs(
                new String[] {"--config", ROOT.resolve("docker/floorwatch.yaml").toString()}, Map.of());
        assertEquals("kafka:19092", docker.get(Options.KAFKA_BOOTSTRAP));
        assertEquals("http://clickhouse:8123", docker.get(Options.CLICKHOUSE_URL));
    }
}
