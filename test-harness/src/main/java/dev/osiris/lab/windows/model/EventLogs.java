package dev.osiris.lab.windows.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Event logs: settings (max size, retention) and a few recent events per log. Thread-safe. */
public final class EventLogs {

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
        settings.put(s.logName().toLowerCase(), s);
    }

    public synchronized List<Settings> all() {
        return new ArrayList<>(settings.values());
    }

    public synchronized Optional<Settings> get(String logName) {
        return Optional.ofNullable(settings.get(logName.toLowerCase()));
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
