package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.event.FloorEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The alert of one match of {@link RuleSupport#countWithin}: the burst's events within {@link #window}, in order, to
 * one alert ({@link Fire}), triggered at the last event's ingest time.
 */
final class BurstAlert extends PatternProcessFunction<FloorEvent, Alert> {
    /** The alert of one burst (its events in order, {@code last} the newest), without its trigger time. */
    @FunctionalInterface
    interface Fire extends Serializable {
        Alert alert(List<FloorEvent> burst, FloorEvent last, Duration window);
    }

    final Duration window;
    private final Fire fire;

    BurstAlert(Duration window, Fire fire) {
        this.window = window;
        this.fire = fire;
    }

    @Override
    public void processMatch(Map<String, List<FloorEvent>> match, Context ctx, Collector<Alert> out) {
        List<FloorEvent> burst = match.get(RuleSupport.BURST);
        FloorEvent last = burst.get(burst.size() - 1);
        out.collect(fire.alert(burst, last, window).withTrigger(last.ingestTime));
    }
}
