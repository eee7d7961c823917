package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Event logs: settings (max size, retention) and a few recent events per log. Settings live where Windows keeps
 * them (HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\LOG: MaxSize, Retention), so cmdlets, wevtutil and
 * reg.exe agree. Thread-safe.
 */
public final class EventLogs {

    static final String KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\";
    private final Registry registry;

    EventLogs(Registry registry) {
        this.registry = registry;
    }

    /** Overwrite policy: OverwriteAsNeeded (Circular), OverwriteOlder, DoNotOverwrite (Retain). */
    public record Settings(String logName, long maxSizeBytes, String overflowAction) {
        public String logMode() {
            return switch (overflowAction) {
                case "DoNotOverwrite" -> "Retain";
                case "OverwriteOlder" -> "AutoBackup";
                default -> "Circular";
            };
        }
    }

    public record Event(String logName, int id, Instant timeCreated, String level, String providerName, String message) {
    }

    private final Map<String, Settings> settings = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();

    public synchronized void put(Settings s) {
        settings.put(s.logName().toLowerCase(Locale.ROOT), new Settings(s.logName(), 0, ""));
        registry.put(KEY + s.logName(), RegistryValue.dword("MaxSize", s.maxSizeBytes()));
        registry.put(KEY + s.logName(), RegistryValue.dword("Retention",
                s.overflowAction().equals("DoNotOverwrite") ? 0xFFFFFFFFL : s.overflowAction().equals("OverwriteOlder")
                        ? 7L * 86400 : 0));
    }

    public synchronized List<Settings> all() {
        return settings.values().stream().map(s -> fromRegistry(s.logName())).toList();
    }

    public synchronized Optional<Settings> get(String logName) {
        Settings known = settings.get(logName.toLowerCase(Locale.ROOT));
        return known == null ? Optional.empty() : Optional.of(fromRegistry(known.logName()));
    }

    private Settings fromRegistry(String logName) {
        long max = registry.value(KEY + logName, "MaxSize").map(RegistryValue::asLong).orElse(20_971_520L);
        long retention = registry.value(KEY + logName, "Retention").map(RegistryValue::asLong).orElse(0L);
        String action = retention == 0 ? "OverwriteAsNeeded" : retention == 0xFFFFFFFFL ? "DoNotOverwrite" : "OverwriteOlder";
        return new Settings(logName, max, action);
    }

    public synchronized void record(Event e) {
        events.add(e);
    }

    /** Newest first. */
    public synchronized List<Event> events(String logName) {
        List<Event> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).logName().equalsIgnoreCase(logName)) {
                out.add(events.get(i));
            }
        }
        return out;
    }

    public synchronized void clear(String logName, Instant now) {
        events.removeIf(e -> e.logName().equalsIgnoreCase(logName));
        if (logName.equalsIgnoreCase("Security")) {
            events.add(new Event("Security", 1102, now, "Information", "Microsoft-Windows-Eventlog",
                    "The audit log was cleared."));
        }
    }
}
