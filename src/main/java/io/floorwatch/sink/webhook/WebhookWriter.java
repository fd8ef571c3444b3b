package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to the routes asynchronously; every message not yet delivered (queued, in flight or waiting
 * to be retried) is part of the checkpointed state, so a restart resends it instead of dropping it.
 *
 * <p>{@link #write} only queues (it blocks only when {@code maxPending} messages are outstanding: backpressure,
 * never an unbounded queue), so a slow or dead endpoint never stalls the job while there is room. Each route is a
 * lane with its own queue, backoff and in-flight limit: after a retryable failure the lane waits (Retry-After,
 * clamped, else exponential backoff with jitter) and then probes with one request at a time until a request
 * succeeds, so a dead endpoint is not hammered and does not slow the other routes. Messages of the same alert on a
 * route go in order (a resolve never overtakes its firing). A checkpoint does not wait for delivery; the end of
 * input does, up to {@code drainTimeout}.
 *
 * <p>Hostile receivers: every attempt has a hard deadline ({@code requestTimeout}) that covers the response body
 * too (the client's own timeout covers the headers only), after which the request is cancelled and retried; a
 * route holds at most {@code maxInFlightPerRoute} slots, and a route with nothing in flight always gets one, so a
 * stalled receiver never starves the other routes; response bodies are read to at most {@link #MAX_RESPONSE_BYTES}
 * and kept to {@link #KEPT_RESPONSE_BYTES}.
 */
public final class WebhookWriter implements StatefulSinkWriter<Alert, PendingDelivery> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWriter.class);
    private static final int ERROR_TEXT_MAX = 300;
    /** A response body longer than this is not read to its end (the connection is dropped instead). */
    static final long MAX_RESPONSE_BYTES = 64 * 1024;
    /** Of a response body, only this much is kept (for the error text of a failed attempt). */
    static final int KEPT_RESPONSE_BYTES = 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DeliverySettings settings;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final DeliveryListener listener;
    private final ExecutorService httpExecutor;
    private final ScheduledThreadPoolExecutor timer;
    private final HttpClient http;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a message finishes or the writer closes. */
    private final Condition progress = lock.newCondition();
    // Guarded by lock:
    private final TreeMap<Long, PendingDelivery> outstanding = new TreeMap<>();
    private final Set<String> outstandingMessages = new HashSet<>();
    /** Per route and alert id: the messages waiting behind the one currently being delivered. */
    private final Map<String, ArrayDeque<PendingDelivery>> waitingBehind = new HashMap<>();

    private long nextSeq;
    private int inFlight;
    private volatile boolean closed;

    private final Object listenerLock = new Object();
    private volatile int pendingCount;
    private final Counter alertsSent;
    private final Counter alertsFailed;
    private final Counter deliveryRetries;
    private final Counter duplicatesSkipped;
    private final Counter deliveryTimeouts;
    private final Counter responseBodiesCut;
    private final Histogram deliveryLatencyMs;
    private final Histogram triggerToDeliveryMs;
    /** Flink's standard sink counters, when the group is a sink writer group. */
    private final Counter numRecordsSend;

    private final Counter numRecordsSendErrors;

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
        int id = THREADS.incrementAndGet();
        this.httpExecutor = Executors.newFixedThreadPool(2, daemon("floorwatch-webhook-" + id + "-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("floorwatch-webhook-" + id + "-timer"));
        timer.setRemoveOnCancelPolicy(true); // a deadline cancelled on completion leaves nothing behind
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeouts().connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor)
                .sslContext(settings.trustStore().sslContext()) // webhook.trust-store: endpoints signed by a private CA
                .build();

        this.alertsSent = metrics.counter("alertsSent");
        this.alertsFailed = metrics.counter("alertsFailed");
        this.deliveryRetries = metrics.counter("deliveryRetries");
        this.duplicatesSkipped = metrics.counter("alertsDuplicateSkipped");
        this.deliveryTimeouts = metrics.counter("deliveryTimeouts");
        this.responseBodiesCut = metrics.counter("responseBodiesCut");
        metrics.gauge("pendingAlerts", () -> pendingCount);
        this.deliveryLatencyMs = metrics.histogram("deliveryLatencyMs", new DescriptiveStatisticsHistogram(1000));
        this.triggerToDeliveryMs = metrics.histogram("triggerToDeliveryMs", new DescriptiveStatisticsHistogram(1000));
        SinkWriterMetricGroup sinkMetrics = metrics instanceof SinkWriterMetricGroup g ? g : null;
        this.numRecordsSend = sinkMetrics == null ? null : sinkMetrics.getNumRecordsSendCounter();
        this.numRecordsSendErrors = sinkMetrics == null ? null : sinkMetrics.getNumRecordsSendErrorsCounter();

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
                if (problem != null) {
                    // An operator turned the route off; a compliance alert must never be re-routed to the floor.
                    LOG.error(
                            "Dropping restored undelivered alert {} ({}): {}",
                            p.alert.messageKey(),
                            p.alert.rule,
                            problem);
                    notifyListener(new AlertDelivery(
                            p.alert.alertId,
                            p.alert.status,
                            p.route,
                            p.attempts,
                            null,
                            AlertDelivery.FAILED,
                            "dropped at restore: " + problem,
                            System.currentTimeMillis(),
                            0));
                    continue;
                }
                if (enqueue(new PendingDelivery(p.route, PendingDelivery.copyOf(p.alert), p.attempts))) kept++;
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
                if (!enqueue(new PendingDelivery(lane.route.name(), copy, 0))) duplicatesSkipped.inc();
            } finally {
                lock.unlock();
            }
        }
        if (copy != null) pump();
    }

    /** Under lock. False when the same message is already pending on that route. */
    private boolean enqueue(PendingDelivery p) {
        if (!outstandingMessages.add(p.messageKey())) return false;
        p.seq = nextSeq++;
        outstanding.put(p.seq, p);
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

    /** Starts as many requests as the bounds and the lanes' backoff allow. */
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
                    int laneLimit = lane.consecutiveFailures > 0
                            ? 1
                            : settings.limits().routeLimit(); // probing a failing endpoint
                    if (lane.inFlight >= laneLimit) continue;
                    PendingDelivery p = lane.ready.pollFirst();
                    p.attempts++;
                    lane.inFlight++;
                    inFlight++;
                    toSend.add(p);
                    took = true;
                }
            }
        } finally {
            lock.unlock();
        }
        for (PendingDelivery p : toSend) send(p);
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

    private void send(PendingDelivery p) {
        Lane lane = lanes.get(p.route);
        long attemptedAt = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        try {
            if (p.body == null) p.body = AlertBodies.render(p.alert, lane.route);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(lane.route.url()))
                    .timeout(settings.timeouts().request())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", p.alert.messageKey())
                    .header("User-Agent", "FloorWatch-Webhook/1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(p.body));
            if (lane.plainHttp)
                request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain receivers
            if (lane.route.signed()) {
                long timestamp = attemptedAt / 1000;
                request.header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp));
                request.header(Signatures.SIGNATURE_HEADER, Signatures.sign(lane.route.secret(), timestamp, p.body));
            }
            CompletableFuture<HttpResponse<CappedBody>> f =
                    http.sendAsync(request.build(), CappedBody.handler(KEPT_RESPONSE_BYTES, MAX_RESPONSE_BYTES));
            p.inFlight = f;
            // The request timeout above ends at the response headers (JDK 17); this deadline covers the whole
            // exchange. Cancelling the client's future aborts the exchange and closes its connection.
            AtomicBoolean deadlineHit = new AtomicBoolean();
            ScheduledFuture<?> deadline = timer.schedule(
                    () -> {
                        if (!f.isDone()) {
                            deadlineHit.set(true);
                            f.cancel(true);
                        }
                    },
                    settings.timeouts().request().toMillis(),
                    TimeUnit.MILLISECONDS);
            f.whenComplete((response, error) -> {
                deadline.cancel(false);
                try {
                    completed(
                            p,
                            lane,
                            attemptedAt,
                            startNanos,
                            response,
                            error != null && deadlineHit.get()
                                    ? new AttemptTimeoutException(
                                            settings.timeouts().request())
                                    : error);
                } catch (RuntimeException | Error e) {
                    LOG.error(
                            "Webhook route '{}': handling the outcome of alert {} failed",
                            p.route,
                            p.alert.messageKey(),
                            e);
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            // Rendering or request building failed: no attempt can ever succeed.
            completed(p, lane, attemptedAt, startNanos, null, new PermanentFailure(e));
        }
    }

    private void completed(
            PendingDelivery p,
            Lane lane,
            long attemptedAt,
            long startNanos,
            HttpResponse<CappedBody> response,
            Throwable error) {
        long now = System.currentTimeMillis();
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        Integer status = response == null ? null : response.statusCode();
        String outcome;
        String errorText = null;
        Duration retryAfter = null;
        if (error != null) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            outcome = cause instanceof PermanentFailure ? AlertDelivery.FAILED : AlertDelivery.RETRY;
            if (cause instanceof AttemptTimeoutException || cause instanceof java.net.http.HttpTimeoutException)
                deliveryTimeouts.inc();
            Throwable shown = cause instanceof PermanentFailure && cause.getCause() != null ? cause.getCause() : cause;
            errorText = cut(
                    shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage()));
        } else if (Responses.delivered(status)) {
            outcome = AlertDelivery.DELIVERED;
            if (response.body() != null && response.body().cut()) responseBodiesCut.inc();
        } else {
            CappedBody body = response.body();
            if (body != null && body.cut()) responseBodiesCut.inc();
            String text = body == null ? "" : body.text();
            errorText = cut("HTTP " + status + (text.isBlank() ? "" : ": " + text));
            if (Responses.retryable(status)) {
                outcome = AlertDelivery.RETRY;
                retryAfter = Responses.retryAfter(
                                response.headers().firstValue("Retry-After"), now, settings.maxRetryAfter())
                        .orElse(null);
            } else {
                outcome = AlertDelivery.FAILED;
            }
        }

        // Report first: once the message is finished, flush(true) may return and the listener must have seen it.
        switch (outcome) {
            case AlertDelivery.DELIVERED -> {
                alertsSent.inc();
                if (numRecordsSend != null) numRecordsSend.inc();
                if (p.alert.detectedAt > 0) deliveryLatencyMs.update(Math.max(0, now - p.alert.detectedAt));
                if (p.alert.triggerIngestTime > 0)
                    triggerToDeliveryMs.update(Math.max(0, now - p.alert.triggerIngestTime));
            }
            case AlertDelivery.FAILED -> {
                alertsFailed.inc();
                if (numRecordsSendErrors != null) numRecordsSendErrors.inc();
                LOG.error(
                        "Webhook route '{}' rejected alert {} ({}) permanently: {}",
                        p.route,
                        p.alert.messageKey(),
                        p.alert.rule,
                        errorText);
            }
            default -> {
                deliveryRetries.inc();
                if (p.attempts == 1 || p.attempts % 10 == 0) {
                    LOG.warn(
                            "Webhook route '{}' attempt {} for alert {} failed, will retry: {}",
                            p.route,
                            p.attempts,
                            p.alert.messageKey(),
                            errorText);
                }
            }
        }
        if (closed) return; // racy read is fine: only avoids noise after close
        notifyListener(new AlertDelivery(
                p.alert.alertId,
                p.alert.status,
                p.route,
                p.attempts,
                status,
                outcome,
                errorText,
                attemptedAt,
                durationMs));
        lock.lock();
        try {
            if (closed) return;
            p.inFlight = null;
            lane.inFlight--;
            inFlight--;
            switch (outcome) {
                case AlertDelivery.DELIVERED -> {
                    lane.consecutiveFailures = 0;
                    lane.gateUntil = 0;
                    finish(p);
                }
                case AlertDelivery.FAILED -> finish(p);
                default -> {
                    lane.consecutiveFailures++;
                    long backoff = settings.retry().backoffMillis(lane.consecutiveFailures);
                    // Retry-After (already clamped to maxRetryAfter) may lengthen the wait, never shorten it: a
                    // receiver answering "503, Retry-After: 0" forever is not hammered in a tight loop.
                    long wait = retryAfter == null ? backoff : Math.max(retryAfter.toMillis(), backoff);
                    lane.gateUntil = Math.max(lane.gateUntil, now + wait);
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
        outstanding.remove(p.seq);
        outstandingMessages.remove(p.messageKey());
        pendingCount = outstanding.size();
        ArrayDeque<PendingDelivery> behind = waitingBehind.get(p.orderKey());
        PendingDelivery next = behind == null ? null : behind.pollFirst();
        if (next != null) {
            lanes.get(next.route).ready.addLast(next);
        } else {
            waitingBehind.remove(p.orderKey());
        }
    }

    private void notifyListener(AlertDelivery delivery) {
        try {
            synchronized (listenerLock) {
                listener.onDelivery(delivery);
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivery listener failed on {}", delivery, e);
        }
    }

    /**
     * A checkpoint ({@code endOfInput} false) does not wait: the undelivered messages are in the state. At the end
     * of input, waits until every message is delivered or failed for good, at most the drain timeout.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        pump();
        if (!endOfInput) return;
        long deadline = System.nanoTime() + settings.timeouts().drain().toNanos();
        lock.lockInterruptibly();
        try {
            while (!outstanding.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.error(
                            "WEBHOOK DRAIN TIMED OUT after {}: {} alert messages NOT delivered at the end of input: {}",
                            settings.timeouts().drain(),
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
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (PendingDelivery p : pending) {
            if (n++ == 20) {
                b.append(" ...");
                break;
            }
            b.append(n == 1 ? "" : ", ")
                    .append(p.route)
                    .append(':')
                    .append(p.alert.messageKey())
                    .append(' ')
                    .append(p.alert.rule);
        }
        return b.toString();
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
        List<CompletableFuture<?>> running = new ArrayList<>();
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            for (PendingDelivery p : outstanding.values()) if (p.inFlight != null) running.add(p.inFlight);
            if (!outstanding.isEmpty()) {
                LOG.info(
                        "Webhook writer closing with {} undelivered alert messages (kept in the last checkpoint)",
                        outstanding.size());
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        for (CompletableFuture<?> f : running) f.cancel(true);
        timer.shutdownNow();
        httpExecutor.shutdownNow();
        listener.close();
    }

    private static String cut(String s) {
        return s.length() <= ERROR_TEXT_MAX ? s : s.substring(0, ERROR_TEXT_MAX) + "...";
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One route's queue and backoff. Guarded by the writer's lock. */
    private static final class Lane {
        final WebhookRoute route;
        final boolean plainHttp;
        final ArrayDeque<PendingDelivery> ready = new ArrayDeque<>();
        volatile int inFlight; // volatile only for the metric gauge
        int consecutiveFailures;
        long gateUntil;
        boolean wakeScheduled;

        Lane(WebhookRoute route) {
            this.route = route;
            this.plainHttp = route.url().regionMatches(true, 0, "http:", 0, 5);
        }
    }

    /** The attempt's hard deadline passed before the whole response (body included) arrived: retried. */
    private static final class AttemptTimeoutException extends java.net.http.HttpTimeoutException {
        AttemptTimeoutException(Duration deadline) {
            super("no complete response within " + deadline + " (attempt deadline, response body included)");
        }
    }

    /** A failure no retry can fix (the body cannot be built). */
    private static final class PermanentFailure extends RuntimeException {
        PermanentFailure(Throwable cause) {
            super(cause);
        }
    }
}
