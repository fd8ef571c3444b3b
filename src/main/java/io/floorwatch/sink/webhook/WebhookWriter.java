package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import io.floorwatch.sink.RetryPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to the routes asynchronously; every message not yet delivered (queued, in flight or waiting to be
 * retried) is part of the checkpointed state, so a restart resends it instead of dropping it. One attempt (request,
 * deadline, reading the answer) is {@link WebhookClient}'s business; this class decides what is sent when.
 *
 * <p>{@link #write} only queues (it blocks only when {@code maxPending} messages are outstanding: backpressure, never
 * an unbounded queue), so a slow or dead endpoint never stalls the job while there is room. A checkpoint does not wait
 * for delivery; the end of input does, up to the drain timeout.
 *
 * <p>Each route is a lane with its own queue, backoff and in-flight limit: after a retryable failure the lane waits
 * (the receiver's Retry-After, clamped, if longer than the shared {@link RetryPolicy}'s backoff) and then probes with
 * one request at a time until a request succeeds, so a dead endpoint is not hammered and does not slow the other
 * routes. A route holds at most {@code maxInFlightPerRoute} requests and a route with nothing in flight always gets
 * one, so a stalled receiver never starves the other routes. Messages of the same alert on a route go in order (a
 * resolve never overtakes its firing).
 */
