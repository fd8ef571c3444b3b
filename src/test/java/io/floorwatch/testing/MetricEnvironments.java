package io.floorwatch.testing;

import java.util.Map;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/** A test harness environment whose operator registers its metrics in {@code metrics}, where a test reads them. */
public final class MetricEnvironments {
    private MetricEnvironments() {}

    public static MockEnvironment reportingTo(InterceptingOperatorMetricGroup metrics) {
        return new MockEnvironmentBuilder()
                .setMetricGroup(new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name, Map<String, String> additional) {
                        return metrics;
                    }
                })
                .build();
    }
}
