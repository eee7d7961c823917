package dev.osiris.relay.api;

import java.util.Arrays;

/**
 * The signatures seen within the replay window, as 64-bit fingerprints in primitive arrays: no object per entry, so
 * that 400,000 of them (5,000 check-ins/s over a minute) take a few MiB and give the garbage collector nothing to
 * trace. Entries are kept in {@value #SLICES} slices by expiry time, each slice an open-addressing set; a slice is
 * emptied whole when its time comes round again, so an entry may be remembered up to one slice longer than asked
 * (refusing a replay a little longer is safe: a request that old is refused for its timestamp anyway). Thread-safe.
 */
final class ReplayWindow {

    static final int SLICES = 18;

    private final long sliceMillis;
    private final int capacity;
    private final LongSet[] slices = new LongSet[SLICES];
    private final long[] sliceOf = new long[SLICES];
    private int size;

    /**
     * @param window   how far a signed timestamp may lie from now, either way: entries expire within 2 x window
     * @param capacity most entries held; {@link #add} refuses past it
     */
    ReplayWindow(long windowMillis, int capacity) {
        this.sliceMillis = Math.max(1, 2 * windowMillis / (SLICES - 2));
        this.capacity = capacity;
        for (int i = 0; i < SLICES; i++) {
            slices[i] = new LongSet();
            sliceOf[i] = -1;
        }
    }

    enum Added { NEW, SEEN, FULL }

    /** Remembers {@code fingerprint} until {@code expiresAtMillis}, unless it is held already or the window is full. */
    synchronized Added add(long fingerprint, long expiresAtMillis, long nowMillis) {
        for (int i = 0; i < SLICES; i++) {
            if (sliceOf[i] >= 0 && (sliceOf[i] + 1) * sliceMillis <= nowMillis) {
                size -= slices[i].size();
                slices[i].clear();
                sliceOf[i] = -1;
            } else if (slices[i].contains(fingerprint)) {
                return Added.SEEN;
            }
        }
        if (size >= capacity) {
            return Added.FULL;
        }
        long slice = expiresAtMillis / sliceMillis;
        int index = (int) Math.floorMod(slice, (long) SLICES);
        if (sliceOf[index] != slice) {
            size -= slices[index].size();
            slices[index].clear();
            sliceOf[index] = slice;
        }
        slices[index].add(fingerprint);
        size++;
        return Added.NEW;
    }

    synchronized int size() {
        return size;
    }

    /** An open-addressing set of longs (0 stands for empty, so the value 0 is stored as 1). */
    private static final class LongSet {
        private static final int MIN = 64;
        private long[] table = new long[MIN];
        private int count;

        boolean contains(long value) {
            long v = value == 0 ? 1 : value;
            int mask = table.length - 1;
            for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
                long at = table[i];
                if (at == 0) {
                    return false;
                }
                if (at == v) {
                    return true;
                }
            }
        }

        void add(long value) {
            long v = value == 0 ? 1 : value;
            if ((count + 1) * 2 > table.length) {
                grow();
            }
            int mask = table.length - 1;
            for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
                if (table[i] == 0) {
                    table[i] = v;
                    count++;
                    return;
                }
                if (table[i] == v) {
                    return;
                }
            }
        }

        int size() {
            return count;
        }

        void clear() {
            if (table.length > MIN * 16) {
                table = new long[MIN]; // a quiet slice gives its memory back
            } else {
                Arrays.fill(table, 0);
            }
            count = 0;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            count = 0;
            for (long v : old) {
                if (v != 0) {
                    add(v);
                }
            }
        }

        private static int mix(long v) {
            long h = v * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
