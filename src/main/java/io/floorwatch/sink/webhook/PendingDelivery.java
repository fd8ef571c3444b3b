package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;

/**
 * An alert message not yet delivered to one route: the unit of the writer's checkpointed state. Only the route
 * name, the alert and the attempts so far are kept; the body is rendered again after a restore.
 */
public final class PendingDelivery {
    final String route;
    final Alert alert;
    /** Attempts made so far (across restarts). */
    int attempts;

    /** The rendered body, runtime only (not in state). */
    byte[] body;

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

    /** A copy of the alert that no later change to {@code a} reaches: its state serializer's round trip. */
    static Alert copyOf(Alert a) {
        return PendingDeliverySerializer.copy(a);
    }

    @Override
    public String toString() {
        return "PendingDelivery[" + route + " " + alert.messageKey() + " after " + attempts + " attempts]";
    }
}
