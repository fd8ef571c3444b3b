package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The alert webhook (SPEC §6): one sink, several routes; an alert goes to every route that accepts it.
 * Delivery is at least once: undelivered alerts are writer state, restored and resent after a restart.
 *
 * <pre>{@code
 * alerts.sinkTo(new WebhookSink(routes, settings, null)).uid("webhook-sink").name("Alert webhook");
 * }</pre>
 */
public final class WebhookSink implements Sink<Alert>, SupportsWriterState<Alert, PendingDelivery> {
    private static final long serialVersionUID = 1L;

    private final List<WebhookRoute> routes;
    private final DeliverySettings settings;
    private final DeliveryListener.Factory listenerFactory;

    public WebhookSink(List<WebhookRoute> routes, DeliverySettings settings, DeliveryListener.Factory listenerFactory) {
        this.routes = List.copyOf(routes);
        this.settings = settings;
        this.listenerFactory = listenerFactory;
    }

    /** The same sink, also reporting every delivery attempt (e.g. to {@code alert_deliveries}). */
    public WebhookSink withListener(DeliveryListener.Factory factory) {
        return new WebhookSink(routes, settings, factory);
    }

    public List<WebhookRoute> routes() {
        return routes;
    }

    @Override
    public WebhookWriter createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public WebhookWriter restoreWriter(WriterInitContext context, Collection<PendingDelivery> recoveredState) {
        DeliveryListener listener = listenerFactory == null
                ? DeliveryListener.NONE
                : listenerFactory.create(context.getTaskInfo().getIndexOfThisSubtask());
        return new WebhookWriter(routes, settings, context.metricGroup(), listener, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<PendingDelivery> getWriterStateSerializer() {
        return new PendingDeliverySerializer();
    }

    @Override
    public String toString() {
        return "WebhookSink" + routes;
    }
}
