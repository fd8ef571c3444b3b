package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import java.util.concurrent.CompletableFuture;

/**
 * An alert message not yet delivered to one route: the unit of the writer's checkpointed state. Only the route
 * name, the alert and the attempts so far are kept; the body is rendered again after a restore.
 */
public final class PendingDelivery {
    final String route;
    final Alert alert;
    /** Attempts made so far (across restarts). */
    int attempts;

    // Runtime only, not in state.
    long seq;
    byte[] body;
    CompletableFuture<?> inFlight;

    public PendingDelivery(String route, Alert alert, int attempts) {
        this.route = route;
        this.alert = alert;
        this.attempts = attempts;
    }

    public String route() {
        return route;
    }

    public Alert alert() {
        return alert;
    }

    public int attempts() {
        return attempts;
    }

    /** Same route and message: the writer sends it once while it is pending. */
    String messageKey() {
        return route + '\n' + alert.messageKey();
    }

    /** Messages of one alert on one route are delivered in order (a resolve never overtakes its firing). */
    String orderKey() {
        return route + '\n' + alert.alertId;
    }

    PendingDelivery forState() {
        return new PendingDelivery(route, alert, attempts);
    }

    static Alert copyOf(Alert a) {
        Alert c = new Alert();
        c.alertId = a.alertId;
        c.rule = a.rule;
        c.severity = a.severity;
        c.status = a.status;
        c.entityType = a.entityType;
        c.entityId = a.entityId;
        c.eventTime = a.eventTime;
        c.detectedAt = a.detectedAt;
        c.amountCents = a.amountCents;
        c.summary = a.summary;
        c.action = a.action;
        c.details = a.details;
        c.triggerIngestTime = a.triggerIngestTime;
        return c;
    }

    @Override
    public String toString() {
        return "PendingDelivery[" + route + " " + alert.messageKey() + " after " + attempts + " attempts]";
    }
}
