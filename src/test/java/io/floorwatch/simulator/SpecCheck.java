package io.floorwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.event.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent reading of SPEC §4 for the tests, with Jackson: returns why a payload is invalid, or null.
 * Deliberately separate from the job's parser so that the simulator is checked against the spec, not against
 * another implementation.
 */
final class SpecCheck {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Map<Source, Set<String>> TYPES = Map.of(
            Source.SLOT,
                    Set.of(
                            "GAME_PLAYED",
                            "JACKPOT",
                            "HANDPAY_RESET",
                            "ERROR",
                            "DOOR_OPEN",
                            "DOOR_CLOSED",
                            "BILL_IN",
                            "TICKET_OUT",
                            "HOPPER_STATUS",
                            "HEARTBEAT",
                            "METERS"),
            Source.TABLE,
                    Set.of(
                            "BUY_IN",
                            "BET",
                            "PAYOUT",
                            "CASH_OUT",
                            "FILL",
                            "CREDIT",
                            "SHUFFLER_STATUS",
                            "SHUFFLER_ERROR"),
            Source.SECURITY,
                    Set.of(
                            "ACCESS_GRANTED",
                            "ACCESS_DENIED",
                            "DOOR_FORCED",
                            "ALARM",
                            "CAMERA_OFFLINE",
                            "CAMERA_ONLINE"),
            Source.CAGE,
                    Set.of(
                            "CHIP_PURCHASE",
                            "CHIP_REDEMPTION",
                            "FRONT_MONEY_DEPOSIT",
                            "FRONT_MONEY_WITHDRAWAL",
                            "MARKER_PAYMENT",
                            "CHECK_CASHING",
                            "TICKET_REDEMPTION"));
    static final List<String> MONEY = List.of("wager_amount", "payout_amount", "amount");
    static final Set<String> PAYMENT_METHODS = Set.of("CASH", "CHIPS", "MARKER", "TICKET");
    static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

    private SpecCheck() {}

    static String problem(Source source, byte[] payload) {
        JsonNode n;
        try {
            n = MAPPER.readTree(payload);
        } catch (Exception e) {
            return "invalid JSON";
        }
        if (n == null || !n.isObject()) return "not an object";
        for (String f : List.of("event_id", "event_type", source.entityField())) {
            JsonNode v = n.get(f);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) return "missing or non-string " + f;
        }
        String type = n.get("event_type").asText();
        if (!TYPES.get(source).contains(type)) return "unknown event_type " + type;
        if (timestamp(n.get("event_timestamp")) == null) return "bad event_timestamp";
        for (String f : MONEY) {
            if (n.has(f) && cents(n.get(f)) == null) return "bad money " + f + "=" + n.get(f);
        }
        for (String f : requiredFields(source, type)) if (!n.has(f)) return "missing " + f;
        if (n.has("hopper_level")) {
            JsonNode h = n.get("hopper_level");
            if (!h.isNumber() || h.asDouble() < 0 || h.asDouble() > 100) return "bad hopper_level";
        }
        if (n.has("payment_method")
                && !PAYMENT_METHODS.contains(n.get("payment_method").asText())) return "bad payment_method";
        if (n.has("direction")
                && !Set.of("CASH_IN", "CASH_OUT").contains(n.get("direction").asText())) return "bad direction";
        if (n.has("denomination") && !n.get("denomination").isNumber()) return "bad denomination";
        if (n.has("error_code")
                && !(n.get("error_code").isTextual() || n.get("error_code").isNumber())) return "bad error_code";
        if (type.equals("METERS")) {
            // SPEC 8.5: all five counters, integers from 0 to 10^digits - 1, meter_digits 1-18 (default 10)
            JsonNode m = n.get("meters");
            if (m == null || !m.isObject()) return "METERS without a meters object";
            int digits = m.has("meter_digits") ? m.get("meter_digits").asInt(-1) : 10;
            if (digits < 1
                    || digits > 18
                    || (m.has("meter_digits") && !m.get("meter_digits").isIntegralNumber())) return "bad meter_digits";
            BigDecimal limit = BigDecimal.TEN.pow(digits);
            for (String c : List.of("coin_in", "coin_out", "jackpot", "bills_in", "games_played")) {
                JsonNode v = m.get(c);
                if (v == null
                        || !v.isIntegralNumber()
                        || v.decimalValue().signum() < 0
                        || v.decimalValue().compareTo(limit) >= 0) {
                    return "bad meter " + c + "=" + v;
                }
            }
            if (m.size() != (m.has("meter_digits") ? 6 : 5)) return "unknown counters in " + m;
        }
        for (String f : List.of(
                "player_id",
                "machine_id",
                "floor_section",
                "game_type",
                "dealer_id",
                "badge_id",
                "severity",
                "cage_id",
                "employee_id")) {
            if (n.has(f) && !n.get(f).isTextual()) return "non-string " + f;
        }
        return null;
    }

    static List<String> requiredFields(Source source, String type) {
        return switch (source) {
            case SLOT ->
                switch (type) {
                    case "GAME_PLAYED" -> List.of("wager_amount");
                    case "JACKPOT" -> List.of("payout_amount");
                    case "HOPPER_STATUS" -> List.of("hopper_level");
                    case "BILL_IN", "TICKET_OUT" -> List.of("amount");
                    default -> List.of();
                };
            case TABLE ->
                switch (type) {
                    case "BUY_IN" -> List.of("amount", "payment_method");
                    case "PAYOUT", "FILL", "CREDIT" -> List.of("amount");
                    default -> List.of();
                };
            case SECURITY -> List.of();
            case CAGE -> List.of("amount", "payment_method", "direction");
            case CONTROL, WATCHLIST -> throw new IllegalArgumentException("not a floor stream: " + source);
        };
    }

    /** Money in cents, or null when it isn't a non-negative amount with at most 2 decimals. */
    static Long cents(JsonNode v) {
        BigDecimal d;
        try {
            if (v.isNumber()) d = v.decimalValue();
            else if (v.isTextual()) d = new BigDecimal(v.asText());
            else return null;
        } catch (NumberFormatException e) {
            return null;
        }
        if (d.signum() < 0) return null;
        BigDecimal c = d.movePointRight(2);
        try {
            return c.stripTrailingZeros().scale() > 0 ? null : c.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static Instant timestamp(JsonNode v) {
        if (v == null) return null;
        if (v.isIntegralNumber()) return Instant.ofEpochMilli(v.asLong());
        if (!v.isTextual()) return null;
        String s = v.asText();
        try {
            if (s.matches("\\d+")) return Instant.ofEpochMilli(Long.parseLong(s));
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$"))
                return OffsetDateTime.parse(s).toInstant();
            return LocalDateTime.parse(s).atZone(ZONE).toInstant();
        } catch (Exception e) {
            return null;
        }
    }

    static JsonNode tree(byte[] payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
