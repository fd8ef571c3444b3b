import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the body of Flink's {@code POST /jars/:id/run} for {@code jobs/floorwatch submit} (run as a
 * single-file program against the built jar). The profile is validated with the job's own rules
 * first, so a bad key fails here and not on the cluster; then the YAML file is flattened into
 * {@code --key value} arguments, so the cluster never needs the file. Secrets are left out unless
 * asked for: program arguments are visible in the Flink web UI and REST API.
 *
 * <p>Arguments: MAIN_CLASS SAVEPOINT PARALLELISM ALLOW_NON_RESTORED INLINE_SECRETS [--config FILE] [--key value ...]
 */
public class SubmitRequest {
    public static void main(String[] args) throws Exception {
        String mainClass = args[0];
        String savepoint = args[1];
        String parallelism = args[2];
        boolean allowNonRestored = Boolean.parseBoolean(args[3]);
        boolean inlineSecrets = Boolean.parseBoolean(args[4]);
        String[] jobArgs = java.util.Arrays.copyOfRange(args, 5, args.length);
        FloorWatchConfig config;
        try {
            config = FloorWatchConfig.fromArgs(jobArgs, System.getenv());
        } catch (ConfigException e) {
            System.err.println("[floorwatch] ERROR: " + e.getMessage());
            System.exit(2);
            return;
        }

        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < jobArgs.length; i++) {
            String key = jobArgs[i].substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                value = jobArgs[++i];
            }
            if (key.equals("config")) {
                values.putAll(readYaml(Path.of(value)));
            } else {
                values.put(key, value);
            }
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        body.put("entryClass", mainClass);
        ArrayNode programArgs = body.putArray("programArgsList");
        values.forEach((key, value) -> {
            if (Options.SECRETS.contains(key) && !value.isEmpty() && !inlineSecrets) {
                System.err.println("[floorwatch] " + key + " is not sent with the job (program arguments show in the Flink UI): set "
                        + Options.ENVIRONMENT.get(key) + " in the JobManager's environment, or submit with --inline-secrets");
                return;
            }
            programArgs.add("--" + key);
            programArgs.add(value);
        });
        // Flink's /jars/:id/run falls back to parallelism 1, not the cluster's parallelism.default:
        // without --parallelism the profile's job.parallelism applies
        int effectiveParallelism = parallelism.isEmpty() ? config.get(Options.JOB_PARALLELISM) : Integer.parseInt(parallelism);
        body.put("parallelism", effectiveParallelism);
        if (!savepoint.isEmpty()) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", allowNonRestored);
        }
        System.out.println(json.writeValueAsString(body));
    }

    /** The job's own YAML reading (nested maps flattened to dotted keys), so both sides agree. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> readYaml(Path file) throws Exception {
        Method read = FloorWatchConfig.class.getDeclaredMethod("readYaml", Path.class);
        read.setAccessible(true);
        return (Map<String, String>) read.invoke(null, file);
    }
}
