package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorSimulator;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.CollectingSink;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The demo shows offers: the simulator's carded high rollers earn the demo profile's offer rules, through the whole
 * topology (simulator, bounded), and player_ratings rows come out with them.
 */
class PlayerSimulatorTest {
    @Test
    void carded_high_rollers_earn_offers_through_the_whole_job() throws Exception {
        // the simulator paces itself in wall-clock time: its records are generated into files first (as
        // `jobs/floorwatch generate` writes them), 400 s of floor time at 50 events/s, then read in files mode
        Path dir = Files.createTempDirectory("players-sim");
        Map<String, String> cfg = new HashMap<>(Map.of(
                "sources.mode",
                "files",
                "sources.files.dir",
                dir.toString(),
                "sources.bounded",
                "true",
                "simulator.rate",
                "50",
                "simulator.incident-rate",
                "10",
                "simulator.start-time",
                "2026-11-22T20:00:00Z",
                "job.parallelism",
                "2",
                "checkpoint.interval",
                "2s",
                "checkpoint.dir",
                dir.resolve("cp").toUri().toString()));
        cfg.putAll(Map.of(
                "offers.free-play.min-coin-in",
                "100",
                "offers.free-play.reward",
                "FREE_PLAY",
                "offers.free-play.value",
                "20"));
        FloorWatchConfig config = FloorWatchConfig.of(cfg);
        FloorSimulator simulator = new FloorSimulator(config);
        Map<Source, OutputStream> files = new EnumMap<>(Source.class);
        try {
            for (Source s : Source.values())
                files.put(s, new BufferedOutputStream(Files.newOutputStream(dir.resolve(s.code() + ".jsonl"))));
            for (long i = 0; i < 20_000; i++) {
                RawRecord r = simulator.generate(i).record();
                files.get(r.source()).write(r.payload());
                files.get(r.source()).write('\n');
            }
        } finally {
            for (OutputStream o : files.values()) o.close();
        }
        StreamExecutionEnvironment env = FloorWatchJob.environment(config);
        Outputs outputs = new Outputs();
        CollectingSink<PlayerOffer> offers = new CollectingSink<>();
        CollectingSink<PlayerRating> ratings = new CollectingSink<>();
        outputs.playerOffers.add(Outputs.named("test", offers));
        outputs.playerRatings.add(Outputs.named("test", ratings));
        FloorWatchTopology.build(env, config, InputSources.fromConfig(config), Map.of(), outputs);
        env.execute("players-simulator");

        List<PlayerOffer> issued = offers.results();
        assertFalse(issued.isEmpty(), "the simulator's high rollers earn offers");
        Set<String> ids = issued.stream().map(o -> o.offerId).collect(Collectors.toSet());
        assertEquals(issued.size(), ids.size(), "once per player, rule and gaming day: " + issued);
        for (PlayerOffer o : issued) {
            assertTrue(o.coinInCents >= 10_000, o.toString());
            assertEquals(PlayerOffer.idOf("free-play", o.playerId, o.gamingDay), o.offerId);
        }
        assertFalse(ratings.results().isEmpty());
    }
}
