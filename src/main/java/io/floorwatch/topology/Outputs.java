package io.floorwatch.topology;

import io.floorwatch.alert.Alert;
import io.floorwatch.compliance.MtlEntry;
import io.floorwatch.compliance.W2gForm;
import io.floorwatch.control.RuleChange;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMeterDelta;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerOffer;
import io.floorwatch.player.PlayerRating;
import io.floorwatch.player.PlayerSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where each result of the job goes. The topology attaches every sink listed here; {@code main} fills it
 * from configuration (ClickHouse, webhooks, files, console) and tests fill it with collecting sinks.
 * Each sink has a short stable name: it becomes part of the sink's operator uid.
 */
public final class Outputs {
    /** A sink, its stable name, and whether it must run as one writer (ordering, one file, global limits). */
    public record Named<T>(String name, Sink<T> sink, boolean singleWriter) {}

    public final List<Named<FloorEvent>> rawEvents = new ArrayList<>();
    public final List<Named<RejectedEvent>> rejected = new ArrayList<>();
    public final List<Named<MachineMinute>> machineMinutes = new ArrayList<>();
    public final List<Named<FloorMinute>> floorMinutes = new ArrayList<>();
    public final List<Named<TableMinute>> tableMinutes = new ArrayList<>();
    public final List<Named<PlayerSession>> playerSessions = new ArrayList<>();
    public final List<Named<MachineLocation>> machineLocations = new ArrayList<>();
    /** machine_meter_deltas (SPEC 8.5). */
    public final List<Named<MachineMeterDelta>> meterDeltas = new ArrayList<>();
    /** SPEC §8.4 compliance tables: the Multiple Transaction Log and the W-2G forms. */
    public final List<Named<MtlEntry>> mtlEntries = new ArrayList<>();

    public final List<Named<W2gForm>> w2gForms = new ArrayList<>();
    /** player_ratings row versions (SPEC 8.2). */
    public final List<Named<PlayerRating>> playerRatings = new ArrayList<>();
    /** Offers (SPEC 8.2): player_offers and the transactional Kafka topic; never webhooks. */
    public final List<Named<PlayerOffer>> playerOffers = new ArrayList<>();
    /** Alert messages as stored (every rule, every route). */
    public final List<Named<Alert>> alerts = new ArrayList<>();
    /** {@code rule_changes}: every control-topic message that is a change, APPLIED or REJECTED (SPEC 8.1). */
    public final List<Named<RuleChange>> ruleChanges = new ArrayList<>();
    /** Alert deliveries to people (webhooks): routing and severity filters are the sink's business. */
    public final List<Named<Alert>> notifications = new ArrayList<>();

    public static <T> Named<T> named(String name, Sink<T> sink) {
        return new Named<>(name, sink, false);
    }

    public static <T> Named<T> single(String name, Sink<T> sink) {
        return new Named<>(name, sink, true);
    }
}
