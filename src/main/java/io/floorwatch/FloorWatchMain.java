package io.floorwatch;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.topology.FloorWatchJob;

/**
 * Entry point of the job jar ({@code flink run}, REST submission) and of {@code jobs/floorwatch run|demo}:
 * {@code [--config FILE] [--key value ...]}. A configuration problem stops it before anything runs, with
 * one message naming the key, and exit code 2.
 */
public final class FloorWatchMain {
    private FloorWatchMain() {}

    public static void main(String[] args) throws Exception {
        FloorWatchConfig cfg;
        try {
            cfg = FloorWatchConfig.fromArgs(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("floorwatch: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            FloorWatchJob.run(cfg);
        } catch (ConfigException e) {
            System.err.println("floorwatch: configuration error: " + e.getMessage());
            System.exit(2);
        }
    }
}
