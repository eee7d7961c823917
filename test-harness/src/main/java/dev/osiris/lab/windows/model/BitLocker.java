package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** BitLocker state per volume. Thread-safe. */
public final class BitLocker {

    public record Volume(String mountPoint, boolean protectionOn, boolean fullyEncrypted, String encryptionMethod) {
        public Volume withProtection(boolean on) {
            return new Volume(mountPoint, on, fullyEncrypted, encryptionMethod);
        }
    }

    private final Map<String, Volume> volumes = new LinkedHashMap<>();

    public synchronized void put(Volume v) {
        volumes.put(v.mountPoint().toUpperCase(Locale.ROOT), v);
    }

    public synchronized List<Volume> all() {
        return new ArrayList<>(volumes.values());
    }

    public synchronized Optional<Volume> get(String mountPoint) {
        String key = mountPoint.toUpperCase(Locale.ROOT).replace("\\", "");
        return Optional.ofNullable(volumes.get(key.endsWith(":") ? key : key + ":"));
    }
}
