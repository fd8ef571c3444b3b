package io.floorwatch.event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Keyed state kept on the heap between checkpoints, for the parts of the per-entity operator ({@link EntityOperator}):
 * a per-key mini-batch. Every event reads and writes its entity's state; on RocksDB each read deserializes, each write
 * serializes and lands in the memtable, to be flushed and compacted. Through the cache an entity's value is read from
 * the backend once per checkpoint interval and written back once, at the checkpoint, before the keyed state is
 * snapshotted ({@link EntityOperator#snapshotState}), or earlier when the cache holds more than {@link #MAX_ENTRIES}.
 * Nothing is lost on a failure: the job restarts from the checkpoint, which has everything written before it.
 *
 * <p>A part wraps its state in {@code open}: {@code state = StateCache.value(getRuntimeContext().getState(d))}. Run
 * alone (its unit tests) it gets the state itself. The cached values are the objects the part reads and changes, as on
 * Flink's heap backend; what the part writes ({@code update}, {@code put}, {@code remove}, {@code clear}) is written
 * back. A cached map does not hold null values; reading a map's entries writes the entity's cached ones back first.
 */
public final class StateCache {
    /** The bound on cached entries; past it everything is written back and the cache starts empty. */
    static final int MAX_ENTRIES = 200_000;

    private static final ThreadLocal<StateCache> OPENING = new ThreadLocal<>();

    private final KeyContext keys;
    private final List<Cached> cached = new ArrayList<>();
    private int entries;

    StateCache(KeyContext keys) {
        this.keys = keys;
    }

    /** {@code state}, cached when a part of the per-entity operator opens it. */
    public static <V> ValueState<V> value(ValueState<V> state) {
        StateCache cache = OPENING.get();
        return cache == null ? state : cache.add(new CachedValue<>(state, cache));
    }

    /** {@code state}, cached when a part of the per-entity operator opens it. */
    public static <K, V> MapState<K, V> map(MapState<K, V> state) {
        StateCache cache = OPENING.get();
        return cache == null ? state : cache.add(new CachedMap<>(state, cache));
    }

    /** Runs {@code open} (a part's opening) with this cache taking the states it wraps. */
    void opening(ThrowingRunnable open) throws Exception {
        OPENING.set(this);
        try {
            open.run();
        } finally {
            OPENING.remove();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    boolean isFull() {
        return entries > MAX_ENTRIES;
    }

    /** Writes every changed entry back to its state and empties the cache; the current key is changed. */
    void writeBack() throws Exception {
        for (Cached c : cached) c.writeBack();
        entries = 0;
    }

    private <C extends Cached> C add(C c) {
        cached.add(c);
        return c;
    }

    private interface Cached {
        void writeBack() throws Exception;
    }

    /** A value as last read or written, and whether it was written. */
    private static final class Slot<V> {
        V value;
        boolean written;

        Slot(V value, boolean written) {
            this.value = value;
            this.written = written;
        }
    }

    private static final class CachedValue<V> implements ValueState<V>, Cached {
        private final ValueState<V> state;
        private final StateCache cache;
        private final Map<Object, Slot<V>> slots = new HashMap<>();

        CachedValue(ValueState<V> state, StateCache cache) {
            this.state = state;
            this.cache = cache;
        }

        @Override
        public V value() throws IOException {
            Object key = cache.keys.getCurrentKey();
            Slot<V> slot = slots.get(key);
            if (slot == null) {
                slot = new Slot<>(state.value(), false);
                slots.put(key, slot);
                cache.entries++;
            }
            return slot.value;
        }

        @Override
        public void update(V value) {
            Slot<V> slot = slots.get(cache.keys.getCurrentKey());
            if (slot == null) {
                slots.put(cache.keys.getCurrentKey(), new Slot<>(value, true));
                cache.entries++;
            } else {
                slot.value = value;
                slot.written = true;
            }
        }

        @Override
        public void clear() {
            update(null);
        }

        @Override
        public void writeBack() throws Exception {
            for (Map.Entry<Object, Slot<V>> e : slots.entrySet()) {
                Slot<V> slot = e.getValue();
                if (!slot.written) continue;
                cache.keys.setCurrentKey(e.getKey());
                if (slot.value == null) state.clear();
                else state.update(slot.value);
            }
            slots.clear();
        }
    }

    private static final class CachedMap<K, V> implements MapState<K, V>, Cached {
        private final MapState<K, V> state;
        private final StateCache cache;
        private final Map<Object, Map<K, Slot<V>>> slots = new HashMap<>();

        CachedMap(MapState<K, V> state, StateCache cache) {
            this.state = state;
            this.cache = cache;
        }

        private Map<K, Slot<V>> ofCurrentKey() {
            return slots.computeIfAbsent(cache.keys.getCurrentKey(), k -> new HashMap<>());
        }

        @Override
        public V get(K key) throws Exception {
            Map<K, Slot<V>> entity = ofCurrentKey();
            Slot<V> slot = entity.get(key);
            if (slot == null) {
                slot = new Slot<>(state.get(key), false);
                entity.put(key, slot);
                cache.entries++;
            }
            return slot.value;
        }

        @Override
        public void put(K key, V value) {
            Slot<V> slot = ofCurrentKey().putIfAbsent(key, new Slot<>(value, true));
            if (slot == null) {
                cache.entries++;
            } else {
                slot.value = value;
                slot.written = true;
            }
        }

        @Override
        public void putAll(Map<K, V> map) {
            map.forEach(this::put);
        }

        @Override
        public void remove(K key) {
            put(key, null);
        }

        @Override
        public boolean contains(K key) throws Exception {
            return get(key) != null;
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() throws Exception {
            writeBackCurrentKey();
            return state.entries();
        }

        @Override
        public Iterable<K> keys() throws Exception {
            writeBackCurrentKey();
            return state.keys();
        }

        @Override
        public Iterable<V> values() throws Exception {
            writeBackCurrentKey();
            return state.values();
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() throws Exception {
            writeBackCurrentKey();
            return state.iterator();
        }

        @Override
        public boolean isEmpty() throws Exception {
            writeBackCurrentKey();
            return state.isEmpty();
        }

        @Override
        public void clear() {
            slots.remove(cache.keys.getCurrentKey());
            state.clear();
        }

        /** The current entity's cached entries written back and dropped, so that the state iterates all of them. */
        private void writeBackCurrentKey() throws Exception {
            Map<K, Slot<V>> entity = slots.remove(cache.keys.getCurrentKey());
            if (entity != null) writeBack(entity);
        }

        private void writeBack(Map<K, Slot<V>> entity) throws Exception {
            for (Map.Entry<K, Slot<V>> e : entity.entrySet()) {
                Slot<V> slot = e.getValue();
                if (!slot.written) continue;
                if (slot.value == null) state.remove(e.getKey());
                else state.put(e.getKey(), slot.value);
            }
        }

        @Override
        public void writeBack() throws Exception {
            for (Map.Entry<Object, Map<K, Slot<V>>> e : slots.entrySet()) {
                cache.keys.setCurrentKey(e.getKey());
                writeBack(e.getValue());
            }
            slots.clear();
        }
    }
}
