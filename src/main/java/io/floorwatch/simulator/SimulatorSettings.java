package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * Everything that determines the simulated stream, resolved once (the start time included) so that the
 * generator shipped to a Flink task, and a restart of it, produce the same records.
 */
public record SimulatorSettings(
        long seed,
        int rate,
        int machines,
        int sections,
        int tables,
        int players,
        double malformedShare,
        double incidentRate,
        long maxEvents,
        long startEpochMs,
        String zoneId,
        String slotTopic,
        String tableTopic,
        String securityTopic,
        String cageTopic)
        implements Serializable {

    public SimulatorSettings {
        if (rate <= 0) throw new IllegalArgumentException("rate must be positive");
        if (incidentRate <= 0) throw new IllegalArgumentException("incidentRate must be positive");
        if (malformedShare < 0 || malformedShare > 1)
            throw new IllegalArgumentException("malformedShare must be in [0, 1]");
        ZoneId.of(zoneId);
    }

    /** From the configuration; an empty {@code simulator.start-time} means now (whole seconds). */
    public static SimulatorSettings from(FloorWatchConfig cfg) {
        String start = cfg.get(Options.SIMULATOR_START_TIME);
        long startMs = start.isEmpty()
                ? (System.currentTimeMillis() / 1000) * 1000
                : Instant.parse(start).toEpochMilli();
        return new SimulatorSettings(
                cfg.get(Options.SIMULATOR_SEED),
                cfg.get(Options.SIMULATOR_RATE),
                cfg.get(Options.SIMULATOR_MACHINES),
                cfg.get(Options.SIMULATOR_SECTIONS),
                cfg.get(Options.SIMULATOR_TABLES),
                cfg.get(Options.SIMULATOR_PLAYERS),
                cfg.get(Options.SIMULATOR_MALFORMED_SHARE),
                cfg.get(Options.SIMULATOR_INCIDENT_RATE),
                cfg.get(Options.SIMULATOR_MAX_EVENTS),
                startMs,
                cfg.get(Options.CASINO_TIMEZONE).getId(),
                cfg.get(Options.KAFKA_TOPIC_SLOT),
                cfg.get(Options.KAFKA_TOPIC_TABLE),
                cfg.get(Options.KAFKA_TOPIC_SECURITY),
                cfg.get(Options.KAFKA_TOPIC_CAGE));
    }

    /** Defaults of {@link Options} with the given seed, rate and start: handy in tests. */
    public static SimulatorSettings of(long seed, int rate, long startEpochMs) {
        return from(FloorWatchConfig.of(Map.of(
                Options.SOURCES_MODE.key(), "simulator",
                Options.SIMULATOR_SEED.key(), Long.toString(seed),
                Options.SIMULATOR_RATE.key(), Integer.toString(rate),
                Options.SIMULATOR_START_TIME.key(),
                        Instant.ofEpochMilli(startEpochMs).toString())));
    }

    public SimulatorSettings withMalformedShare(double share) {
        return with(share, incidentRate, maxEvents);
    }

    public SimulatorSettings withIncidentRate(double factor) {
        return with(malformedShare, factor, maxEvents);
    }

    public SimulatorSettings withMaxEvents(long max) {
        return with(malformedShare, incidentRate, max);
    }

    private SimulatorSettings with(double malformedShare, double incidentRate, long maxEvents) {
        return new SimulatorSettings(
                seed,
                rate,
                machines,
                sections,
                tables,
                players,
                malformedShare,
                incidentRate,
                maxEvents,
                startEpochMs,
                zoneId,
                slotTopic,
                tableTopic,
                securityTopic,
                cageTopic);
    }
}
