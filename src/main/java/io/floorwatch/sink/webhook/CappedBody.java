package io.floorwatch.sink.webhook;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A receiver's response body as the writer keeps it: at most {@code keep} bytes (for the error text of a failed
 * attempt), and no more than {@code limit} bytes read at all. A body longer than {@code limit} is not read to its
 * end: the subscription is cancelled (the client then closes that connection) and the body completes with what was
 * kept, so a receiver answering with 100 MB (or an endless body) costs at most {@code limit} bytes of reading and
 * {@code keep} bytes of memory. Short bodies are read to their end, so the connection can be reused.
 *
 * @param text      the first {@code keep} bytes, decoded as UTF-8 (a cut character becomes U+FFFD)
 * @param bytesRead bytes of the body read (at most a buffer beyond {@code limit})
 * @param cut       true when the body was longer than {@code limit} and was not read to its end
 */
record CappedBody(String text, long bytesRead, boolean cut) {

    static HttpResponse.BodyHandler<CappedBody> handler(int keep, long limit) {
        return info -> new Subscriber(keep, limit);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private final byte[] kept;
        private final long limit;
        private int keptLength;
        private long read;
        private Flow.Subscription subscription;

        Subscriber(int keep, long limit) {
            this.kept = new byte[keep];
            this.limit = limit;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) return; // cut already; late items after cancel are ignored
            for (ByteBuffer b : buffers) {
                int n = b.remaining();
                int copy = Math.min(n, kept.length - keptLength);
                if (copy > 0) {
                    b.get(kept, keptLength, copy);
                    keptLength += copy;
                }
                read += n;
            }
            if (read > limit) {
                subscription.cancel();
                result.complete(body(true));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(body(false));
        }

        private CappedBody body(boolean cut) {
            return new CappedBody(new String(kept, 0, keptLength, StandardCharsets.UTF_8), read, cut);
        }
    }
}
