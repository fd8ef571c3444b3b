package io.floorwatch.sink.webhook;

import io.floorwatch.sink.RetryPolicy;
import io.floorwatch.sink.TrustStore;
import java.time.Duration;

/** Delivery settings with the {@code webhook.*} defaults, for tests that change only what they are about. */
final class TestSettings {
    private TestSettings() {}

    static DeliverySettings delivery() {
        return new DeliverySettings(
                new DeliverySettings.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMinutes(2)),
                new DeliverySettings.Limits(16, 8, 100_000),
                RetryPolicy.unlimited(Duration.ofMillis(500), Duration.ofSeconds(30)),
                Duration.ofMinutes(10),
                TrustStore.JVM_DEFAULT);
    }
}
