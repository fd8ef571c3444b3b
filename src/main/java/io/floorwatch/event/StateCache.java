package io.floorwatch.event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Keyed state kept on the heap between checkpoints: a per-key mini-batch. Every event reads and writes its entity's
 * state; on RocksDB each read deserializes, each write serializes and lands in the memtable, to be flushed and
 * compacted. Through the cache an entity's value is read from the backend once per checkpoint interval and written back
 * once, when the operator snapshots its state (before the keyed state is snapshotted, so every checkpoint has it), or
 * earlier when the cache holds more than {@link #MAX_ENTRIES}. Nothing is lost on a failure: the job restarts from the
 * checkpoint, which has everything written before it.
 *
 * <p>A function wraps its state in {@code open}: {@code state = StateCache.value(getRuntimeContext().getState(d))}. An
 * operator that supports it (the per-entity operator, {@link EntityOperator}, and the player operator) opens the
 * function within {@link #opening} and calls {@link #writeBack} when it snapshots its state; run by any other operator
 * (a unit test's) the function gets the state itself. The cached values are the objects the function reads and changes,
 * as on Flink's heap backend; what it writes ({@code update}, {@code put}, {@code remove}, {@code clear}) is written
 * back. A cached map holds no null values; its entries are the backend's overlaid with the cached ones.
 */
public final class StateCache {
    /** The bound on cached entries; past it everything is written back and the cache starts empty. */
    static final int MAX_ENTRIES = 200_000;

    private static final ThreadLocal<StateCache> OPENING = new ThreadLocal<>();

    private final KeyContext keys;
    private final List<Cached> cached = new ArrayList<>();
    private int entries;
    private final Counter writeBacks;
    private long lastWriteBackMs;

    private StateCache(KeyContext keys, MetricGroup metrics) {
        this.keys = keys;
        // what an operator of the job wants to see: how much the cache holds, and what writing it back costs
        metrics.gauge("stateCacheEntries", () -> entries);
        writeBacks = metrics.counter("stateCacheWriteBacks");
        metrics.gauge("stateCacheLastWriteBackMs", () -> lastWriteBackMs);
    }

    /**
     * A cache for the keyed operator {@code keys}, which calls {@link #opening}, {@link #writeBack} and {@link #isFull};
     * its metrics in {@code metrics}.
     */
    public static StateCache of(KeyContext keys, MetricGroup metrics) {
        return new StateCache(keys, metrics);
    }

    /** {@code state}, cached when opened within a cache's {@link #opening}. */
    public static <V> ValueState<V> value(ValueState<V> state) {
        StateCache cache = OPENING.get();
        return cache == null ? state : cache.add(new CachedValue<>(state, cache));
    }

    /** {@code state}, cached when opened within a cache's {@link #opening}. */
    public static <K, V> MapState<K, V> map(MapState<K, V> state) {
        StateCache cache = OPENING.get();
        return cache == null ? state : cache.add(new CachedMap<>(state, cache));
    }

    /** Runs {@code open} (a function's opening) with this cache taking the states it wraps. */
    public void opening(ThrowingRunnable open) throws Exception {
        OPENING.set(this);
        try {
            open.run();
        } finally {
            OPENING.remove();
        }
    }

    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Whether the cache holds more than {@link #MAX_ENTRIES}: then write it back before the next record. */
    public boolean isFull() {
        return entries > MAX_ENTRIES;
    }

    /** Writes every changed entry back to its state and empties the cache (the current key stays the same). */
    public void writeBack() throws Exception {
        long start = System.nanoTime();
        Object current = keys.getCurrentKey();
        for (Cached c : cached) c.writeBack();
        entries = 0;
        if (current != null) keys.setCurrentKey(current);
        writeBacks.inc();
        lastWriteBackMs = (System.nanoTime() - start) / 1_000_000;
    }

    private <C extends Cached> C add(C c) {
        cached.add(c);
        return c;
    }

    private interface Cached {
        void writeBack() throws Exception;
    }

    /**
     * A value as last read or written, whether it was written, and whether the backend may hold one: an entry read as
     * absent, then written and removed within the interval (a held event released before the checkpoint), costs the
     * backend nothing.
     */
    private static final class Slot<V> {
        V value;
        boolean written;
        final boolean inBackend;

        Slot(V value, boolean written, boolean inBackend) {
            this.value = value;
            this.written = written;
            this.inBackend = inBackend;
        }

        /** Whether writing it back changes the backend. */
        boolean changes() {
            return written && (value != null || inBackend);
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
                V stored = state.value();
                slot = new Slot<>(stored, false, stored != null);
                slots.put(key, slot);
                cache.entries++;
            }
            return slot.value;
        }

        @Override
        public void update(V value) {
            Slot<V> slot = slots.get(cache.keys.getCurrentKey());
            if (slot == null) {
                slots.put(cache.keys.getCurrentKey(), new Slot<>(value, true, true));
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
                if (!slot.changes()) continue;
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
        private final Map<Object, Entity<K, V>> entities = new HashMap<>();

        /**
         * An entity's cached entries, and whether the backend held none of its entries when the interval first read it:
         * then a key not cached is absent without a lookup, and an entry removed is dropped, not kept to be written
         * back as a removal (a player's held events come and go by the hundred between checkpoints).
         */
        private static final class Entity<K, V> {
            final Map<K, Slot<V>> slots = new HashMap<>();
            final boolean backendEmpty;

            Entity(boolean backendEmpty) {
                this.backendEmpty = backendEmpty;
            }
        }

        CachedMap(MapState<K, V> state, StateCache cache) {
            this.state = state;
            this.cache = cache;
        }

        private Entity<K, V> ofCurrentKey() throws Exception {
            Object key = cache.keys.getCurrentKey();
            Entity<K, V> entity = entities.get(key);
            if (entity == null) {
                entity = new Entity<>(state.isEmpty());
                entities.put(key, entity);
            }
            return entity;
        }

        @Override
        public V get(K key) throws Exception {
            Entity<K, V> entity = ofCurrentKey();
            Slot<V> slot = entity.slots.get(key);
            if (slot == null) {
                V stored = entity.backendEmpty ? null : state.get(key);
                slot = new Slot<>(stored, false, stored != null);
                entity.slots.put(key, slot);
                cache.entries++;
            }
            return slot.value;
        }

        @Override
        public void put(K key, V value) throws Exception {
            Entity<K, V> entity = ofCurrentKey();
            Slot<V> slot = entity.slots.putIfAbsent(key, new Slot<>(value, true, !entity.backendEmpty));
            if (slot == null) {
                cache.entries++;
            } else {
                slot.value = value;
                slot.written = true;
            }
        }

        @Override
        public void putAll(Map<K, V> map) throws Exception {
            for (Map.Entry<K, V> e : map.entrySet()) put(e.getKey(), e.getValue());
        }

        @Override
        public void remove(K key) throws Exception {
            Entity<K, V> entity = ofCurrentKey();
            Slot<V> slot = entity.slots.get(key);
            if (slot != null && !slot.inBackend) {
                entity.slots.remove(key); // nothing to remove from the backend; a later read finds it absent there too
                cache.entries--;
            } else {
                put(key, null);
            }
        }

        @Override
        public boolean contains(K key) throws Exception {
            return get(key) != null;
        }

        /**
         * The backend's entries overlaid with the cached ones, a list (the caller may change the map meanwhile; an entry
         * read from RocksDB keeps its bytes, so its value stays readable).
         */
        @Override
        public Iterable<Map.Entry<K, V>> entries() throws Exception {
            Entity<K, V> entity = entities.get(cache.keys.getCurrentKey());
            if (entity == null || entity.slots.isEmpty()) return state.entries();
            Map<K, Slot<V>> cached = entity.slots;
            List<Map.Entry<K, V>> all = new ArrayList<>();
            if (!entity.backendEmpty) {
                for (Map.Entry<K, V> e : state.entries()) {
                    if (!cached.containsKey(e.getKey())) all.add(e); // its value is read only if asked for
                }
            }
            for (Map.Entry<K, Slot<V>> e : cached.entrySet()) {
                if (e.getValue().value != null) all.add(Map.entry(e.getKey(), e.getValue().value));
            }
            return all;
        }

        @Override
        public Iterable<K> keys() throws Exception {
            List<K> keys = new ArrayList<>();
            for (Map.Entry<K, V> e : entries()) keys.add(e.getKey());
            return keys;
        }

        @Override
        public Iterable<V> values() throws Exception {
            List<V> values = new ArrayList<>();
            for (Map.Entry<K, V> e : entries()) values.add(e.getValue());
            return values;
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() throws Exception {
            return entries().iterator();
        }

        @Override
        public boolean isEmpty() throws Exception {
            return !entries().iterator().hasNext();
        }

        @Override
        public void clear() {
            entities.remove(cache.keys.getCurrentKey());
            state.clear();
        }

        private void writeBack(Map<K, Slot<V>> entity) throws Exception {
            for (Map.Entry<K, Slot<V>> e : entity.entrySet()) {
                Slot<V> slot = e.getValue();
                if (!slot.changes()) continue;
                if (slot.value == null) state.remove(e.getKey());
                else state.put(e.getKey(), slot.value);
            }
        }

        @Override
        public void writeBack() throws Exception {
            for (Map.Entry<Object, Entity<K, V>> e : entities.entrySet()) {
                cache.keys.setCurrentKey(e.getKey());
                writeBack(e.getValue().slots);
            }
            entities.clear();
        }
    }
}
