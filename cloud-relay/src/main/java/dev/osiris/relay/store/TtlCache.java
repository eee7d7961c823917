package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A small read-through cache shared by the event loops. Entries are dropped when the {@link ChangeFeed} announces
 * a change (made by this or any other process over the database) and, as a backstop, after a time to live. While
 * {@code trusted} is false (the feed is not listening, so a change could go unannounced) nothing is cached. A load
 * that started before an invalidation is not cached when it ends, so a stale value never outlives the change that
 * made it stale. Values are plain values, not futures, so that a cached answer never calls back on another event
 * loop.
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private final BooleanSupplier trusted;

    public TtlCache(Duration ttl, int maxEntries, LongSupplier nanoClock, BooleanSupplier trusted) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = nanoClock;
        this.trusted = trusted;
    }

    public TtlCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this(ttl, maxEntries, nanoClock, () -> true);
    }

    public TtlCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** The cached value, or the loader's; a failed load is not cached. */
    public Future<V> get(K key, Function<K, Future<V>> loader) {
        return get(key, loader, value -> true);
    }

    /** As {@link #get(Object, Function)}, keeping a loaded value only when {@code cacheable} accepts it. */
    public Future<V> get(K key, Function<K, Future<V>> loader, Predicate<V> cacheable) {
        if (!trusted.getAsBoolean()) {
            return loader.apply(key);
        }
        Entry<V> entry = entries.get(key);
        long now = clock.getAsLong();
        if (entry != null && entry.expiresAt - now > 0) {
            return Future.succeededFuture(entry.value);
        }
        long loadedAt = generation.get();
        return loader.apply(key).map(value -> {
            if (generation.get() == loadedAt && trusted.getAsBoolean() && cacheable.test(value)) {
                put(key, value);
            }
            return value;
        });
    }

    public void put(K key, V value) {
        if (entries.size() >= maxEntries) {
            entries.clear(); // crude but bounded; a full reload costs one query per key
        }
        entries.put(key, new Entry<>(value, clock.getAsLong() + ttlNanos));
    }

    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    public void invalidateIf(Predicate<V> predicate) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> predicate.test(e.value));
    }

    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
