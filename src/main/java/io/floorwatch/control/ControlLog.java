package io.floorwatch.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.LiveKeys;
import io.floorwatch.event.RejectReason;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.event.Source;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The control topic and the watchlist applied in order (SPEC 8.1, 8.3): one message in, what it does out. The same
 * code runs in the client at start (reading both topics to their end before any floor event) and in the job's
 * validator (following them live), so both see the same values, the same {@code old_value}s and the same rejections.
 * Deterministic: nothing depends on the wall clock.
 */
public final class ControlLog {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public static final Set<String> LISTS = Set.of("SELF_EXCLUDED", "STATE_EXCLUDED", "BANNED", "TRESPASSED");

    /** What one message does: at most one audit row, one rejected record, one update to broadcast. */
    public record Outcome(RuleChange change, RejectedEvent rejected, ControlUpdate update) {
        static final Outcome NOTHING = new Outcome(null, null, null);
    }

    private final FloorWatchConfig cfg;
    /** Values set through the control topic, by canonical key; a null value is a deleted {@code offers.*} key. */
    private final Map<String, String> settings = new LinkedHashMap<>();

    private final Set<String> changeIds = new HashSet<>();
    /** ACTIVE watchlist entries: player id to list. */
    private final Map<String, String> watchlist = new LinkedHashMap<>();

    public ControlLog(FloorWatchConfig cfg) {
        this.cfg = cfg;
    }

    /** Values the control topic has set so far (canonical keys; null = deleted offers key). */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    public Set<String> changeIds() {
        return Collections.unmodifiableSet(changeIds);
    }

    /** ACTIVE entries: player id to list. */
    public Map<String, String> watchlist() {
        return Collections.unmodifiableMap(watchlist);
    }

    /** Restores what a checkpoint held. */
    public void restore(Map<String, String> settings, Set<String> changeIds) {
        this.settings.putAll(settings);
        this.changeIds.addAll(changeIds);
    }

    /** The value of a key in force now: the control topic's, else the configuration's; null if none. */
    public String inForce(String key) {
        String canonical = LiveKeys.canonical(key);
        if (settings.containsKey(canonical)) return settings.get(canonical);
        return LiveKeys.configured(cfg, canonical);
    }

    public Outcome apply(ControlRecord r) {
        return r.source() == Source.WATCHLIST ? applyWatchlist(r) : applyControl(r);
    }

    // ------------------------------------------------------------------ control topic (8.1)

