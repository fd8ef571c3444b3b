package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

/** The shared in-JVM broker cannot end the test JVM: a halt it asks for is reported and the run goes on. */
class KafkaBrokerTest {
    @Test
    void aHaltAskedForByKafkaLeavesTheTestJvmRunning() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        // unguarded, this line ends the fork with exit code 1 and fails the build
        Exit.halt(1, "KafkaBrokerTest: a log directory failed");
        String topic = "after-a-halt-" + System.nanoTime();
        broker.createTopics(1, topic);
        try (Admin admin =
                Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertTrue(topics.contains(topic), "the broker still serves: " + topics);
        }
    }
}
