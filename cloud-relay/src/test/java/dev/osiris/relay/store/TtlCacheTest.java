package dev.osiris.relay.store;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TtlCacheTest {

    private final AtomicInteger loads = new AtomicInteger();
    private final TtlCache<String, String> cache = new TtlCache<>(Duration.ofMinutes(5), 10, () -> 0L, () -> true);

    private Future<String> load(String key) {
        loads.incrementAndGet();
        return Future.succeededFuture(key + "#" + loads.get());
    }

    @Test
    void aLoadedValueIsServedFromTheCacheUntilInvalidated() {
        assertThat(cache.get("a", this::load).result()).isEqualTo("a#1");
        assertThat(cache.get("a", this::load).result()).isEqualTo("a#1");
        cache.invalidate("a");
        assertThat(cache.get("a", this::load).result()).isEqualTo("a#2");
    }

    @Test
    void aValueTheCallerDoesNotAcceptAsCacheableIsLoadedEveryTime() {
        assertThat(cache.get("a", this::load, v -> false).result()).isEqualTo("a#1");
        assertThat(cache.get("a", this::load, v -> false).result()).isEqualTo("a#2");
        assertThat(cache.size()).isZero();
    }
}
