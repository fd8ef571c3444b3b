package io.floorwatch.topology;

import io.floorwatch.config.FloorWatchConfig;

/** The real sinks a configuration asks for: ClickHouse, webhooks, local files, the console. */
final class ConfiguredOutputs {
    private ConfiguredOutputs() {}

    static Outputs create(FloorWatchConfig cfg) {
        Outputs o = new Outputs();
        // TODO ClickHouse, webhook, files, console
        return o;
    }
}
