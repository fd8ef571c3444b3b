package io.floorwatch.topology;

import io.floorwatch.config.FloorWatchConfig;

/** Test access to the production outputs of a configuration (package-private in main). */
public final class TestOutputs {
    private TestOutputs() {}

    public static Outputs configured(FloorWatchConfig cfg) {
        return ConfiguredOutputs.create(cfg);
    }
}
