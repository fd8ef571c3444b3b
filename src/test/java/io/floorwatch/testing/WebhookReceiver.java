package io.floorwatch.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP endpoint for webhook tests: a {@code com.sun.net.httpserver} server on 127.0.0.1 (free port) that
 * records every request and answers as scripted (status, headers, delay; per request, or "503 for 10 s then 200").
 * Answers 200 by default.
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = WebhookReceiver.start()) {
 *     receiver.failFor(Duration.ofSeconds(10), 503);
 *     ... deliver to receiver.url("/floor") ...
 *     List<WebhookReceiver.Request> got = receiver.awaitRequests(r -> r.status() == 200, 5, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One recorded request and the answer it got. Header names are lower case. */
    public record Request(
            String method, String path, Map<String, String> headers, String body, Instant receivedAt, int status) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer. */
    public record Response(int status, Map<String, String> headers, String body, Duration delay) {
        public static Response of(int status) {
            return new Response(status, Map.of(), "", Duration.ZERO);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(name, value);
            return new Response(status, h, body, delay);
        }

        public Response withBody(String newBody) {
            return new Response(status, headers, newBody, delay);
        }

        public Response after(Duration newDelay) {
            return new Response(status, headers, body, newDelay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Response> responder = r -> Response.of(200);

    private WebhookReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        WebhookReceiver receiver = new WebhookReceiver(server, executor);
        server.createContext("/", receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    /** e.g. {@code url("/floor")} -> {@code http://127.0.0.1:PORT/floor}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Answer every request with this function (the request passed has status 0). */
    public void respond(Function<Request, Response> newResponder) {
        this.responder = newResponder;
    }

    public void respondAlways(Response response) {
        respond(r -> response);
    }

    /** Answer {@code status} until {@code duration} from now has passed, then 200. */
    public void failFor(Duration duration, int status) {
        Instant until = Instant.now().plus(duration);
        respond(r -> Instant.now().isBefore(until) ? Response.of(status) : Response.of(200));
    }

    /** The first {@code script.length} requests get these answers, then 200. */
    public void script(Response... script) {
        List<Response> queue = new ArrayList<>(List.of(script));
        respond(r -> {
            synchronized (queue) {
                return queue.isEmpty() ? Response.of(200) : queue.remove(0);
            }
        });
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until at least {@code n} requests are recorded; returns all of them. Fails after the timeout. */
    public List<Request> awaitRequests(int n, Duration timeout) throws InterruptedException {
        return awaitRequests(r -> true, n, timeout);
    }

    /** Waits until at least {@code n} recorded requests match; returns the matching ones. */
    public List<Request> awaitRequests(Predicate<Request> filter, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (true) {
                List<Request> matching = requests.stream().filter(filter).toList();
                if (matching.size() >= n) return matching;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " matching webhook requests within " + timeout + ", got "
                            + matching.size() + " (of " + requests.size() + " in all)");
                }
                requests.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * Checks a request the way a receiver should: {@code X-FloorWatch-Signature} equals {@code sha256=} + hex
     * HMAC-SHA256 of {@code "<X-FloorWatch-Timestamp>.<raw body>"} under {@code secret}, compared in constant time.
     * Written independently of the sink's signing code.
     */
    public static boolean verifySignature(String secret, Request request) {
        String timestamp = request.header("X-FloorWatch-Timestamp");
        String signature = request.header("X-FloorWatch-Signature");
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) return false;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
            byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
            return MessageDigest.isEqual(expected, given);
        } catch (Exception e) {
            return false;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant receivedAt = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Request request = new Request(exchange.getRequestMethod(), path, Map.copyOf(headers), body, receivedAt, 0);
            Response response = responder.apply(request);
            if (!response.delay().isZero()) {
                try {
                    Thread.sleep(response.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            synchronized (requests) {
                requests.add(
                        new Request(request.method(), path, request.headers(), body, receivedAt, response.status()));
                requests.notifyAll();
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