    private Outcome applyControl(ControlRecord r) {
        JsonNode root;
        try {
            if (r.payload() == null)
                return rejected(r, RejectReason.INVALID_JSON, "a tombstone (null value) is not a change");
            root = JSON.readTree(r.payload());
        } catch (Exception e) {
            return rejected(r, RejectReason.INVALID_JSON, "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) return rejected(r, RejectReason.INVALID_JSON, "not a JSON object");
        JsonNode id = root.get("change_id");
        JsonNode keyNode = root.get("key");
        if (id == null || id.isNull() || (id.isTextual() && id.asText().isBlank()))
            return rejected(r, RejectReason.MISSING_FIELD, "change_id is missing");
        if (!id.isTextual()) return rejected(r, RejectReason.WRONG_TYPE, "change_id must be a string");
        if (keyNode == null
                || keyNode.isNull()
                || (keyNode.isTextual() && keyNode.asText().isBlank()))
            return rejected(r, RejectReason.MISSING_FIELD, "key is missing");
        if (!keyNode.isTextual()) return rejected(r, RejectReason.WRONG_TYPE, "key must be a string");

        String changeId = id.asText();
        // one row per change_id: a redelivered message (producer retry) or a reused id changes nothing more
        if (!changeIds.add(changeId)) return Outcome.NOTHING;

        String key = keyNode.asText().trim();
        RuleChange c = new RuleChange();
        c.changeId = changeId;
        c.key = key;
        c.appliedAt = r.timestamp();
        c.topic = r.topic();
        c.partition = r.partition();
        c.offset = r.offset();
        c.oldValue = inForce(key);
        JsonNode value = root.get("value");
        c.newValue = value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
        try {
            JsonNode by = root.get("changed_by");
            if (by != null && !by.isNull()) {
                if (!by.isTextual()) throw new IllegalArgumentException("changed_by must be a string");
                c.changedBy = by.asText();
            }
            JsonNode at = root.get("changed_at");
            if (at != null && !at.isNull()) c.changedAt = instant(at);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new IllegalArgumentException(
                        "value must be a JSON string (as in a config file) or null, got " + value.getNodeType());
            }
            LiveKeys.validate(cfg, settings, key, c.newValue);
        } catch (IllegalArgumentException e) {
            c.status = RuleChange.REJECTED;
            c.message = e.getMessage();
            return new Outcome(c, null, null);
        }
        c.status = RuleChange.APPLIED;
        String canonical = LiveKeys.canonical(key);
        settings.put(canonical, c.newValue);
        return new Outcome(c, null, ControlUpdate.setting(canonical, c.newValue, r.offset()));
    }

    private static Long instant(JsonNode at) {
        if (!at.isTextual())
            throw new IllegalArgumentException("changed_at must be an ISO-8601 string such as 2026-12-06T10:00:00Z");
        String s = at.asText().trim();
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(
                        "changed_at: expected an ISO-8601 time with offset such as 2026-12-06T10:00:00Z, got '"
                                + abbreviate(s) + "'");
            }
        }
    }

    // ------------------------------------------------------------------ watchlist (8.3)

    private Outcome applyWatchlist(ControlRecord r) {
        String player;
        String list = null;
        if (r.payload() == null) {
            // a tombstone: REMOVED for the record's key
            if (r.key() == null || r.key().isBlank())
                return rejected(r, RejectReason.MISSING_FIELD, "tombstone without a key (player_id)");
            player = r.key();
        } else {
            JsonNode root;
            try {
                root = JSON.readTree(r.payload());
            } catch (Exception e) {
                return rejected(r, RejectReason.INVALID_JSON, "not valid JSON: " + firstLine(e.getMessage()));
            }
            if (root == null || !root.isObject()) return rejected(r, RejectReason.INVALID_JSON, "not a JSON object");
            JsonNode p = root.get("player_id");
            if (p != null && !p.isNull() && !p.isTextual())
                return rejected(r, RejectReason.WRONG_TYPE, "player_id must be a string");
            // the body's player_id wins over the key
            player = p != null && p.isTextual() && !p.asText().isBlank() ? p.asText() : r.key();
            if (player == null || player.isBlank())
                return rejected(r, RejectReason.MISSING_FIELD, "player_id is missing");
            JsonNode status = root.get("status");
            if (status == null || status.isNull()) return rejected(r, RejectReason.MISSING_FIELD, "status is missing");
            if (!status.isTextual()) return rejected(r, RejectReason.WRONG_TYPE, "status must be a string");
            JsonNode at = root.get("updated_at");
            if (at != null && !at.isNull() && !at.isTextual())
                return rejected(r, RejectReason.WRONG_TYPE, "updated_at must be a string");
            switch (status.asText()) {
                case "REMOVED" -> {}
                case "ACTIVE" -> {
                    JsonNode l = root.get("list");
                    if (l == null || l.isNull()) return rejected(r, RejectReason.MISSING_FIELD, "list is missing");
                    if (!l.isTextual()) return rejected(r, RejectReason.WRONG_TYPE, "list must be a string");
                    if (!LISTS.contains(l.asText())) {
                        return rejected(
                                r,
                                RejectReason.INVALID_VALUE,
                                "list must be one of SELF_EXCLUDED, STATE_EXCLUDED, BANNED, TRESPASSED, got '"
                                        + abbreviate(l.asText()) + "'");
                    }
                    list = l.asText();
                }
                default -> {
                    return rejected(
                            r,
                            RejectReason.INVALID_VALUE,
                            "status must be ACTIVE or REMOVED, got '" + abbreviate(status.asText()) + "'");
                }
            }
        }
        if (list == null) watchlist.remove(player);
        else watchlist.put(player, list);
        return new Outcome(null, null, ControlUpdate.watchlist(player, list, r.offset()));
    }

    // ------------------------------------------------------------------ helpers

    private static Outcome rejected(ControlRecord r, RejectReason reason, String message) {
        String payload = r.payloadText();
        return new Outcome(
                null,
                new RejectedEvent(
                        r.timestamp(),
                        r.source(),
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        reason.name(),
                        message,
                        payload == null ? "" : payload),
                null);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
