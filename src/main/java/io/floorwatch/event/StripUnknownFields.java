package io.floorwatch.event;

import org.apache.flink.api.common.functions.MapFunction;

/**
 * The event without its unknown fields ({@link FloorEvent#extra}, up to {@code validation.max-payload-bytes} each):
 * the raw tables keep them, nothing after them needs them, and rules keep events in keyed state (CEP buffers for up
 * to a pattern's window), where a producer's padding would otherwise be held per event. A copy, never a change to the
 * record the raw sinks may still be reading (object reuse); events without unknown fields pass as they are.
 */
public final class StripUnknownFields implements MapFunction<FloorEvent, FloorEvent> {
    @Override
    public FloorEvent map(FloorEvent e) {
        if (e.extra == null) return e;
        FloorEvent slim = FloorEventSerializer.INSTANCE.copy(e);
        slim.extra = null;
        return slim;
    }
}
