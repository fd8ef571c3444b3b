package io.floorwatch.sink.webhook;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the webhook writer reports of its attempts: metrics, and a log line for failures. Thread-safe. */
final class DeliveryMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWriter.class);

    private final Counter sent;
    private final Counter failed;
    private final Counter retries;
    final Counter duplicatesSkipped;
    private final Counter timeouts;
    private final Counter bodiesCut;
    private final Histogram deliveryLatencyMs;
    private final Histogram triggerToDeliveryMs;
    /** Flink's standard sink counters (private counters when the group is not a sink writer group). */
    private final Counter numRecordsSend;

    private final Counter numRecordsSendErrors;

    DeliveryMetrics(MetricGroup metrics) {
        sent = metrics.counter("alertsSent");
        failed = metrics.counter("alertsFailed");
        retries = metrics.counter("deliveryRetries");
        duplicatesSkipped = metrics.counter("alertsDuplicateSkipped");
        timeouts = metrics.counter("deliveryTimeouts");
        bodiesCut = metrics.counter("responseBodiesCut");
        deliveryLatencyMs = metrics.histogram("deliveryLatencyMs", new DescriptiveStatisticsHistogram(1000));
        triggerToDeliveryMs = metrics.histogram("triggerToDeliveryMs", new DescriptiveStatisticsHistogram(1000));
        SinkWriterMetricGroup sink = metrics instanceof SinkWriterMetricGroup g ? g : null;
        numRecordsSend = sink == null ? new SimpleCounter() : sink.getNumRecordsSendCounter();
        numRecordsSendErrors = sink == null ? new SimpleCounter() : sink.getNumRecordsSendErrorsCounter();
    }

    void record(PendingDelivery p, WebhookClient.Attempt a) {
        long now = System.currentTimeMillis();
        if (a.timedOut()) timeouts.inc();
        if (a.bodyCut()) bodiesCut.inc();
        switch (a.outcome()) {
            case AlertDelivery.DELIVERED -> {
                sent.inc();
                numRecordsSend.inc();
                if (p.alert.detectedAt > 0) deliveryLatencyMs.update(Math.max(0, now - p.alert.detectedAt));
                if (p.alert.triggerIngestTime > 0)
                    triggerToDeliveryMs.update(Math.max(0, now - p.alert.triggerIngestTime));
            }
            case AlertDelivery.FAILED -> {
                failed.inc();
                numRecordsSendErrors.inc();
                LOG.error(
                        "Webhook route '{}' rejected alert {} ({}) permanently: {}",
                        p.route,
                        p.alert.messageKey(),
                        p.alert.rule,
                        a.report().error());
            }
            default -> {
                retries.inc();
                if (p.attempts == 1 || p.attempts % 10 == 0) {
                    LOG.warn(
                            "Webhook route '{}' attempt {} for alert {} failed, will retry: {}",
                            p.route,
                            p.attempts,
                            p.alert.messageKey(),
                            a.report().error());
                }
            }
        }
    }
}
