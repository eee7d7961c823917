package dev.osiris.lab.windows.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixed volumes with size and free space. Thread-safe. */
public final class Volumes {

    public record Volume(char driveLetter, String label, String fileSystem, long sizeBytes, long freeBytes) {
        public Volume withFree(long free) {
            return new Volume(driveLetter, label, fileSystem, sizeBytes, free);
        }

        public double freePercent() {
            return sizeBytes == 0 ? 0 : 100.0 * freeBytes / sizeBytes;
        }
    }

    private final Map<Character, Volume> volumes = new LinkedHashMap<>();

    public synchronized void put(Volume v) {
        volumes.put(Character.toUpperCase(v.driveLetter()), v);
    }

    public synchronized List<Volume> all() {
        return new ArrayList<>(volumes.values());
    }

    public synchronized Optional<Volume> get(char letter) {
        return Optional.ofNullable(volumes.get(Character.toUpperCase(letter)));
    }
}
