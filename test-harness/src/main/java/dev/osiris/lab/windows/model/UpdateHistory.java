package dev.osiris.lab.windows.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Installed hotfixes (Get-HotFix). Thread-safe. */
public final class UpdateHistory {

    public record HotFix(String hotFixId, String description, Instant installedOn, String installedBy) {
    }

    private final List<HotFix> hotFixes = new ArrayList<>();

    public synchronized void add(HotFix fix) {
        hotFixes.add(fix);
    }

    public synchronized List<HotFix> all() {
        return new ArrayList<>(hotFixes);
    }

    /** What {@code wusa /uninstall /kb:N} does; false when that update is not installed. */
    public synchronized boolean remove(String hotFixId) {
        return hotFixes.removeIf(h -> h.hotFixId().equalsIgnoreCase(hotFixId));
    }

    public synchronized void clear() {
        hotFixes.clear();
    }
}
