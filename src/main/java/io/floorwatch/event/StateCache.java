package io.floorwatch.event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
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
 *
 * <p>Per event, the key's cached states are found with one lookup (every state's place for the key in one array), and a
 * write-back visits only what changed since the last one.
 */
public final class StateCache {
    /** The bound on cached keys and entries; past it everything is written back and the cache starts empty. */
    static final int MAX_ENTRIES = 200_000;

    private static final ThreadLocal<StateCache> OPENING = new ThreadLocal<>();

    private final KeyContext keys;
    private final List<Cached> cached = new ArrayList<>();
    /** Each key's place in every cached state (a value's {@link Slot}, a map's {@link Entity}), by the state's index. */
    private final Map<Object, Object[]> byKey = new HashMap<>();
    /** The last key looked up, and its places: the states an event touches share one lookup. */
    private Object lastKey;

    private Object[] lastPlaces;
    private int entries;
    /** False on the heap backend: {@link #opening} then wraps nothing. */
    private final boolean enabled;

    private final Counter writeBacks;
    private long lastWriteBackMs;

    private StateCache(KeyContext keys, MetricGroup metrics, boolean enabled) {
        this.keys = keys;
        this.enabled = enabled;
        // what an operator of the job wants to see: how much the cache holds, and what writing it back costs
        metrics.gauge("stateCacheEntries", () -> entries);
        writeBacks = metrics.counter("stateCacheWriteBacks");
        metrics.gauge("stateCacheLastWriteBackMs", () -> lastWriteBackMs);
    }

    /**
     * A cache for the keyed operator {@code operator}, which calls {@link #opening}, {@link #writeBack},
     * {@link #writeBackAndEmpty} and {@link #isFull}. On the heap backend ({@code state.backend: hashmap}) it caches
     * nothing: the state is on the heap already, and that backend's asynchronous snapshots read the very objects a
     * write-back would hand it while the function goes on changing them.
     */
    public static StateCache of(AbstractStreamOperator<?> operator) {
        return new StateCache(
                operator,
                operator.getMetricGroup(),
                !(operator.getKeyedStateBackend() instanceof HeapKeyedStateBackend));
    }

    /** {@code state}, cached when opened within a cache's {@link #opening}. */
    public static <V> ValueState<V> value(ValueState<V> state) {
        StateCache cache = OPENING.get();
        return cache == null ? state : cache.add(new CachedValue<>(state, cache, cache.cached.size()));
    }

    /** {@code state}, cached when opened within a cache's {@link #opening}. */
    public static <K, V> MapState<K, V> map(MapState<K, V> state) {
        StateCache cache = OPENING.get();
        return cache == null ? state : cache.add(new CachedMap<>(state, cache, cache.cached.size()));
    }

    /** Runs {@code open} (a function's opening) with this cache taking the states it wraps. */
    public void opening(ThrowingRunnable open) throws Exception {
        if (!enabled) {
            open.run();
            return;
        }
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
        for (Cached c : cached) c.writeBack();
        if (!keep || entries > MAX_ENTRIES) {
            byKey.clear();
            lastKey = null;
            lastPlaces = null;
            entries = 0;
        }
        if (current != null) keys.setCurrentKey(current);
        writeBacks.inc();
        lastWriteBackMs = (System.nanoTime() - start) / 1_000_000;
    }

    /** The current key's places, made on its first use. */
    private Object[] places() {
        Object key = keys.getCurrentKey();
        if (key == lastKey && lastPlaces != null) return lastPlaces;
        Object[] places = byKey.get(key);
        if (places == null || places.length < cached.size()) {
            places = places == null ? new Object[cached.size()] : Arrays.copyOf(places, cached.size());
            if (byKey.put(key, places) == null) entries++;
        }
        lastKey = key;
        lastPlaces = places;
        return places;
    }

    private <C extends Cached> C add(C c) {
        cached.add(c);
        return c;
    }

    private interface Cached {
        /** Writes back what changed since the last write-back; what it holds is then as the backend has it. */
        void writeBack() throws Exception;
    }

    /**
     * A value as last read or written, whether it was written since the last write-back, and whether the backend may
     * hold one: an entry read as absent, then written and removed before the next write-back (a held event released
     * before the checkpoint), costs the backend nothing. A map's entry listed from the backend keeps the backend's entry
     * ({@code listed}) and reads its value only when asked for.
     */
    private static final class Slot<V> {
        private V value;
        private Map.Entry<?, V> listed;
        boolean written;
        boolean inBackend;

