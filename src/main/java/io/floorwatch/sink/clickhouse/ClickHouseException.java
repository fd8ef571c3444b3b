package io.floorwatch.sink.clickhouse;

import java.io.IOException;

/** A request ClickHouse refused or could not serve; {@link #retryable()} says whether trying again may help. */
public class ClickHouseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public ClickHouseException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** HTTP status of the answer, 0 when there was none (connection refused, reset, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * No answer (the server may be restarting), server trouble and throttling are worth retrying; other client errors
     * (bad SQL, bad row, no table, auth) are not.
     */
    public boolean retryable() {
        return httpStatus == 0 || httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    }
}
