package io.floorwatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A webhook receiver that misbehaves on purpose, written on a raw {@link ServerSocket} so it can do what a
 * well-behaved HTTP server library will not: send the headers and then stall in the middle of the body, answer with
 * a 100 MB body, or send any {@code Retry-After} text. HTTP/1.1 with keep-alive; one thread per connection.
 *
 * <p>What it does is chosen per request by {@link #behave}; it records every request (path and
 * {@code Idempotency-Key}), how many requests it holds at once, how many stalled exchanges the client abandoned
 * (closed the connection), and how many bytes of each large body it managed to write.
 */
public final class HostileReceiver implements AutoCloseable {

    /** One request as received. Header names are lower case. */
    public record Request(String path, Map<String, String> headers, String body) {
        public String idempotencyKey() {
            return headers.get("idempotency-key");
        }
    }

    /** How to answer one request. */
    public sealed interface Answer permits Normal, StallMidBody, HugeBody {}

    /** A complete answer: status, extra headers, empty body. */
    public record Normal(int status, Map<String, String> headers) implements Answer {}

    /** Status line, headers announcing {@code announced} body bytes, {@code sent} of them, then silence. */
    public record StallMidBody(int status, int announced, int sent) implements Answer {}

    /** A body of {@code bytes} bytes (of 'x'), written as fast as the client reads it. */
    public record HugeBody(int status, long bytes) implements Answer {}

    public static Answer ok() {
        return new Normal(200, Map.of());
    }

    /** A large body written: how far it got before the client stopped reading and closed. */
    public record BodyWrite(String path, long announced, long written, boolean finished) {}

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new ArrayList<>();
    private final List<BodyWrite> bodyWrites = new ArrayList<>();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger maxHolding = new AtomicInteger();
    private final AtomicInteger stallsAbandoned = new AtomicInteger();
    private volatile Function<Request, Answer> behaviour = r -> ok();
    private volatile boolean closed;

    private HostileReceiver(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "hostile-receiver-accept");
        acceptor.setDaemon(true);
    }

    public static HostileReceiver start() throws IOException {
        HostileReceiver r = new HostileReceiver(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
        r.acceptor.start();
        return r;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Answers every later request with this function (requests already stalled stay stalled). */
    public void behave(Function<Request, Answer> newBehaviour) {
        this.behaviour = newBehaviour;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<BodyWrite> bodyWrites() {
        synchronized (bodyWrites) {
            return List.copyOf(bodyWrites);
        }
    }

    /** The most requests this receiver was answering (or stalling) at the same moment. */
    public int maxHolding() {
        return maxHolding.get();
    }

    /** Requests it is answering or stalling right now. */
    public int holding() {
        return holding.get();
    }

    /** Stalled exchanges whose connection the client closed (gave up on them). */
    public int stallsAbandoned() {
        return stallsAbandoned.get();
    }

    /** Waits until {@code condition} holds; fails after the timeout with {@code what}. */
    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what);
            Thread.sleep(20);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "hostile-receiver-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) e.printStackTrace();
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request request = readRequest(in);
                if (request == null) return; // the client closed the connection
                synchronized (requests) {
                    requests.add(request);
                }
                int now = holding.incrementAndGet();
                maxHolding.accumulateAndGet(now, Math::max);
                try {
                    if (!answer(behaviour.apply(request), request, in, out)) return;
                } finally {
                    holding.decrementAndGet();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            sockets.remove(s);
        }
    }

    /** False when the connection must not be used again. */
    private boolean answer(Answer answer, Request request, InputStream in, OutputStream out) throws IOException {
        if (answer instanceof Normal n) {
            StringBuilder head = statusLine(n.status());
            n.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: 0\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        }
        if (answer instanceof StallMidBody st) {
            out.write(statusLine(st.status())
                    .append("Content-Type: text/plain\r\nContent-Length: ")
                    .append(st.announced())
                    .append("\r\n\r\n")
                    .toString()
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write("x".repeat(st.sent()).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // Silence. The only way out is the client closing the connection (or this receiver closing).
            try {
                while (in.read() >= 0) {
                    // a client never sends more on a connection waiting for its response; ignore anything
                }
                stallsAbandoned.incrementAndGet();
            } catch (SocketException e) {
                if (!closed) stallsAbandoned.incrementAndGet(); // reset by the client
            }
            return false;
        }
        HugeBody h = (HugeBody) answer;
        out.write(statusLine(h.status())
                .append("Content-Type: text/plain\r\nContent-Length: ")
                .append(h.bytes())
                .append("\r\n\r\n")
                .toString()
                .getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        long written = 0;
        boolean finished = false;
        try {
            while (written < h.bytes()) {
                int n = (int) Math.min(chunk.length, h.bytes() - written);
                out.write(chunk, 0, n);
                written += n;
            }
            out.flush();
            finished = true;
        } finally {
            synchronized (bodyWrites) {
                bodyWrites.add(new BodyWrite(request.path(), h.bytes(), written, finished));
            }
        }
        return true;
    }

    private static StringBuilder statusLine(int status) {
        return new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(status < 400 ? "OK" : "Go Away")
                .append("\r\n");
    }

    /** Null at the end of the stream (before a request started). */
    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) return null;
                throw new IOException("connection closed inside a request head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) throw new IOException("request head too long");
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0)
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        String path = requestLine.length > 1 ? requestLine[1] : "/";
        return new Request(path, Map.copyOf(headers), new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