        Slot(V value, boolean inBackend) {
            this.value = value;
            this.inBackend = inBackend;
        }

        /** An entry a listing found in the backend, its value not read yet. */
        static <V> Slot<V> listed(Map.Entry<?, V> entry) {
            Slot<V> slot = new Slot<>(null, true);
            slot.listed = entry;
            return slot;
        }

        V value() {
            if (listed != null) {
                value = listed.getValue();
                listed = null;
            }
            return value;
        }

        void set(V value) {
            this.value = value;
            listed = null;
        }

        /** Absent: read as absent, or removed (a listed entry is present). */
        boolean absent() {
            return listed == null && value == null;
        }

        /** Whether writing it back changes the backend. */
        boolean changes() {
            return written && (!absent() || inBackend);
        }

        void writtenBack() {
            if (!written) return; // as the backend has it (a listed entry not read yet included)
            written = false;
            inBackend = !absent();
        }
    }

    /** What was written since the last write-back (a value's slots, a map's entities), each with its key. */
    private static final class Written<T> {
        final List<T> items = new ArrayList<>();
        final List<Object> keys = new ArrayList<>();

        void add(T item, Object key) {
            items.add(item);
            keys.add(key);
        }

        void clear() {
            items.clear();
            keys.clear();
        }
    }

    private static final class CachedValue<V> implements ValueState<V>, Cached {
        private final ValueState<V> state;
        private final StateCache cache;
        private final int index;
        private final Written<Slot<V>> written = new Written<>();

        CachedValue(ValueState<V> state, StateCache cache, int index) {
            this.state = state;
            this.cache = cache;
            this.index = index;
        }

        @SuppressWarnings("unchecked")
        private Slot<V> slot(Object[] places) {
            return (Slot<V>) places[index];
        }

        @Override
        public V value() throws IOException {
            Object[] places = cache.places();
            Slot<V> slot = slot(places);
            if (slot == null) {
                V stored = state.value();
                slot = new Slot<>(stored, stored != null);
                places[index] = slot;
                cache.entries++;
            }
            return slot.value();
        }

        @Override
        public void update(V value) {
            Object[] places = cache.places();
            Slot<V> slot = slot(places);
            if (slot == null) {
                slot = new Slot<>(value, true);
                places[index] = slot;
                cache.entries++;
            }
            slot.set(value);
            if (!slot.written) written.add(slot, cache.keys.getCurrentKey());
            slot.written = true;
        }

        @Override
        public void clear() {
            update(null);
        }

        @Override
        public void writeBack() throws Exception {
            for (int i = 0; i < written.items.size(); i++) {
                Slot<V> slot = written.items.get(i);
                if (slot.changes()) {
                    cache.keys.setCurrentKey(written.keys.get(i));
                    if (slot.absent()) state.clear();
                    else state.update(slot.value());
                }
                slot.writtenBack(); // a cleared value stays cached as absent
            }
            written.clear();
        }
    }

    private static final class CachedMap<K, V> implements MapState<K, V>, Cached {
        private final MapState<K, V> state;
        private final StateCache cache;
        private final int index;
        private final Written<Entity<K, V>> written = new Written<>();

        /**
         * An entity's cached entries, and whether they are all it has: learned from its first listing, which caches the
         * backend's entries (their values unread) beside the cached ones; everything since goes through the cache. Then
         * a key not cached is absent without a lookup, the entries are listed without reading the backend (a player's
         * timers list its days every minute), and an entry the backend never had is dropped when removed, not kept to be
         * written back as a removal (a player's held events come and go by the hundred between checkpoints).
         */
        private static final class Entity<K, V> {
            final Map<K, Slot<V>> slots = new HashMap<>();
            boolean complete;
            boolean written;
        }

        CachedMap(MapState<K, V> state, StateCache cache, int index) {
            this.state = state;
            this.cache = cache;
            this.index = index;
        }

        /** The current key's entity, made on its first use. */
        private Entity<K, V> entity() {
            Object[] places = cache.places();
            @SuppressWarnings("unchecked")
            Entity<K, V> entity = (Entity<K, V>) places[index];
            if (entity == null) {
                entity = new Entity<>();
                places[index] = entity;
            }
            return entity;
        }

        @Override
        public V get(K key) throws Exception {
            Entity<K, V> entity = entity();
            Slot<V> slot = entity.slots.get(key);
            if (slot == null) {
                if (entity.complete) return null;
                V stored = state.get(key);
                slot = new Slot<>(stored, stored != null);
                entity.slots.put(key, slot);
                cache.entries++;
            }
            return slot.value();
        }

