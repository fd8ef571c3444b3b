package io.floorwatch.topology;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.floorwatch.alert.Alert;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.MachineMinuteAggregation;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every record that crosses the network or lives in state is a Flink POJO: no Kryo (pipeline.generic-types is off). */
class PojoSerializationTest {
    @ParameterizedTest
    @ValueSource(
            classes = {
                RawRecord.class,
                RejectedEvent.class,
                ParsedRecord.class,
                Alert.class,
                MachineMinute.class,
                FloorMinute.class,
                TableMinute.class,
                PlayerSession.class,
                MachineLocation.class,
                MachineMinuteAggregation.Acc.class,
                io.floorwatch.control.ControlRecord.class,
                io.floorwatch.control.ControlUpdate.class,
                io.floorwatch.control.RuleChange.class,
                io.floorwatch.player.PlayerRating.class,
                io.floorwatch.player.PlayerOffer.class,
                io.floorwatch.player.PlayerDay.class,
                io.floorwatch.rules.HotColdMachineRule.Share.class,
                io.floorwatch.rules.MeterVariance.Comparison.class
            })
    void serializedAsPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}
