package io.floorwatch.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.floorwatch.testing.FlinkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/docker-compose.yml against the Compose Specification's own JSON schema (docker/schema/compose-spec.json, a
 * copy from github.com/compose-spec/compose-spec): Debian's docker-compose 1.29 cannot judge it (it knows no top-level
 * {@code name}) and there is no Docker here. The validator is networknt's json-schema-validator, draft-07 as the schema
 * says; broken copies of the file must be rejected, so the check can fail.
 */
class ComposeSchemaTest {
    private static final Path ROOT = FlinkStandaloneCluster.projectRoot();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Schema schema() throws Exception {
        Path file = ROOT.resolve("docker/schema/compose-spec.json");
        JsonNode schema = JSON.readTree(file.toFile());
        assertEquals(
                "https://json-schema.org/draft-07/schema",
                schema.path("$schema").asText());
        // its $id is relative ("compose_spec.json"): resolved against the file's own location
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of(file.toUri().toString()), schema);
    }

    /**
     * The compose file as Compose reads it: YAML 1.1 merge keys ({@code <<: *flink}) resolved. Jackson's YAML tree
     * model leaves a merge key as the anchor's name (a field "<<" holding "flink"), so the document is loaded by
     * SnakeYAML, the YAML engine under jackson-dataformat-yaml, and handed to Jackson as a tree.
     */
    private static ObjectNode compose(String yaml) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return JSON.valueToTree(document);
    }

    private static String composeFile() throws Exception {
        return Files.readString(ROOT.resolve("docker/docker-compose.yml"));
    }

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() throws Exception {
        ObjectNode compose = compose(composeFile());
        // the anchors really were merged: a service built from x-flink has its image and no "<<" key
        assertEquals(
                compose.at("/x-flink/image").asText(),
                compose.at("/services/jobmanager/image").asText());
        assertFalse(compose.path("services").path("jobmanager").has("<<"));

        List<Error> errors = schema().validate(compose);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    /** The schema is the upstream file unchanged: its SHA-256 is the one docker/schema/README.md records. */
    @Test
    void theSchemaIsTheRecordedUpstreamCopy() throws Exception {
        String readme = Files.readString(ROOT.resolve("docker/schema/README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("SHA-256 of the file:\\s*`([0-9a-f]{64})`")
                .matcher(readme);
        assertTrue(m.find(), "no SHA-256 in docker/schema/README.md");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(ROOT.resolve("docker/schema/compose-spec.json")));
        assertEquals(m.group(1), java.util.HexFormat.of().formatHex(digest));
    }

    @Test
    void brokenCopiesAreRejected() throws Exception {
        Schema schema = schema();
        String file = composeFile();

        ObjectNode unknownServiceKey = compose(file);
        ((ObjectNode) unknownServiceKey.at("/services/kafka")).put("restat", "always");
        assertRejected(schema, unknownServiceKey, "/services/kafka: property 'restat'");

        ObjectNode unknownTopLevelKey = compose(file);
        unknownTopLevelKey.set("service", unknownTopLevelKey.get("services"));
        assertRejected(schema, unknownTopLevelKey, "property 'service'");

        ObjectNode portsNotAList = compose(file);
        ((ObjectNode) portsNotAList.at("/services/clickhouse")).put("ports", "127.0.0.1:8123:8123");
        assertRejected(schema, portsNotAList, "/services/clickhouse/ports");

        ObjectNode badDependsOnCondition = compose(file);
        ((ObjectNode) badDependsOnCondition.at("/services/taskmanager/depends_on/jobmanager"))
                .put("condition", "service_ready");
        assertRejected(schema, badDependsOnCondition, "/jobmanager/condition");

        // the same file without its merge keys resolved (Jackson's YAML tree) is not what Compose reads
        JsonNode unmerged = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(file);
        assertRejected(schema, unmerged, "property '<<'");
    }

    private static void assertRejected(Schema schema, JsonNode document, String mentioned) {
        List<String> errors =
                schema.validate(document).stream().map(Error::toString).toList();
        assertFalse(errors.isEmpty(), "a broken compose file passed (" + mentioned + ")");
        assertTrue(errors.stream().anyMatch(e -> e.contains(mentioned)), mentioned + " not named in " + errors);
    }
}
