package io.floorwatch.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesUpToTheCapWithEqualJitter() {
        RetryPolicy p = RetryPolicy.unlimited(Duration.ofMillis(500), Duration.ofSeconds(30));
        for (int failures = 1; failures < 80; failures++) {
            long d = p.backoffMillis(failures);
            long full = Math.min(30_000, 500L << Math.min(failures - 1, 20));
            assertTrue(d >= full / 2 && d <= full, failures + " -> " + d);
        }
        assertEquals(30_000, p.backoffMillis(Integer.MAX_VALUE), 15_000, "no overflow however many failures");
    }

    @Test
    void retriesAsManyTimesAsAllowed() {
        RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));
        assertTrue(three.mayRetry(1) && three.mayRetry(3));
        assertFalse(three.mayRetry(4), "4 failures = 1 attempt + 3 retries");
        assertFalse(new RetryPolicy(0, Duration.ZERO, Duration.ZERO).mayRetry(1));
        assertTrue(RetryPolicy.unlimited(Duration.ZERO, Duration.ZERO).mayRetry(Integer.MAX_VALUE));
        assertEquals(0, new RetryPolicy(0, Duration.ZERO, Duration.ZERO).backoffMillis(5));
    }

    @Test
    void theFirstBackoffMustNotExceedTheLongest() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("retryBackoff <= maxRetryBackoff"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO));
    }
}
