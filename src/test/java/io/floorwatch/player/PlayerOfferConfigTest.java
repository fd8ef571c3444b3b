package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offers.<id>.* key family (SPEC 8.2) in the configuration, and the player keys' defaults. */
class PlayerOfferConfigTest {
    private static FloorWatchConfig config(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("sources.mode", "simulator"));
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return FloorWatchConfig.of(m);
    }

    @Test
    @DisplayName("a complete rule loads; PlayerActivity gets every offers.* key and the settings it uses")
    void completeRule() {
        FloorWatchConfig cfg =
                config("offers.vip-1.min-theo", "50", "offers.vip-1.reward", "HOTEL", "offers.vip-1.value", "199.99");
        Map<String, String> s = PlayerActivity.initialSettings(cfg);
        assertEquals("50", s.get("offers.vip-1.min-theo"));
        assertEquals("0.08", s.get("rules.player.house-edge"));
        assertEquals("1200.00", s.get("rules.jackpot.threshold"));
        OfferRule r = OfferRule.activeRules(s).get("vip-1");
        assertEquals(new OfferRule("vip-1", 5000L, null, null, "HOTEL", 19999), r);
    }

    @Test
    @DisplayName("an incomplete rule stops the start, naming the missing key")
    void incompleteRule() {
        ConfigException noReward =
                assertThrows(ConfigException.class, () -> config("offers.a.min-theo", "50", "offers.a.value", "10"));
        assertTrue(noReward.getMessage().startsWith("offers.a.reward:"), noReward.getMessage());
        ConfigException noMinimum =
                assertThrows(ConfigException.class, () -> config("offers.b.reward", "FOOD", "offers.b.value", "10"));
        assertTrue(
                noMinimum.getMessage().startsWith("offers.b.min-theo:")
                        && noMinimum.getMessage().contains("at least one minimum"),
                noMinimum.getMessage());
        ConfigException noValue = assertThrows(
                ConfigException.class, () -> config("offers.c.reward", "FOOD", "offers.c.min-minutes", "10"));
        assertTrue(noValue.getMessage().startsWith("offers.c.value:"), noValue.getMessage());
    }

    @Test
    @DisplayName(
            "each value is validated like any key: the message names it; unknown attributes and ids are unknown keys")
    void badValues() {
        assertTrue(assertThrows(ConfigException.class, () -> config("offers.a.reward", "CASH"))
                .getMessage()
                .startsWith("offers.a.reward: expected one of FREE_PLAY, FOOD, HOTEL, POINTS"));
        assertTrue(assertThrows(ConfigException.class, () -> config("offers.a.min-coin-in", "1.005"))
                .getMessage()
                .startsWith("offers.a.min-coin-in:"));
        assertTrue(assertThrows(ConfigException.class, () -> config("offers.a.min-minutes", "-1"))
                .getMessage()
                .startsWith("offers.a.min-minutes:"));
        assertTrue(assertThrows(ConfigException.class, () -> config("offers.a.bonus", "1"))
                .getMessage()
                .startsWith("offers.a.bonus: unknown configuration key"));
        assertTrue(assertThrows(ConfigException.class, () -> config("offers.a_b.value", "1"))
                .getMessage()
                .startsWith("offers.a_b.value: unknown configuration key"));
        FloorWatchConfig.validate("offers.x.value", "10"); // alone, as a live change is validated
        assertThrows(ConfigException.class, () -> FloorWatchConfig.validate("offers.x.reward", "NOPE"));
    }

    @Test
    @DisplayName("nested YAML works for the family like for any key")
    void nestedYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(
                file,
                "sources:\n  mode: simulator\noffers:\n  lunch:\n    min-minutes: 30\n    reward: FOOD\n    value: 12.5\n");
        FloorWatchConfig cfg = FloorWatchConfig.fromArgs(new String[] {"--config", file.toString()}, Map.of());
        assertEquals(
                Map.of("offers.lunch.min-minutes", "30", "offers.lunch.reward", "FOOD", "offers.lunch.value", "12.5"),
                cfg.withPrefix("offers."));
        Files.writeString(file, "sources:\n  mode: simulator\noffers:\n  lunch:\n    reward: FOOD\n    value: 12.5\n");
        assertThrows(
                ConfigException.class,
                () -> FloorWatchConfig.fromArgs(new String[] {"--config", file.toString()}, Map.of()));
    }

    @Test
    @DisplayName("the house edge reaches the operator as written: an exact decimal, never through a double")
    void houseEdgeExact() {
        assertEquals(
                "0.0825",
                PlayerActivity.initialSettings(config("rules.player.house-edge", "0.0825"))
                        .get("rules.player.house-edge"));
        assertEquals(825, PlayerSessions.theo(10_000, new java.math.BigDecimal("0.0825")));
    }

    @Test
    void offersTopicDefault() {
        assertEquals("player-offers", config().get(Options.KAFKA_TOPIC_OFFERS));
        assertEquals("kafka.topics.offers", Options.KAFKA_TOPIC_OFFERS.key());
    }
}
