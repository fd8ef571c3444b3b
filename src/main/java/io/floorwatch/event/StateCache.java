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
 * Keyed state kept on the heap: a per-key cache written back at checkpoints. Every event reads and writes its entity's
 * state; on RocksDB each read deserializes, each write serializes and lands in the memtable, to be flushed and
 * compacted. Through the cache an entity's value is read from the backend once, and what the function changed is written
 * back once per checkpoint interval, when the operator snapshots its state (before the keyed state is snapshotted, so
 * every checkpoint has it). The cache keeps what it holds across checkpoints, up to {@link #MAX_ENTRIES}; past that
 * everything is written back and the cache starts empty. Nothing is lost on a failure: the job restarts from the
 * checkpoint, which has everything written before it.
 *
 * <p>A function wraps its state in {@code open}: {@code state = StateCache.value(getRuntimeContext().getState(d))}. An
 * operator that supports it (the per-entity operator, {@link EntityOperator}, and the player operator) opens the
 * function within {@link #opening}, calls {@link #writeBack} when it snapshots its state, and
 * {@link #writeBackAndEmpty} when full or before anything reads the backend around the cache (a broadcast update's
 * {@code applyToKeyedState}); run by any other operator (a unit test's) the function gets the state itself. The cached
 * values are the objects the function reads and changes, as on Flink's heap backend; what it writes ({@code update},
 * {@code put}, {@code remove}, {@code clear}) is written back. A cached map holds no null values; its entries are the
 * backend's overlaid with the cached ones, or the cached ones alone once the cache knows them all.
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

    /**
     * Writes every changed entry back to its state; the cache keeps what it holds, or starts empty when that is more than
     * {@link #MAX_ENTRIES} (the current key stays the same).
     */
    public void writeBack() throws Exception {
        writeBack(true);
    }

    /** Writes every changed entry back to its state and empties the cache (the current key stays the same). */
    public void writeBackAndEmpty() throws Exception {
        writeBack(false);
    }

    private void writeBack(boolean keep) throws Exception {
        long start = System.nanoTime();
        Object current = keys.getCurrentKey();
        entries = 0;
        for (Cached c : cached) entries += c.writeBack(keep);
        if (entries > MAX_ENTRIES) {
            for (Cached c : cached) c.writeBack(false); // nothing left to write: empties it
            entries = 0;
        }
        if (current != null) keys.setCurrentKey(current);
        writeBacks.inc();
        lastWriteBackMs = (System.nanoTime() - start) / 1_000_000;
    }

    private <C extends Cached> C add(C c) {
        cached.add(c);
        return c;
    }

    private interface Cached {
        /** Writes back what changed; keeps the entries with a value (then as in the backend) or none; returns how many. */
        int writeBack(boolean keep) throws Exception;
    }

    /**
     * A value as last read or written, whether it was written since, and whether the backend may hold one: an entry read
     * as absent, then written and removed before the next write-back (a held event released before the checkpoint),
     * costs the backend nothing.
     */
    private static final class Slot<V> {
        V value;
        boolean written;
        boolean inBackend;

        Slot(V value, boolean written, boolean inBackend) {
            this.value = value;
            this.written = written;
            this.inBackend = inBackend;
        }

        /** Whether writing it back changes the backend. */
        boolean changes() {
            return written && (value != null || inBackend);
        }

        /** Written back: as the backend has it now. Whether it is kept (a removed entry is not). */
        boolean writtenBack() {
            written = false;
            inBackend = value != null;
            return inBackend;
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
        public int writeBack(boolean keep) throws Exception {
            for (Iterator<Map.Entry<Object, Slot<V>>> i = slots.entrySet().iterator(); i.hasNext(); ) {
                Map.Entry<Object, Slot<V>> e = i.next();
                Slot<V> slot = e.getValue();
                if (slot.changes()) {
                    cache.keys.setCurrentKey(e.getKey());
                    if (slot.value == null) state.clear();
                    else state.update(slot.value);
                }
                if (!slot.writtenBack() || !keep) i.remove();
            }
            return slots.size();
        }
    }

    private static final class CachedMap<K, V> implements MapState<K, V>, Cached {
        private final MapState<K, V> state;
        private final StateCache cache;
        private final Map<Object, Entity<K, V>> entities = new HashMap<>();

        /**
         * An entity's cached entries, and whether they are all it has: the backend held none of its entries when the cache
         * first read it, and everything since went through the cache. Then a key not cached is absent without a lookup,
         * the entries are listed without reading the backend, and an entry the backend never had is dropped when
         * removed, not kept to be written back as a removal (a player's held events come and go by the hundred between
         * checkpoints).
         */
        private static final class Entity<K, V> {
            final Map<K, Slot<V>> slots = new HashMap<>();
            final boolean complete;

            Entity(boolean complete) {
                this.complete = complete;
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
                V stored = entity.complete ? null : state.get(key);
                slot = new Slot<>(stored, false, stored != null);
                entity.slots.put(key, slot);
                cache.entries++;
            }
            return slot.value;
        }

        @Override
        public void put(K key, V value) throws Exception {
            Entity<K, V> entity = ofCurrentKey();
            Slot<V> slot = entity.slots.putIfAbsent(key, new Slot<>(value, true, !entity.complete));
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
            if (entity == null || (!entity.complete && entity.slots.isEmpty())) return state.entries();
            Map<K, Slot<V>> cached = entity.slots;
            List<Map.Entry<K, V>> all = new ArrayList<>();
            if (!entity.complete) {
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

        @Override
        public int writeBack(boolean keep) throws Exception {
            int kept = 0;
            for (Iterator<Map.Entry<Object, Entity<K, V>>> i =
                            entities.entrySet().iterator();
                    i.hasNext(); ) {
                Map.Entry<Object, Entity<K, V>> e = i.next();
                Map<K, Slot<V>> slots = e.getValue().slots;
                for (Iterator<Map.Entry<K, Slot<V>>> j = slots.entrySet().iterator(); j.hasNext(); ) {
                    Map.Entry<K, Slot<V>> entry = j.next();
                    Slot<V> slot = entry.getValue();
                    if (slot.changes()) {
                        cache.keys.setCurrentKey(e.getKey());
                        if (slot.value == null) state.remove(entry.getKey());
                        else state.put(entry.getKey(), slot.value);
                    }
                    if (!slot.writtenBack()) j.remove();
                }
                if (!keep) i.remove();
                else kept += Math.max(1, slots.size()); // an entity known to be empty counts too
            }
            return kept;
        }
    }
}
