package dev.osiris.lab.windows.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Windows services with status and start mode. Thread-safe. */
public final class Services {

    public enum Status {
        STOPPED("Stopped", 1), RUNNING("Running", 4), PAUSED("Paused", 7);

        private final String psName;
        private final int value;

        Status(String psName, int value) {
            this.psName = psName;
            this.value = value;
        }

        public String psName() {
            return psName;
        }

        public PsEnumValue asEnum() {
            return new PsEnumValue("System.ServiceProcess.ServiceControllerStatus", psName, value);
        }
    }

    public enum StartMode {
        BOOT("Boot", 0), SYSTEM("System", 1), AUTOMATIC("Automatic", 2), MANUAL("Manual", 3), DISABLED("Disabled", 4);

        private final String psName;
        private final int value;

        StartMode(String psName, int value) {
            this.psName = psName;
            this.value = value;
        }

        public String psName() {
            return psName;
        }

        public PsEnumValue asEnum() {
            return new PsEnumValue("System.ServiceProcess.ServiceStartMode", psName, value);
        }

        public static Optional<StartMode> parse(String text) {
            for (StartMode m : values()) {
                if (m.psName.equalsIgnoreCase(text)) {
                    return Optional.of(m);
                }
            }
            return text.equalsIgnoreCase("AutomaticDelayedStart") ? Optional.of(AUTOMATIC) : Optional.empty();
        }
    }

    public record Service(String name, String displayName, Status status, StartMode startMode) {
        public Service withStatus(Status s) {
            return new Service(name, displayName, s, startMode);
        }

        public Service withStartMode(StartMode m) {
            return new Service(name, displayName, status, m);
        }
    }

    private final Map<String, Service> services = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public synchronized void add(Service service) {
        services.put(service.name(), service);
    }

    /** Deletes a service (sc delete); false if there was none of that name. */
    public synchronized boolean remove(String name) {
        return services.remove(name.toLowerCase(java.util.Locale.ROOT)) != null;
    }

    public synchronized List<Service> all() {
        return new ArrayList<>(services.values());
    }

    public synchronized Optional<Service> get(String name) {
        Service s = services.get(name);
        if (s == null) {
            s = services.values().stream().filter(x -> x.displayName().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
        return Optional.ofNullable(s);
    }

    public synchronized void update(Service service) {
        if (!services.containsKey(service.name())) {
            throw new IllegalArgumentException("no service " + service.name());
        }
        services.put(service.name(), service);
    }

    public synchronized boolean isRunning(String name) {
        return get(name).map(s -> s.status() == Status.RUNNING).orElse(false);
    }
}
