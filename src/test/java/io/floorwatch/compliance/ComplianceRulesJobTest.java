package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The compliance rules wired as the topology wires them: all events in, alerts and late events out. */
class ComplianceRulesJobTest extends ComplianceTestSupport {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final FloorWatchConfig CFG = config();

    private static long m(int minutes) {
        return plus(DAY_START, Duration.ofMinutes(minutes));
    }

    @Test
    @DisplayName(
            "31 CFR 1021.311(c): slot bill-in, chips and unattributed buy-ins never reach the CTR total; cash does")
    void ctrOnlyCountsAttributableCash() throws Exception {
        List<FloorEvent> events = List.of(
                billIn("SM-1", "P-1", "20000.00", m(1)), // exempt, carded or not
                buyIn("BJ-1", "P-1", "CHIPS", "20000.00", m(2)), // not cash
                buyIn("BJ-1", null, "CASH", "20000.00", m(3)), // cash but nobody to attribute it to
                cage("P-1", "CASH_IN", "MARKER", "20000.00", m(4)), // credit, not cash
                buyIn("BJ-2", "P-1", "CASH", "6000.00", m(5)),
                cashIn("P-1", "4000.00", m(6)), // $10,000.00: not over
                cashIn("P-1", "0.01", m(7))); // $10,000.01: fires
        Run<Alert> run = run(events, Alert.class, (in, late) -> CtrRequired.build(in, CFG, late));
        assertEquals(
                List.of(Rules.CTR_APPROACHING, Rules.CTR_REQUIRED),
                run.out().stream().map(a -> a.rule).toList(),
                "$10,000.00 reaches the warning, $10,000.01 the CTR");
        assertEquals(m(6), run.out().get(0).eventTime);
        Alert a = run.out().get(1);
        assertEquals(Rules.CTR_REQUIRED, a.rule);
        assertEquals("P-1", a.entityId);
        assertEquals(cents("10000.01"), a.amountCents);
        assertEquals(m(7), a.eventTime);
        assertTrue(run.late().isEmpty());
    }

    @Test
    @DisplayName("31 CFR 1021.311/.320, 26 CFR 7.6041-1: the three compliance rules in one graph")
    void allRules() throws Exception {
        List<FloorEvent> events = List.of(
                cashIn("P-1", "9000.00", m(1)), // CTR_APPROACHING ($9,000 reaches $8,000)
                cashIn("P-1", "9000.00", m(2)), // SAR (2 x 9,000 in 24 h) and CTR (18,000 > 10,000)
                jackpot("SM-7", "2500.00", m(3)), // W-2G in 2026
                clock(m(10)));
        Run<Alert> run = run(events, Alert.class, (in, late) -> ComplianceRules.build(in, CFG, late));
        assertEquals(
                List.of(Rules.CTR_APPROACHING, Rules.CTR_REQUIRED, Rules.SAR_STRUCTURING, Rules.W2G_REQUIRED),
                run.out().stream().map(a -> a.rule).sorted().toList());
    }

    @Test
    @DisplayName("State and match types are Flink POJOs (no Kryo)")
    void pojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CtrDayTotal.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SarMatch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MtlEntry.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(W2gForm.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Alert.class);
        // FloorEvent has its own serializer (no reflection, no Kryo): FloorEventSerializerTest
        assertEquals(
                io.floorwatch.event.FloorEventSerializer.INSTANCE,
                org.apache.flink.api.common.typeinfo.TypeInformation.of(FloorEvent.class)
                        .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
    }
}