public final class WebhookWriter implements StatefulSinkWriter<Alert, PendingDelivery> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWriter.class);
    private static final AtomicInteger WRITERS = new AtomicInteger();

    private final DeliverySettings settings;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final DeliveryListener listener;
    private final DeliveryMetrics metrics;
    private final ScheduledThreadPoolExecutor timer;
    private final WebhookClient client;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a message finishes or the writer closes. */
    private final Condition progress = lock.newCondition();
    // Guarded by lock:
    /** Every undelivered message by route and message key, in arrival order: the state. */
    private final LinkedHashMap<String, PendingDelivery> outstanding = new LinkedHashMap<>();
    /** Per route and alert id: the messages waiting behind the one currently being delivered. */
    private final Map<String, ArrayDeque<PendingDelivery>> waitingBehind = new HashMap<>();

    private int inFlight;
    private volatile int pendingCount;
    private volatile boolean closed;

    public WebhookWriter(
            List<WebhookRoute> routes,
            DeliverySettings settings,
            MetricGroup metrics,
            DeliveryListener listener,
            Collection<PendingDelivery> restored) {
        this.settings = settings;
        this.listener = listener == null ? DeliveryListener.NONE : listener;
        for (WebhookRoute r : routes) {
            Lane lane = new Lane(r);
            if (lanes.put(r.name(), lane) != null)
                throw new IllegalArgumentException("duplicate route name " + r.name());
            metrics.addGroup("route", r.name()).gauge("inFlight", () -> lane.inFlight);
        }
        metrics.gauge("pendingAlerts", () -> pendingCount);
        this.metrics = new DeliveryMetrics(metrics);
        String threads = "floorwatch-webhook-" + WRITERS.incrementAndGet();
        this.timer = new ScheduledThreadPoolExecutor(1, WebhookClient.daemon(threads + "-timer"));
        timer.setRemoveOnCancelPolicy(true); // a deadline cancelled on completion leaves nothing behind
        this.client = new WebhookClient(settings, timer, threads + "-http");
        restore(restored);
        pump();
    }

    private void restore(Collection<PendingDelivery> restored) {
        if (restored == null || restored.isEmpty()) return;
        int kept = 0;
        lock.lock();
        try {
            for (PendingDelivery p : restored) {
                Lane lane = lanes.get(p.route);
                String problem = lane == null
                        ? "route '" + p.route + "' is no longer configured"
                        : lane.route.compliance() != p.alert.isCompliance()
                                ? "route '" + p.route + "' no longer matches the alert's kind"
                                : null;
                if (problem == null) {
                    if (enqueue(new PendingDelivery(p.route, PendingDelivery.copyOf(p.alert), p.attempts))) kept++;
                    continue;
                }
                // An operator turned the route off; a compliance alert must never be re-routed to the floor.
                LOG.error(
                        "Dropping restored undelivered alert {} ({}): {}", p.alert.messageKey(), p.alert.rule, problem);
                notifyListener(AlertDelivery.of(
                        p,
                        null,
                        AlertDelivery.FAILED,
                        "dropped at restore: " + problem,
                        System.currentTimeMillis(),
                        0));
            }
        } finally {
            lock.unlock();
        }
        LOG.info("Webhook writer restored {} undelivered alert messages", kept);
    }

    @Override
    public void write(Alert alert, Context context) throws InterruptedException {
        Alert copy = null;
        for (Lane lane : lanes.values()) {
            if (!lane.route.accepts(alert)) continue;
            if (copy == null) copy = PendingDelivery.copyOf(alert); // the input object may be reused by Flink
            lock.lockInterruptibly();
            try {
                while (outstanding.size() >= settings.limits().maxPending() && !closed) {
                    // Full: hold the task thread (backpressure) until deliveries make room.
                    progress.await(1, TimeUnit.SECONDS);
                }
                if (closed) throw new IllegalStateException("webhook writer is closed");
                if (!enqueue(new PendingDelivery(lane.route.name(), copy, 0))) metrics.duplicatesSkipped.inc();
            } finally {
                lock.unlock();
            }
        }
        if (copy != null) pump();
    }

    /** Under lock. False when the same message is already pending on that route. */
    private boolean enqueue(PendingDelivery p) {
        if (outstanding.putIfAbsent(p.messageKey(), p) != null) return false;
        pendingCount = outstanding.size();
        ArrayDeque<PendingDelivery> behind = waitingBehind.get(p.orderKey());
        if (behind != null) {
            behind.addLast(p);
        } else {
            waitingBehind.put(p.orderKey(), new ArrayDeque<>());
            lanes.get(p.route).ready.addLast(p);
        }
        return true;
    }

    /** Starts as many attempts as the bounds and the lanes' backoff allow. */
    private void pump() {
        List<PendingDelivery> toSend = new ArrayList<>();
        lock.lock();
        try {
            if (closed) return;
            long now = System.currentTimeMillis();
            boolean took = true;
            while (took) {
                took = false;
                for (Lane lane : lanes.values()) { // one per lane per round: routes share the slots fairly
                    if (lane.ready.isEmpty()) continue;
                    // The total bounds every route but one with nothing in flight: a route whose receiver stalls
                    // (or is merely slow) can never take the last slot another route needs.
                    if (inFlight >= settings.limits().maxInFlight() && lane.inFlight > 0) continue;
                    if (now < lane.gateUntil) {
                        scheduleWake(lane, lane.gateUntil - now);
                        continue;
                    }
                    if (lane.inFlight >= lane.limit(settings.limits().routeLimit())) continue;
                    PendingDelivery p = lane.ready.pollFirst();
                    p.attempts++; // counted before it is sent: a snapshot taken meanwhile keeps it
                    lane.inFlight++;
                    inFlight++;
                    toSend.add(p);
                    took = true;
                }
            }
        } finally {
            lock.unlock();
        }
        for (PendingDelivery p : toSend) {
            Lane lane = lanes.get(p.route);
            client.send(lane.route, p).whenComplete((attempt, error) -> {
                if (error == null) {
                    completed(p, lane, attempt);
                } else {
                    LOG.error(
                            "Webhook route '{}': handling an attempt of {} failed",
                            p.route,
                            p.alert.messageKey(),
                            error);
                }
            });
        }
    }

    private void scheduleWake(Lane lane, long delayMillis) {
        if (lane.wakeScheduled) return;
        lane.wakeScheduled = true;
        timer.schedule(
                () -> {
                    lock.lock();
                    try {
                        lane.wakeScheduled = false;
                    } finally {
                        lock.unlock();
                    }
                    pump();
                },
                Math.max(1, delayMillis),
                TimeUnit.MILLISECONDS);
    }

    private void completed(PendingDelivery p, Lane lane, WebhookClient.Attempt attempt) {
        metrics.record(p, attempt);
        if (closed) return; // racy read is fine: only avoids noise after close
        // Report first: once the message is finished, flush(true) may return and the listener must have seen it.
        notifyListener(attempt.report());
        lock.lock();
        try {
            if (closed) return;
            lane.inFlight--;
            inFlight--;
            switch (attempt.outcome()) {
                case AlertDelivery.DELIVERED -> {
                    lane.succeeded();
                    finish(p);
                }
                case AlertDelivery.FAILED -> finish(p);
                default -> {
                    lane.failed(System.currentTimeMillis(), attempt.retryAfter(), settings.retry());
                    lane.ready.addFirst(p);
                }
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        pump();
    }

    /** Under lock: the message is done (delivered or permanently failed); release the next of the same alert. */
    private void finish(PendingDelivery p) {
        outstanding.remove(p.messageKey());
        pendingCount = outstanding.size();
        ArrayDeque<PendingDelivery> behind = waitingBehind.get(p.orderKey());
        PendingDelivery next = behind == null ? null : behind.pollFirst();
        if (next != null) {
            lanes.get(next.route).ready.addLast(next);
        } else {
            waitingBehind.remove(p.orderKey());
        }
    }

    /** One call at a time, whatever thread an attempt completes on; a failing listener never stops delivery. */
    private synchronized void notifyListener(AlertDelivery delivery) {
        try {
            listener.onDelivery(delivery);
        } catch (RuntimeException e) {
            LOG.warn("Delivery listener failed on {}", delivery, e);
        }
    }

    /**
     * A checkpoint ({@code endOfInput} false) does not wait: the undelivered messages are in the state. At the end of
     * input, waits until every message is delivered or failed for good, at most the drain timeout.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        pump();
        if (!endOfInput) return;
        Duration drain = settings.timeouts().drain();
        long deadline = System.nanoTime() + drain.toNanos();
        lock.lockInterruptibly();
        try {
            while (!outstanding.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.error(
                            "WEBHOOK DRAIN TIMED OUT after {}: {} alert messages NOT delivered at the end of input: {}",
                            drain,
                            outstanding.size(),
                            describe(outstanding.values()));
                    return;
                }
                progress.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Collection<PendingDelivery> pending) {
        List<String> shown = new ArrayList<>();
        for (PendingDelivery p : pending) {
            if (shown.size() == 20) {
                shown.add("...");
                break;
            }
            shown.add(p.route + ':' + p.alert.messageKey() + ' ' + p.alert.rule);
        }
        return String.join(", ", shown);
    }

    @Override
    public List<PendingDelivery> snapshotState(long checkpointId) {
        lock.lock();
        try {
            List<PendingDelivery> state = new ArrayList<>(outstanding.size());
            for (PendingDelivery p : outstanding.values()) state.add(p.forState()); // in arrival order
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Undelivered messages right now (queued, in flight, or waiting to be retried). */
    public int pending() {
        return pendingCount;
    }

    @Override
    public void close() throws Exception {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (!outstanding.isEmpty()) {
                LOG.info(
                        "Webhook writer closing with {} undelivered alert messages (kept in the last checkpoint)",
                        outstanding.size());
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        client.close();
        timer.shutdownNow();
        listener.close();
    }

    /** One route's queue and backoff. Guarded by the writer's lock. */
    private static final class Lane {
        final WebhookRoute route;
        final ArrayDeque<PendingDelivery> ready = new ArrayDeque<>();
        volatile int inFlight; // volatile only for the metric gauge
        int consecutiveFailures;
        long gateUntil;
        boolean wakeScheduled;

        Lane(WebhookRoute route) {
            this.route = route;
        }

        /** A route that is failing is probed with one request at a time. */
        int limit(int routeLimit) {
            return consecutiveFailures > 0 ? 1 : routeLimit;
        }

        void succeeded() {
            consecutiveFailures = 0;
            gateUntil = 0;
        }

        /**
         * Closes the lane for the backoff. A Retry-After (already clamped) may lengthen the wait, never shorten it: a
         * receiver answering "503, Retry-After: 0" forever is not hammered in a tight loop.
         */
        void failed(long now, Duration retryAfter, RetryPolicy retry) {
            consecutiveFailures++;
            long backoff = retry.backoffMillis(consecutiveFailures);
            long wait = retryAfter == null ? backoff : Math.max(retryAfter.toMillis(), backoff);
            gateUntil = Math.max(gateUntil, now + wait);
        }
    }
}