        @Override
        public void put(K key, V value) throws Exception {
            Entity<K, V> entity = entity();
            Slot<V> slot = entity.slots.get(key);
            if (slot == null) {
                slot = new Slot<>(value, !entity.complete);
                entity.slots.put(key, slot);
                cache.entries++;
            }
            slot.set(value);
            slot.written = true;
            if (!entity.written) written.add(entity, cache.keys.getCurrentKey());
            entity.written = true;
        }

        @Override
        public void putAll(Map<K, V> map) throws Exception {
            for (Map.Entry<K, V> e : map.entrySet()) put(e.getKey(), e.getValue());
        }

        @Override
        public void remove(K key) throws Exception {
            Entity<K, V> entity = entity();
            Slot<V> slot = entity.slots.get(key);
            if (slot != null && !slot.inBackend) {
                entity.slots.remove(key); // nothing to remove from the backend; a later read finds it absent there too
                cache.entries--;
            } else if (slot != null || !entity.complete) {
                put(key, null);
            }
        }

        @Override
        public boolean contains(K key) throws Exception {
            Slot<V> slot = entity().slots.get(key);
            return slot == null ? get(key) != null : !slot.absent();
        }

        /**
         * The entity's entries, a list (the caller may change the map meanwhile). The first listing reads the backend's
         * entries and caches those not cached yet, their values read only when asked for (an entry read from RocksDB
         * keeps its bytes, and the listed entry and its slot read the same value object); from then on the cache knows
         * them all.
         */
        @Override
        public Iterable<Map.Entry<K, V>> entries() throws Exception {
            Entity<K, V> entity = entity();
            Map<K, Slot<V>> cached = entity.slots;
            List<Map.Entry<K, V>> all = new ArrayList<>();
            if (!entity.complete) {
                for (Slot<V> slot : cached.values()) slot.inBackend = false; // the listing says which it holds
                for (Map.Entry<K, V> e : state.entries()) {
                    Slot<V> slot = cached.get(e.getKey());
                    if (slot != null) {
                        slot.inBackend = true;
                    } else {
                        cached.put(e.getKey(), Slot.listed(e));
                        cache.entries++;
                    }
                }
                // in an entity known whole, what neither the backend nor the cache holds needs no slot
                for (Iterator<Slot<V>> i = cached.values().iterator(); i.hasNext(); ) {
                    Slot<V> slot = i.next();
                    if (slot.absent() && !slot.inBackend) {
                        i.remove();
                        cache.entries--;
                    }
                }
                entity.complete = true;
            }
            for (Map.Entry<K, Slot<V>> e : cached.entrySet()) {
                Slot<V> slot = e.getValue();
                @SuppressWarnings("unchecked")
                Map.Entry<K, V> listed = (Map.Entry<K, V>) slot.listed;
                if (listed != null) all.add(listed); // the backend's entry: its value read when asked for, once
                else if (slot.value != null) all.add(Map.entry(e.getKey(), slot.value));
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

        /** Empty in the backend now, and known to be: the old entity, if waiting to be written back, has nothing left. */
        @Override
        public void clear() {
            Object[] places = cache.places();
            @SuppressWarnings("unchecked")
            Entity<K, V> old = (Entity<K, V>) places[index];
            if (old != null) {
                cache.entries -= old.slots.size();
                old.slots.clear();
            }
            Entity<K, V> empty = new Entity<>();
            empty.complete = true;
            places[index] = empty;
            state.clear();
        }

        @Override
        public void writeBack() throws Exception {
            for (int i = 0; i < written.items.size(); i++) {
                Entity<K, V> entity = written.items.get(i);
                entity.written = false;
                boolean keySet = false;
                for (Iterator<Map.Entry<K, Slot<V>>> j = entity.slots.entrySet().iterator(); j.hasNext(); ) {
                    Map.Entry<K, Slot<V>> entry = j.next();
                    Slot<V> slot = entry.getValue();
                    if (slot.changes()) {
                        if (!keySet) cache.keys.setCurrentKey(written.keys.get(i));
                        keySet = true;
                        if (slot.absent()) state.remove(entry.getKey());
                        else state.put(entry.getKey(), slot.value());
                    }
                    slot.writtenBack();
                    if (slot.absent()) {
                        j.remove(); // removed from the backend too
                        cache.entries--;
                    }
                }
            }
            written.clear();
        }
    }
}
