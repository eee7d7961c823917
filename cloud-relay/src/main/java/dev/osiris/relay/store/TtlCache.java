package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A small read-through cache shared by the event loops. Entries live for a short time so that changes made by
 * another process (the CLI) show within that time; this process invalidates on its own changes. Values are
 * plain values, not futures, so that a cached answer never calls back on another event loop.
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    public TtlCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = nanoClock;
    }

    public TtlCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** The cached value, or the loader's; a failed load is not cached. */
    public Future<V> get(K key, Function<K, Future<V>> loader) {
        Entry<V> entry = entries.get(key);
        long now = clock.getAsLong();
        if (entry != null && entry.expiresAt - now > 0) {
            return Future.succeededFuture(entry.value);
        }
        return loader.apply(key).map(value -> {
            put(key, value);
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
        entries.remove(key);
    }

    public void invalidateIf(Predicate<V> predicate) {
        entries.values().removeIf(e -> predicate.test(e.value));
    }
}
