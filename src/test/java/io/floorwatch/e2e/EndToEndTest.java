package io.floorwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.FloorWatchJob;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole job, as {@code jobs/floorwatch run} runs it, over a scripted mixed stream in real Kafka, writing to a
 * real ClickHouse and a real webhook endpoint: exact rows, exact rejected records, the exact set of alerts, each
 * delivered once to the right route with a valid signature.
 */
class EndToEndTest {
    static final String SECRET = "e2e-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

    static ClickHouseServer clickhouse;
    static WebhookReceiver webhook;
    static String db;
    static String prefix;

    static String at(int seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    static String slot(String id, String type, int sec, String machine, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + at(sec)
                + "\",\"machine_id\":\"" + machine + "\"" + more + "}";
    }

    static String cage(String id, int sec, String player, String amount) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + at(sec)
                + "\",\"player_id\":\"" + player + "\",\"amount\":\"" + amount
                + "\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\",\"cage_id\":\"CAGE-1\"}";
    }

    static String security(String id, String type, int sec, String location, String machine) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + at(sec)
                + "\",\"location_id\":\"" + location + "\""
                + (machine == null ? "" : ",\"machine_id\":\"" + machine + "\"") + "}";
    }

    @BeforeAll
    static void runTheJob() throws Exception {
        clickhouse = ClickHouseServer.shared();
        webhook = WebhookReceiver.start();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        db = "e2e_" + run;
        prefix = "e2e-" + run + "-";
        kafka.createTopics(1, prefix + "slot", prefix + "table", prefix + "security", prefix + "cage");

        List<String> slot = new ArrayList<>(List.of(
                slot(
                        "s1",
                        "GAME_PLAYED",
                        1,
                        "SM-1",
                        ",\"wager_amount\":1.00,\"player_id\":\"P1\",\"floor_section\":\"A\""),
                slot(
                        "s2",
                        "GAME_PLAYED",
                        30,
                        "SM-1",
                        ",\"wager_amount\":0.10,\"payout_amount\":\"0.20\",\"player_id\":\"P2\""),
                slot("s3", "GAME_PLAYED", 28, "SM-1", ",\"wager_amount\":0.20,\"player_id\":\"P1\""), // out of order
                slot(
                        "s2",
                        "GAME_PLAYED",
                        30,
                        "SM-1",
                        ",\"wager_amount\":0.10,\"payout_amount\":\"0.20\",\"player_id\":\"P2\""), // redelivered
                slot("s4", "JACKPOT", 40, "SM-2", ",\"payout_amount\":12500.00,\"floor_section\":\"B\""),
                slot("s5", "JACKPOT", 50, "SM-3", ",\"payout_amount\":1300,\"floor_section\":\"B\""),
                "{\"event_id\":\"broken\"",
                slot("s6", "HANDPAY_RESET", 180, "SM-2", ""),
                slot("s7", "HOPPER_STATUS", 300, "SM-5", ",\"hopper_level\":10"),
                slot("s8", "HOPPER_STATUS", 360, "SM-5", ",\"hopper_level\":80"),
                slot("s9", "DOOR_OPEN", 420, "SM-6", ""),
                slot("s10", "DOOR_OPEN", 480, "SM-7", ""),
                slot("s11", "GAME_PLAYED", 500, "SM-8", ",\"wager_amount\":-2"), // rejected
                slot("s12", "HEARTBEAT", 720, "SM-9", ""))); // floor time reaches T0+12 min
        for (int i = 0; i < 11; i++)
            slot.add(8 + i, slot("err" + i, "ERROR", 120 + i, "SM-4", ",\"error_code\":\"61\""));
        kafka.send(prefix + "slot", slot);
        kafka.send(
                prefix + "security",
                List.of(
                        security("x1", "ALARM", 60, "LOC-1", null),
                        security("x2", "ACCESS_GRANTED", 360, "SLOT-BANK-7", "SM-7")));
        kafka.send(
                prefix + "cage",
                List.of(
                        cage("c1", 60, "P-77", "6000.00"),
                        cage("c2", 120, "P-77", "5000"),
                        cage("c3", 180, "P-88", "9000.00"),
                        cage("c4", 240, "P-88", "8500.00"),
                        cage("c5", 250, "P-99", "10000.00")));

        int dayStartHour = Math.floorMod(T0.atZone(ZoneOffset.UTC).getHour() - 6, 24);
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                "e2e-" + run,
                "kafka.topics.slot",
                prefix + "slot",
                "kafka.topics.table",
                prefix + "table",
                "kafka.topics.security",
                prefix + "security",
                "kafka.topics.cage",
                prefix + "cage",
                "sources.bounded",
                "true",
                "checkpoint.interval",
                "2s",
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db));
        cfg.putAll(Map.of(
                "clickhouse.create-schema",
                "true",
                "clickhouse.user",
                clickhouse.user(),
                "webhook.url",
                webhook.url("/floor"),
                "webhook.compliance-url",
                webhook.url("/compliance"),
                "webhook.secret",
                SECRET,
                "casino.timezone",
                "UTC",
                "casino.gaming-day-start",
                String.format("%02d:00", dayStartHour)));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        FloorWatchJob.run(FloorWatchConfig.of(cfg));
    }

    @AfterAll
    static void stop() {
        if (webhook != null) webhook.close();
    }

    @Test
    @DisplayName("machine_minute: exact rows for an out-of-order stream with a redelivered event")
    void machineMinute() {
        String rows = clickhouse.query(
                "SELECT machine_id, floor_section, spins, coin_in, coin_out, jackpots, errors, bills_in, players FROM "
                        + db + ".machine_minute FINAL WHERE window_start = toDateTime('"
                        + T0.toString().replace("T", " ").replace("Z", "") + "', 'UTC') ORDER BY machine_id");
        assertEquals(
                String.join(
                        "\n",
                        "SM-1\tA\t3\t1.30\t0.20\t0\t0\t0.00\t2",
                        "SM-2\tB\t0\t0.00\t12500.00\t1\t0\t0.00\t0",
                        "SM-3\tB\t0\t0.00\t1300.00\t1\t0\t0.00\t0"),
                rows.strip());
        assertEquals(
                clickhouse.count("SELECT count() FROM " + db + ".machine_minute FINAL"),
                clickhouse.count("SELECT count() FROM " + db + ".machine_minute"),
                "no replaced rows visible without FINAL either");
    }

    @Test
    void rawEventsCountEachEventOnceAndRejectsKeepTheirCoordinates() {
        assertEquals(
                22,
                clickhouse.count("SELECT count() FROM " + db + ".slot_events_live FINAL"),
                "25 slot records - 1 redelivered - 2 rejected");
        assertEquals(2, clickhouse.count("SELECT count() FROM " + db + ".security_events_live FINAL"));
        assertEquals(5, clickhouse.count("SELECT count() FROM " + db + ".cage_transactions_live FINAL"));
        String rejected = clickhouse.query("SELECT source, topic, `partition`, `offset`, reason FROM " + db
                + ".rejected_events FINAL ORDER BY `offset`");
        assertEquals(
                "slot\t" + prefix + "slot\t0\t6\tINVALID_JSON\n" + "slot\t" + prefix + "slot\t0\t23\tNEGATIVE_AMOUNT",
                rejected.strip());
    }

    static final Set<String> FLOOR_ALERTS = Set.of(
            "JACKPOT/SM-2/HIGH/firing",
            "JACKPOT/SM-3/LOW/firing",
            "W2G_REQUIRED/SM-2/MEDIUM/firing",
            "HANDPAY_WAIT/SM-3/HIGH/firing",
            "MACHINE_OFFLINE/SM-1/MEDIUM/firing",
            "MACHINE_ERRORS/SM-4/HIGH/firing",
            "MACHINE_CRITICAL/SM-4/CRITICAL/firing",
            "HOPPER_FILL/SM-5/MEDIUM/firing",
            "HOPPER_FILL/SM-5/MEDIUM/resolved",
            "SECURITY_ALARM/LOC-1/CRITICAL/firing",
            "UNATTENDED_DOOR_OPEN/SM-6/HIGH/firing");
    static final Set<String> COMPLIANCE_ALERTS = Set.of(
            "CTR_REQUIRED/P-77/HIGH/firing",
            "CTR_REQUIRED/P-88/HIGH/firing",
            "SAR_STRUCTURING/P-88/HIGH/firing",
            // SPEC §8.4: P-88's first $9,000.00 and P-99's exactly $10,000.00 reach the warning; P-77 jumps over it
            "CTR_APPROACHING/P-88/MEDIUM/firing",
            "CTR_APPROACHING/P-99/MEDIUM/firing");

    @Test
    @DisplayName("alerts: the exact set, stored once each, event times as specified")
    void alertsInClickHouse() {
        Set<String> stored = new TreeSet<>(List.of(clickhouse
                .query("SELECT concat(rule, '/', entity_id, '/', severity, '/', status) FROM " + db + ".alerts FINAL")
                .split("\n")));
        Set<String> expected = new TreeSet<>(FLOOR_ALERTS);
        expected.addAll(COMPLIANCE_ALERTS);
        assertEquals(expected, stored);
        assertEquals(expected.size(), clickhouse.count("SELECT count() FROM " + db + ".alerts"));
        assertEquals(
                T0.plusSeconds(50 + 600).toString().replace("T", " ").replace("Z", ".000"),
                clickhouse
                        .query("SELECT event_time FROM " + db + ".alerts WHERE rule = 'HANDPAY_WAIT'")
                        .strip(),
                "fires at jackpot + 10 min");
        assertEquals(
                "11000.00",
                clickhouse
                        .query("SELECT amount FROM " + db
                                + ".alerts WHERE rule = 'CTR_REQUIRED' AND entity_id = 'P-77'")
                        .strip());
        assertEquals(
                "17500.00",
                clickhouse
                        .query("SELECT amount FROM " + db + ".alerts WHERE rule = 'SAR_STRUCTURING'")
                        .strip());
    }

    @Test
    @DisplayName("webhooks: each message once, to the right route, signed; compliance never on the floor endpoint")
    void webhookRequests() throws Exception {
        List<WebhookReceiver.Request> floor = webhook.requests("/floor");
        List<WebhookReceiver.Request> compliance = webhook.requests("/compliance");
        assertEquals(FLOOR_ALERTS, keys(floor));
        assertEquals(FLOOR_ALERTS.size(), floor.size(), "no message twice");
        assertEquals(COMPLIANCE_ALERTS, keys(compliance));
        for (WebhookReceiver.Request r : floor) {
            assertTrue(WebhookReceiver.verifySignature(SECRET, r), "valid HMAC signature");
            JsonNode body = JSON.readTree(r.body());
            assertEquals(
                    body.get("alert_id").asText() + ":" + body.get("status").asText(), r.header("Idempotency-Key"));
            assertEquals("application/json", r.header("Content-Type"));
        }
        String jackpotBody = floor.stream()
                .map(WebhookReceiver.Request::body)
                .filter(b -> read(b).get("rule").asText().equals("JACKPOT")
                        && read(b).get("entity_id").asText().equals("SM-2"))
                .findFirst()
                .orElseThrow();
        JsonNode jackpot = read(jackpotBody);
        assertTrue(
                jackpotBody.contains("\"amount\":12500.00"),
                "amount is an exact JSON number with 2 decimals: " + jackpotBody);
        assertEquals("machine", jackpot.get("entity_type").asText());
        assertEquals(at(40).replace("Z", ".000Z"), jackpot.get("event_time").asText());
        assertEquals(
                "Jackpot $12,500.00 on SM-2 (section B)", jackpot.get("summary").asText());
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> keys(List<WebhookReceiver.Request> requests) {
        return requests.stream()
                .map(r -> read(r.body()))
                .map(b -> b.get("rule").asText() + "/" + b.get("entity_id").asText() + "/"
                        + b.get("severity").asText() + "/" + b.get("status").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
