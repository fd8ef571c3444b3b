package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.ErrorCategory;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.SasCodes;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * {@code INTEGRITY_EVENT} and {@code POWER_OFF_ACCESS} (SPEC 8.5, both CRITICAL): a slot ERROR whose SAS exception code
 * is of category INTEGRITY (RAM / EEPROM / EPROM errors, memory or soft meters reset) or POWER_OFF_ACCESS (a door of
 * the machine opened while it was powered off). Single-event rules: they fire once per event (evidence: its
 * {@code event_id}) in arrival order and never wait for a watermark. The category is the one the event got as it
 * entered the job, with the {@code rules.sas-codes.<hex>} in force then ({@link io.floorwatch.control.LiveTags}, SPEC
 * 8.1), as everywhere else the category is used.
 */
public class SasExceptionRule implements FlatMapFunction<FloorEvent, Alert> {

    public static DataStream<Alert> build(DataStream<FloorEvent> slot) {
        return slot.flatMap(new SasExceptionRule())
                .uid("rule-sas-exceptions")
                .name("rule: INTEGRITY_EVENT, POWER_OFF_ACCESS");
    }

    @Override
    public void flatMap(FloorEvent e, Collector<Alert> out) {
        if (e.source != Source.SLOT || !"ERROR".equals(e.eventType)) return;
        ErrorCategory category = e.errorCategory != null ? e.errorCategory : SasCodes.DEFAULTS.categoryOf(e.errorCode);
        if (category != ErrorCategory.INTEGRITY && category != ErrorCategory.POWER_OFF_ACCESS) return;
        String machine = RuleSupport.machineOf(e);
        String code = SasCodes.display(e.errorCode);
        boolean integrity = category == ErrorCategory.INTEGRITY;
        String what = integrity
                ? "Integrity event (SAS " + code + ", memory / meter integrity)"
                : "Power-off access (SAS " + code + ", door opened while powered off)";
        String action = integrity
                ? "Take the machine out of play; slot technician and gaming compliance to verify the program and meters"
                : "Surveillance to review the machine's cameras; slot technician and security to inspect the machine";
        out.collect(Alert.firing(
                        integrity ? Rules.INTEGRITY_EVENT : Rules.POWER_OFF_ACCESS,
                        Severity.CRITICAL,
                        Rules.MACHINE,
                        machine,
                        e.eventId,
                        e.eventTime,
                        null,
                        what + " on " + machine + RuleSupport.sectionSuffix(e.floorSection),
                        action,
                        RuleSupport.details(
                                "event_id",
                                e.eventId,
                                "machine_id",
                                machine,
                                "error_code",
                                e.errorCode,
                                "sas_code",
                                code,
                                "error_category",
                                category.name(),
                                "floor_section",
                                e.floorSection))
                .withTrigger(e.ingestTime));
    }
}
