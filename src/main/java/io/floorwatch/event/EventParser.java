package io.floorwatch.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates one raw record (SPEC §4) into a {@link FloorEvent}, or explains in a
 * {@link RejectedEvent} why not. Never throws on bad input: every record gets an outcome.
 *
 * <p>A streaming Jackson parser reads the top-level fields once; unknown fields are kept as JSON in
 * {@link FloorEvent#extra}. Duplicate keys are rejected rather than silently resolved.
 */
public final class EventParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_ID_LENGTH = 256;
    private static final int MAX_HOPPER_DECIMALS = 20;
    /** The last instant ClickHouse's DateTime64(3) stores (2299-12-31T23:59:59.999Z): later ones cannot be written. */
    static final long MAX_STORABLE_MILLIS = 10_413_791_999_999L;

    static final Set<String> TABLE_PAYMENT_METHODS = Set.of("CASH", "CHIPS", "MARKER", "TICKET");
    static final Set<String> DIRECTIONS = Set.of("CASH_IN", "CASH_OUT");
    /**
     * A JSON number's shape, for amounts written as strings: compiled once ({@code String.matches} compiles its pattern
     * on every call, which showed in the profile).
     */
    private static final Pattern DECIMAL_LITERAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");

    private final long maxFutureSkewMillis;
    private final long maxAmountCents;
    private final int maxPayloadBytes;
    private final ZoneId zone;
    private final SasCodes sasCodes;
    private transient ObjectMapper mapper;

    public EventParser(long maxFutureSkewMillis, long maxAmountCents, int maxPayloadBytes, ZoneId zone) {
        this(maxFutureSkewMillis, maxAmountCents, maxPayloadBytes, zone, SasCodes.DEFAULTS);
    }

    public EventParser(
            long maxFutureSkewMillis, long maxAmountCents, int maxPayloadBytes, ZoneId zone, SasCodes sasCodes) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.maxAmountCents = maxAmountCents;
        this.maxPayloadBytes = maxPayloadBytes;
        this.zone = zone;
        this.sasCodes = sasCodes;
    }

    /** Parses {@code raw}; {@code nowMillis} is the wall clock for the future-skew check and {@code received_at}. */
    public ParsedRecord parse(RawRecord raw, long nowMillis) {
        try {
            return ParsedRecord.valid(parseOrThrow(raw, nowMillis));
        } catch (Invalid e) {
            return ParsedRecord.rejected(reject(raw, nowMillis, e.reason, e.getMessage()));
        }
    }

    private FloorEvent parseOrThrow(RawRecord raw, long now) throws Invalid {
        byte[] payload = raw.payload() == null ? new byte[0] : raw.payload();
        if (payload.length > maxPayloadBytes) {
            throw new Invalid(
                    RejectReason.PAYLOAD_TOO_LARGE,
                    "record of " + payload.length + " bytes exceeds " + maxPayloadBytes);
        }
        if (payload.length == 0) throw new Invalid(RejectReason.INVALID_JSON, "empty record");
        Fields f = readFields(payload);
        Source source = raw.source();

        FloorEvent e = new FloorEvent();
        e.source = source;
        keepKafkaPosition(raw, e);
        e.eventId = requiredId(f.eventId, "event_id");
        String type = requiredString(f.eventType, "event_type");
        EventType eventType = EventType.of(source, type);
        if (eventType == null) {
            throw new Invalid(
                    RejectReason.UNKNOWN_EVENT_TYPE,
                    "event_type '" + Timestamps.abbreviate(type) + "' is not a " + source.code() + " event");
        }
        e.eventType = type;
        e.eventTime = timestamp(f.eventTimestamp, now);

        switch (source) {
            case SLOT -> {
                e.machineId = requiredId(f.machineId, "machine_id");
                e.entityId = e.machineId;
                if (eventType == EventType.METERS) {
                    // SPEC 8.5: no money field required, and money on a METERS event is ignored (it counts in no
                    // aggregate)
                    e.meters = meters(f);
                } else {
                    e.wagerCents = money(f.wagerAmount, "wager_amount", eventType);
                    e.payoutCents = money(f.payoutAmount, "payout_amount", eventType);
                    e.amountCents = money(f.amount, "amount", eventType);
                    keepAsExtra(f, "meters", f.meters);
                    keepAsExtra(f, "meter_digits", f.meterDigits);
                }
                e.playerId = optionalId(f.playerId, "player_id");
                e.denomination = denomination(f.denomination);
                e.hopperLevel = hopperLevel(f.hopperLevel);
                if (eventType.requires("hopper_level") && e.hopperLevel == null) throw missing("hopper_level");
                e.errorCode = code(f.errorCode, "error_code");
                // (the job judges it again where the event enters, with the rules.sas-codes.* in force: SPEC 8.1)
                if (eventType == EventType.ERROR) e.errorCategory = sasCodes.categoryOf(e.errorCode);
                e.floorSection = optionalId(f.floorSection, "floor_section");
            }
            case TABLE -> {
                e.tableId = requiredId(f.tableId, "table_id");
                e.entityId = e.tableId;
                e.amountCents = money(f.amount, "amount", eventType);
                e.gameType = optionalId(f.gameType, "game_type");
                e.playerId = optionalId(f.playerId, "player_id");
                e.dealerId = optionalId(f.dealerId, "dealer_id");
                e.paymentMethod = id(f.paymentMethod, "payment_method", eventType);
                requireOneOf(
                        e.paymentMethod, TABLE_PAYMENT_METHODS, "payment_method", "one of CASH, CHIPS, MARKER, TICKET");
            }
            case SECURITY -> {
                e.locationId = requiredId(f.locationId, "location_id");
                e.entityId = e.locationId;
                e.machineId = optionalId(f.machineId, "machine_id");
                e.badgeId = optionalId(f.badgeId, "badge_id");
                e.severity = code(f.severity, "severity");
            }
            case CAGE -> {
                e.playerId = requiredId(f.playerId, "player_id");
                e.entityId = e.playerId;
                e.amountCents = money(f.amount, "amount", eventType);
                e.paymentMethod = id(f.paymentMethod, "payment_method", eventType);
                e.direction = id(f.direction, "direction", eventType);
                requireOneOf(e.direction, DIRECTIONS, "direction", "CASH_IN or CASH_OUT");
                e.cageId = optionalId(f.cageId, "cage_id");
                e.employeeId = optionalId(f.employeeId, "employee_id");
            }
        }
        e.extra = f.extra == null ? null : f.extra.toString();
        return e;
    }

    /** The values of the known top-level fields, as read (token + value), and the unknown ones as JSON. */
    private static final class Fields {
        Value eventId;
        Value eventType;
        Value eventTimestamp;
        Value machineId;
        Value wagerAmount;
        Value payoutAmount;
        Value amount;
        Value playerId;
        Value denomination;
        Value hopperLevel;
        Value errorCode;
        Value floorSection;
        Value tableId;
        Value gameType;
        Value paymentMethod;
        Value dealerId;
        Value locationId;
        Value badgeId;
        Value severity;
        Value direction;
        Value cageId;
        Value employeeId;
        /** meters and meter_digits (SPEC 8.5) as read, any JSON type; null when absent. */
        JsonNode meters;

        JsonNode meterDigits;

        ObjectNode extra;
    }

    /** One scalar as read: its token kind and text (numbers keep their exact text). */
    private record Value(JsonToken token, String text, BigDecimal number) {}

    private Fields readFields(byte[] payload) throws Invalid {
        Fields f = new Fields();
        try (JsonParser p = mapper().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw new Invalid(RejectReason.INVALID_JSON, "not a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken vt = p.nextToken();
                if (name.equals("meters") || name.equals("meter_digits")) {
                    JsonNode node = p.readValueAsTree();
                    if (name.equals("meters")) f.meters = node;
                    else f.meterDigits = node;
                    continue;
                }
                Value v = null;
                boolean known = true;
                if (vt == JsonToken.START_OBJECT || vt == JsonToken.START_ARRAY) {
                    v = new Value(vt, null, null);
                } else if (vt == JsonToken.VALUE_NUMBER_INT || vt == JsonToken.VALUE_NUMBER_FLOAT) {
                    v = new Value(vt, p.getText(), decimal(p, name));
                } else {
                    v = new Value(vt, vt == JsonToken.VALUE_STRING ? p.getText() : null, null);
                }
                switch (name) {
                    case "event_id" -> f.eventId = v;
                    case "event_type" -> f.eventType = v;
                    case "event_timestamp" -> f.eventTimestamp = v;
                    case "machine_id" -> f.machineId = v;
                    case "wager_amount" -> f.wagerAmount = v;
                    case "payout_amount" -> f.payoutAmount = v;
                    case "amount" -> f.amount = v;
                    case "player_id" -> f.playerId = v;
                    case "denomination" -> f.denomination = v;
                    case "hopper_level" -> f.hopperLevel = v;
                    case "error_code" -> f.errorCode = v;
                    case "floor_section" -> f.floorSection = v;
                    case "table_id" -> f.tableId = v;
                    case "game_type" -> f.gameType = v;
                    case "payment_method" -> f.paymentMethod = v;
                    case "dealer_id" -> f.dealerId = v;
                    case "location_id" -> f.locationId = v;
                    case "badge_id" -> f.badgeId = v;
                    case "severity" -> f.severity = v;
                    case "direction" -> f.direction = v;
                    case "cage_id" -> f.cageId = v;
                    case "employee_id" -> f.employeeId = v;
                    default -> known = false;
                }
                if (!known) {
                    JsonNode node = p.readValueAsTree();
                    if (f.extra == null) f.extra = mapper().createObjectNode();
                    f.extra.set(name, node);
                } else if (vt == JsonToken.START_OBJECT || vt == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new Invalid(RejectReason.INVALID_JSON, "malformed JSON object");
            if (p.nextToken() != null)
                throw new Invalid(RejectReason.INVALID_JSON, "trailing content after the JSON object");
        } catch (Invalid e) {
            throw e;
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field")) throw new Invalid(RejectReason.DUPLICATE_FIELD, msg);
            throw new Invalid(RejectReason.INVALID_JSON, "invalid JSON: " + Timestamps.abbreviate(String.valueOf(msg)));
        } catch (IOException | RuntimeException e) {
            throw new Invalid(
                    RejectReason.INVALID_JSON,
                    "invalid JSON: " + Timestamps.abbreviate(String.valueOf(e.getMessage())));
        }
        return f;
    }

    private void keepAsExtra(Fields f, String name, JsonNode node) {
        if (node == null) return;
        if (f.extra == null) f.extra = mapper().createObjectNode();
        f.extra.set(name, node);
    }

    /**
     * The meters of a METERS event (SPEC 8.5): an object with exactly the five counters (and optionally meter_digits),
     * each an integer from 0 to 10^digits - 1; meter_digits an integer from 1 to 18, inside the object or beside it.
     */
    private static Meters meters(Fields f) throws Invalid {
        JsonNode m = f.meters;
        if (m == null || m.isNull()) throw missing("meters");
        if (!m.isObject())
            throw new Invalid(
                    RejectReason.WRONG_TYPE,
                    "meters must be an object, got " + m.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        Integer inner = digits(m.get("meter_digits"), "meters.meter_digits");
        Integer outer = digits(f.meterDigits, "meter_digits");
        if (inner != null && outer != null && !inner.equals(outer)) {
            throw new Invalid(
                    RejectReason.INVALID_VALUE,
                    "meter_digits " + outer + " beside meters contradicts meters.meter_digits " + inner);
        }
        int digits = inner != null ? inner : outer != null ? outer : Meters.DEFAULT_DIGITS;
        for (java.util.Iterator<String> names = m.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("meter_digits") && !Set.of(Meters.COUNTERS).contains(name)) {
                throw new Invalid(
                        RejectReason.INVALID_VALUE,
                        "meters has an unknown counter '" + Timestamps.abbreviate(name) + "' (known: "
                                + String.join(", ", Meters.COUNTERS) + ", meter_digits)");
            }
        }
        long[] v = new long[Meters.COUNTERS.length];
        java.math.BigInteger limit = java.math.BigInteger.TEN.pow(digits);
        for (int i = 0; i < v.length; i++) {
            String name = Meters.COUNTERS[i];
            JsonNode c = m.get(name);
            if (c == null || c.isNull()) throw missing("meters." + name);
            if (!c.isIntegralNumber()) {
                throw new Invalid(
                        RejectReason.WRONG_TYPE, "meters." + name + " must be an integer, got " + describe(c));
            }
            java.math.BigInteger n = c.bigIntegerValue();
            if (n.signum() < 0 || n.compareTo(limit) >= 0) {
                throw new Invalid(
                        RejectReason.INVALID_VALUE,
                        "meters." + name + " " + Timestamps.abbreviate(n.toString()) + " is not from 0 to 10^" + digits
                                + " - 1 (meter_digits " + digits + ")");
            }
            v[i] = n.longValueExact();
        }
        return new Meters(v[0], v[1], v[2], v[3], v[4], digits);
    }

    /** meter_digits: absent or null = null; else an integer from 1 to 18. */
    private static Integer digits(JsonNode d, String field) throws Invalid {
        if (d == null || d.isNull()) return null;
        if (!d.isIntegralNumber())
            throw new Invalid(RejectReason.WRONG_TYPE, field + " must be an integer, got " + describe(d));
        java.math.BigInteger n = d.bigIntegerValue();
        if (n.compareTo(java.math.BigInteger.ONE) < 0
                || n.compareTo(java.math.BigInteger.valueOf(Meters.MAX_DIGITS)) > 0) {
            throw new Invalid(
                    RejectReason.INVALID_VALUE,
                    field + " " + Timestamps.abbreviate(n.toString()) + " is not from 1 to " + Meters.MAX_DIGITS);
        }
        return n.intValue();
    }

    private static String describe(JsonNode n) {
        return n.isTextual()
                ? "string"
                : n.isNumber()
                        ? "number " + Timestamps.abbreviate(n.asText())
                        : n.isBoolean()
                                ? "boolean"
                                : n.isObject()
                                        ? "object"
                                        : n.isArray()
                                                ? "array"
                                                : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static BigDecimal decimal(JsonParser p, String field) throws IOException {
        try {
            return p.getDecimalValue();
        } catch (NumberFormatException e) {
            return null; // not representable; judged where the field is used
        }
    }

    private String requiredId(Value v, String field) throws Invalid {
        String s = optionalId(v, field);
        if (s == null) throw missing(field);
        return s;
    }

    /** An id that the event type may require (SPEC §4): null when absent and not required. */
    private String id(Value v, String field, EventType type) throws Invalid {
        String s = optionalId(v, field);
        if (s == null && type.requires(field)) throw missing(field);
        return s;
    }

    /** A value of a closed set, when present. */
    private static void requireOneOf(String value, Set<String> allowed, String field, String expected) throws Invalid {
        if (value != null && !allowed.contains(value)) {
            throw new Invalid(
                    RejectReason.INVALID_VALUE, field + " '" + Timestamps.abbreviate(value) + "' is not " + expected);
        }
    }

    private String requiredString(Value v, String field) throws Invalid {
        return requiredId(v, field);
    }

    /** A string field: absent, null or empty means absent; other JSON types are wrong; control characters are refused. */
    private String optionalId(Value v, String field) throws Invalid {
        if (v == null || v.token == JsonToken.VALUE_NULL) return null;
        if (v.token != JsonToken.VALUE_STRING) throw wrongType(field, "a string", v);
        String s = v.text.strip();
        if (s.isEmpty()) return null;
        if (s.length() > MAX_ID_LENGTH)
            throw new Invalid(RejectReason.INVALID_VALUE, field + " is longer than " + MAX_ID_LENGTH + " characters");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw new Invalid(RejectReason.INVALID_VALUE, field + " contains a control character");
            }
            // a lone surrogate (a JSON "\ud800" escape) has no UTF-8 form: ClickHouse would store '?' and merge
            // distinct ids
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new Invalid(RejectReason.INVALID_VALUE, field + " contains an unpaired UTF-16 surrogate");
                }
            }
        }
        return s;
    }

    /** error_code and security severity: a string or an integer, kept as text (an integer's text exactly as sent). */
    private String code(Value v, String field) throws Invalid {
        if (v == null || v.token == JsonToken.VALUE_NULL) return null;
        if (v.token == JsonToken.VALUE_NUMBER_FLOAT) throw wrongType(field, "a string or an integer", v);
        if (v.token == JsonToken.VALUE_NUMBER_INT) {
            if (v.text.length() > MAX_ID_LENGTH)
                throw new Invalid(RejectReason.INVALID_VALUE, field + " is longer than " + MAX_ID_LENGTH + " digits");
            return v.text;
        }
        return optionalId(v, field);
    }

    /** A plain number field: a JSON number; null when absent. */
    private BigDecimal number(Value v, String field) throws Invalid {
        if (v == null || v.token == JsonToken.VALUE_NULL) return null;
        if (v.token != JsonToken.VALUE_NUMBER_INT && v.token != JsonToken.VALUE_NUMBER_FLOAT)
            throw wrongType(field, "a number", v);
        if (v.number == null) throw wrongType(field, "a finite number", v);
        return v.number;
    }

    /**
     * denomination, stored as Decimal(18, 2): at most validation.max-amount with at most 2 decimals by value, returned with
     * scale 2. Every check runs on precision and scale before any arithmetic: 1e-999999999 or 0e999999999 are short texts
     * whose rescaling would take minutes (or fail) wherever it happens, so it happens here, once, on a value known to be sane.
     */
    private BigDecimal denomination(Value v) throws Invalid {
        BigDecimal d = number(v, "denomination");
        if (d == null) return null;
        if (d.signum() == 0) return BigDecimal.ZERO.setScale(2);
        if (d.signum() < 0) throw new Invalid(RejectReason.NEGATIVE_AMOUNT, "denomination is negative");
        if (d.compareTo(BigDecimal.valueOf(maxAmountCents, 2)) > 0) {
            throw new Invalid(
                    RejectReason.AMOUNT_TOO_LARGE,
                    "denomination " + abbreviatedAmount(d) + " exceeds validation.max-amount "
                            + BigDecimal.valueOf(maxAmountCents, 2).toPlainString());
        }
        if (d.stripTrailingZeros().scale() > 2) {
            throw new Invalid(
                    RejectReason.INVALID_PRECISION, "denomination has more than 2 decimals: " + abbreviatedAmount(d));
        }
        return d.setScale(2);
    }

    /**
     * hopper_level, a percentage 0-100 stored as Float64. At most {@value #MAX_HOPPER_DECIMALS} decimals: enough for any
     * double a device prints, and it refuses values such as 1e-999999999 that no sensor reads.
     */
    private Double hopperLevel(Value v) throws Invalid {
        BigDecimal d = number(v, "hopper_level");
        if (d == null) return null;
        if (d.signum() == 0) return 0.0;
        if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0) {
            // toString, not toPlainString: 1e2147483647 has no plain form that fits in memory
            throw new Invalid(
                    RejectReason.INVALID_VALUE, "hopper_level " + abbreviatedAmount(d) + " is not a percentage 0-100");
        }
        if (d.stripTrailingZeros().scale() > MAX_HOPPER_DECIMALS) {
            throw new Invalid(
                    RejectReason.INVALID_PRECISION,
                    "hopper_level has more than " + MAX_HOPPER_DECIMALS + " decimals: " + abbreviatedAmount(d));
        }
        return d.doubleValue();
    }

    /** A money field that the event type may require (SPEC §4). */
    private Long money(Value v, String field, EventType type) throws Invalid {
        return money(v, field, type.requires(field));
    }

    /** A money field in dollars (number or numeric string), as exact cents; null when absent and not required. */
    private Long money(Value v, String field, boolean required) throws Invalid {
        if (v == null || v.token == JsonToken.VALUE_NULL) {
            if (required) throw missing(field);
            return null;
        }
        BigDecimal d;
        if (v.token == JsonToken.VALUE_NUMBER_INT || v.token == JsonToken.VALUE_NUMBER_FLOAT) {
            d = v.number;
            if (d == null) throw wrongType(field, "a finite amount", v);
        } else if (v.token == JsonToken.VALUE_STRING) {
            String s = v.text.strip();
            if (s.isEmpty()) {
                if (required) throw missing(field);
                return null;
            }
            if (!isDecimalLiteral(s)) throw wrongType(field, "an amount in dollars", v);
            try {
                d = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw wrongType(field, "an amount in dollars", v);
            }
        } else {
            throw wrongType(field, "an amount in dollars", v);
        }
        if (d.signum() == 0) return 0L; // 0e-999999999 too: no rescaling of a huge scale
        if (d.signum() < 0)
            throw new Invalid(RejectReason.NEGATIVE_AMOUNT, field + " is negative: " + abbreviatedAmount(d));
        if (d.compareTo(BigDecimal.valueOf(maxAmountCents, 2)) > 0) {
            throw new Invalid(
                    RejectReason.AMOUNT_TOO_LARGE,
                    field + " " + abbreviatedAmount(d) + " exceeds validation.max-amount "
                            + BigDecimal.valueOf(maxAmountCents, 2).toPlainString());
        }
        BigDecimal cents = d.movePointRight(2);
        if (cents.signum() != 0 && cents.stripTrailingZeros().scale() > 0) {
            throw new Invalid(
                    RejectReason.INVALID_PRECISION, field + " has more than 2 decimals: " + abbreviatedAmount(d));
        }
        return cents.longValue();
    }

    private static String abbreviatedAmount(BigDecimal d) {
        return Timestamps.abbreviate(d.toString());
    }

    /** Digits with an optional sign, one dot and an exponent: what a JSON number looks like (no NaN, no Infinity, no hex). */
    private static boolean isDecimalLiteral(String s) {
        return DECIMAL_LITERAL.matcher(s).matches();
    }

    private long timestamp(Value v, long now) throws Invalid {
        if (v == null || v.token == JsonToken.VALUE_NULL) throw missing("event_timestamp");
        long millis;
        if (v.token == JsonToken.VALUE_NUMBER_INT) {
            if (v.number == null || v.number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
                throw new Invalid(
                        RejectReason.INVALID_TIMESTAMP,
                        "event_timestamp " + Timestamps.abbreviate(v.text) + " is out of range");
            }
            millis = v.number.longValue();
        } else if (v.token == JsonToken.VALUE_STRING) {
            String s = v.text.strip();
            if (s.isEmpty()) throw missing("event_timestamp");
            try {
                millis = Timestamps.parseText(s, zone);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new Invalid(RejectReason.INVALID_TIMESTAMP, "event_timestamp: " + e.getMessage());
            }
        } else {
            throw wrongType("event_timestamp", "an ISO-8601 string or epoch milliseconds", v);
        }
        if (millis < 0) throw new Invalid(RejectReason.INVALID_TIMESTAMP, "event_timestamp is before 1970-01-01");
        if (millis > now + maxFutureSkewMillis) {
            throw new Invalid(
                    RejectReason.FUTURE_TIMESTAMP,
                    "event_timestamp " + java.time.Instant.ofEpochMilli(millis)
                            + " is more than validation.max-future-skew ahead of the wall clock "
                            + java.time.Instant.ofEpochMilli(now));
        }
        if (millis > MAX_STORABLE_MILLIS) {
            // only reachable with a validation.max-future-skew of centuries; the tables could not store it
            throw new Invalid(
                    RejectReason.INVALID_TIMESTAMP,
                    "event_timestamp is after 2299-12-31, beyond what the tables store");
        }
        return millis;
    }

    private static Invalid missing(String field) {
        return new Invalid(RejectReason.MISSING_FIELD, "required field " + field + " is missing or empty");
    }

    private static Invalid wrongType(String field, String expected, Value v) {
        String got = switch (v.token) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            default -> String.valueOf(v.token);
        };
        return new Invalid(RejectReason.WRONG_TYPE, field + " must be " + expected + ", got " + got);
    }

    /** The record's topic, partition, offset and append time: a replay's row then replaces the first one. */
    private static void keepKafkaPosition(RawRecord raw, FloorEvent e) {
        e.topic = raw.topic();
        e.partition = raw.partition();
        e.offset = raw.offset();
        e.ingestTime = raw.timestamp();
    }

    private static RejectedEvent reject(RawRecord raw, long now, RejectReason reason, String message) {
        byte[] payload = raw.payload() == null ? new byte[0] : raw.payload();
        int keep = Math.min(payload.length, RejectedEvent.MAX_PAYLOAD_BYTES);
        String text = new String(payload, 0, keep, StandardCharsets.UTF_8);
        // received_at: the Kafka append time where there is one, so a replay re-creates the very same row
        long receivedAt = raw.timestamp() > 0 ? raw.timestamp() : now;
        return new RejectedEvent(
                receivedAt, raw.source(), raw.topic(), raw.partition(), raw.offset(), reason.name(), message, text);
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            JsonFactory factory = JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxNumberLength(400)
                            .build())
                    .build();
            mapper = new ObjectMapper(factory);
        }
        return mapper;
    }

    /** A validation failure with its reason code. */
    private static final class Invalid extends Exception {
        final RejectReason reason;

        Invalid(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
