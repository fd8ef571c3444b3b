package io.floorwatch.sink.clickhouse;

import io.floorwatch.sink.RetryPolicy;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends an {@link EncodedBatch} with the settings' {@link RetryPolicy}, in the calling thread. */
final class BatchInserter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);

    /** What happened to an insert, for metrics. */
    interface Listener {
        void retried();

        void failed();

        void written(int rows, int bytes, long latencyMs);
    }

    private final RetryPolicy retry;
    private final ClickHouseHttp http;

    BatchInserter(ClickHouseClientSettings settings, ClickHouseHttp http) {
        this.retry = settings.retry();
        this.http = http;
    }

    /** Inserts the batch, or throws once the retries are used up. */
    void send(EncodedBatch batch, Listener listener) throws IOException, InterruptedException {
        int length = batch.size();
        byte[] body = batch.bytes();
        String token = RowBatch.deduplicationToken(batch.table(), body, length);
        for (int failures = 0; ; ) {
            long started = System.nanoTime();
            try {
                http.insert(batch.table(), RowBatch.FORMAT, batch.columns(), body, 0, length, token);
                listener.written(batch.rows(), length, (System.nanoTime() - started) / 1_000_000);
                break;
            } catch (ClickHouseException e) {
                failures++;
                if (!e.retryable() || !retry.mayRetry(failures)) {
                    listener.failed();
                    throw new IOException(
                            "giving up on inserting " + batch.rows() + " rows into " + batch.table() + " after "
                                    + failures + " attempt(s)",
                            e);
                }
                listener.retried();
                if (failures == 1 && e.httpStatus() == 0) {
                    // Most likely a pooled keep-alive connection the server had already closed: try a fresh
                    // one at once, without alarming anybody.
                    LOG.debug(
                            "Insert into {} failed on the first attempt, retrying at once: {}",
                            batch.table(),
                            e.getMessage());
                    continue;
                }
                long delay = retry.backoffMillis(failures);
                LOG.warn(
                        "Insert of {} rows into {} failed (attempt {} of {}), retrying in {} ms: {}",
                        batch.rows(),
                        batch.table(),
                        failures,
                        retry.maxRetries() + 1,
                        delay,
                        e.getMessage());
                Thread.sleep(delay);
            }
        }
    }
}
