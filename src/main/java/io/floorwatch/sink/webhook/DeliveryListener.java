package io.floorwatch.sink.webhook;

import java.io.Serializable;

/**
 * Hears every delivery attempt (e.g. to write {@code alert_deliveries}). Called from the sink's delivery threads,
 * one call at a time per writer; keep it fast and never throw (exceptions are logged and ignored).
 */
public interface DeliveryListener extends AutoCloseable {
    DeliveryListener NONE = delivery -> {};

    void onDelivery(AlertDelivery delivery);

    @Override
    default void close() throws Exception {}

    /** Shipped with the sink; creates one listener per writer (parallel sink instance). */
    @FunctionalInterface
    interface Factory extends Serializable {
        DeliveryListener create(int subtaskIndex);
    }
}
