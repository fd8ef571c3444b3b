package io.floorwatch.sink.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One delivery attempt of one message to one route, and what its answer means: the request SPEC §6 asks for (body of
 * the route's format, {@code Idempotency-Key}, signature headers of this attempt), a hard deadline over the whole
 * exchange, and the response read to at most {@link #MAX_RESPONSE_BYTES}. Knows nothing of queues, order or state:
 * that is {@link WebhookWriter}'s.
 */
final class WebhookClient implements AutoCloseable {
    /** A response body longer than this is not read to its end (the connection is dropped instead). */
    static final long MAX_RESPONSE_BYTES = 64 * 1024;
    /** Of a response body, only this much is kept (for the error text of a failed attempt). */
    static final int KEPT_RESPONSE_BYTES = 1024;

    private static final int ERROR_TEXT_MAX = 300;

    /**
     * How an attempt ended: its {@code alert_deliveries} row, the receiver's {@code Retry-After} (clamped; null when it
     * gave none), whether the attempt ran out of time and whether the response body was cut.
     */
    record Attempt(AlertDelivery report, Duration retryAfter, boolean timedOut, boolean bodyCut) {
        String outcome() {
            return report.outcome();
        }
    }

    private final DeliverySettings settings;
    private final ScheduledExecutorService timer;
    private final ExecutorService executor;
    private final HttpClient http;
    /** Exchanges under way, cancelled at close. */
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();

    WebhookClient(DeliverySettings settings, ScheduledExecutorService timer, String threadName) {
        this.settings = settings;
        this.timer = timer;
        this.executor = Executors.newFixedThreadPool(2, daemon(threadName));
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeouts().connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .sslContext(settings.trustStore().sslContext()) // endpoints signed by a private CA
                .build();
    }

    /**
     * Sends {@code p} to {@code route} as attempt number {@code p.attempts}. The future never completes exceptionally:
     * every failure is an {@link Attempt} with outcome {@code retry} (no answer, timeout, 429, 5xx) or {@code failed}
     * (any other status, or a body that cannot be built).
     */
    CompletableFuture<Attempt> send(WebhookRoute route, PendingDelivery p) {
        long attemptedAt = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        CompletableFuture<HttpResponse<CappedBody>> exchange;
        try {
            exchange = http.sendAsync(
                    request(route, p, attemptedAt), CappedBody.handler(KEPT_RESPONSE_BYTES, MAX_RESPONSE_BYTES));
        } catch (RuntimeException e) {
            // Rendering or request building failed: no attempt can ever succeed.
            return CompletableFuture.completedFuture(
                    attempt(p, attemptedAt, startNanos, null, AlertDelivery.FAILED, describe(e), null, false, false));
        }
        running.add(exchange);
        AtomicBoolean deadlineHit = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadline(exchange, deadlineHit);
        return exchange.handle((response, error) -> {
            if (deadline != null) deadline.cancel(false);
            running.remove(exchange);
            if (error == null) return answered(p, attemptedAt, startNanos, response);
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean timedOut = deadlineHit.get() || cause instanceof HttpTimeoutException;
            String text = deadlineHit.get()
                    ? "AttemptTimeoutException: no complete response within "
                            + settings.timeouts().request() + " (attempt deadline, response body included)"
                    : describe(cause);
            return attempt(p, attemptedAt, startNanos, null, AlertDelivery.RETRY, text, null, timedOut, false);
        });
    }

    /**
     * The request timeout ends at the response headers (JDK 17); this deadline covers the whole exchange. Cancelling the
     * client's future aborts the exchange and closes its connection. Null when the writer is closing (the exchange is
     * cancelled then; its message stays in the writer's state).
     */
    private ScheduledFuture<?> deadline(CompletableFuture<?> exchange, AtomicBoolean hit) {
        try {
            return timer.schedule(
                    () -> {
                        if (!exchange.isDone()) {
                            hit.set(true);
                            exchange.cancel(true);
                        }
                    },
                    settings.timeouts().request().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            exchange.cancel(true);
            return null;
        }
    }

    private HttpRequest request(WebhookRoute route, PendingDelivery p, long attemptedAt) {
        if (p.body == null) p.body = AlertBodies.render(p.alert, route);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(route.url()))
                .timeout(settings.timeouts().request())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", p.alert.messageKey())
                .header("User-Agent", "FloorWatch-Webhook/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(p.body));
        if (route.url().regionMatches(true, 0, "http:", 0, 5))
            request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain receivers
        if (route.signed()) {
            long timestamp = attemptedAt / 1000;
            request.header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp));
            request.header(Signatures.SIGNATURE_HEADER, Signatures.sign(route.secret(), timestamp, p.body));
        }
        return request.build();
    }

    private Attempt answered(PendingDelivery p, long attemptedAt, long startNanos, HttpResponse<CappedBody> response) {
        int status = response.statusCode();
        CappedBody body = response.body();
        boolean cut = body != null && body.cut();
        if (Responses.delivered(status)) {
            return attempt(p, attemptedAt, startNanos, status, AlertDelivery.DELIVERED, null, null, false, cut);
        }
        String text = body == null ? "" : body.text();
        String error = "HTTP " + status + (text.isBlank() ? "" : ": " + text);
        if (!Responses.retryable(status)) {
            return attempt(p, attemptedAt, startNanos, status, AlertDelivery.FAILED, error, null, false, cut);
        }
        Optional<String> header = response.headers().firstValue("Retry-After");
        Duration retryAfter = Responses.retryAfter(header, System.currentTimeMillis(), settings.maxRetryAfter())
                .orElse(null);
        return attempt(p, attemptedAt, startNanos, status, AlertDelivery.RETRY, error, retryAfter, false, cut);
    }

    private static Attempt attempt(
            PendingDelivery p,
            long attemptedAt,
            long startNanos,
            Integer status,
            String outcome,
            String error,
            Duration retryAfter,
            boolean timedOut,
            boolean bodyCut) {
        AlertDelivery report = AlertDelivery.of(
                p,
                status,
                outcome,
                error == null ? null : cut(error),
                attemptedAt,
                (System.nanoTime() - startNanos) / 1_000_000);
        return new Attempt(report, retryAfter, timedOut, bodyCut);
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String cut(String s) {
        return s.length() <= ERROR_TEXT_MAX ? s : s.substring(0, ERROR_TEXT_MAX) + "...";
    }

    /** Cancels the exchanges under way (their messages stay in the writer's state) and stops the client's threads. */
    @Override
    public void close() {
        for (CompletableFuture<?> f : running) f.cancel(true);
        executor.shutdownNow();
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
