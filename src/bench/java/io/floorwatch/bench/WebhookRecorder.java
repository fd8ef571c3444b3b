package io.floorwatch.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A tiny local webhook endpoint: answers 200 at once and records each request's arrival time and body. */
final class WebhookRecorder implements AutoCloseable {
    record Request(long arrivedMillis, byte[] body) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-webhook");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    WebhookRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", exchange -> {
            // arrival = the request line and headers are in; the body follows on the same connection
            long arrived = System.currentTimeMillis();
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(arrived, body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(pool);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
