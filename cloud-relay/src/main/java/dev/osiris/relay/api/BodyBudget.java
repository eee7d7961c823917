package dev.osiris.relay.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all request bodies in flight may take together, shared by every event loop. A body reserves its
 * declared length before a byte of it is read and gives it back when its response has ended or its connection closed.
 */
final class BodyBudget {

    private final long capacity;
    private final AtomicLong reserved = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** @return whether {@code bytes} fit next to what is reserved already; if so they are reserved */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = reserved.get();
            if (bytes > capacity - now) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        return true;
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    long reserved() {
        return reserved.get();
    }
}
