package dev.osiris.relay.api;

import java.util.concurrent.ConcurrentHashMap;

/** Open connections per source address, shared by every event loop, with a cap per source. */
final class SourceCounts {

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    SourceCounts(int max) {
        this.max = max;
    }

    /** @return whether {@code source} may open one more connection; if so it is counted */
    boolean tryOpen(String source) {
        boolean[] opened = {false};
        open.compute(source, (s, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            opened[0] = true;
            return count + 1;
        });
        return opened[0];
    }

    void closed(String source) {
        open.computeIfPresent(source, (s, n) -> n <= 1 ? null : n - 1);
    }
}
