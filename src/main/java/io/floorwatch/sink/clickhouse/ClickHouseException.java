package io.floorwatch.sink.clickhouse;

import java.io.IOException;

/** A request ClickHouse refused or could not serve; {@link #retryable()} says whether trying again may help. */
public class ClickHouseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final boolean retryable;

    public ClickHouseException(String message, int httpStatus, boolean retryable, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** HTTP status of the answer, 0 when there was none (connection refused, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
