package dev.osiris.lab.windows.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry of one host: HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER (the WinRM session's own hive) and HKEY_USERS
 * (the hives of the other users who are logged on, by SID) trees of keys and values.
 * Paths may be given as PowerShell ({@code HKLM:\SOFTWARE}), reg.exe ({@code HKLM\SOFTWARE}) or
 * provider ({@code Registry::HKEY_LOCAL_MACHINE\SOFTWARE}) paths; names are case-insensitive.
 * Thread-safe (one monitor).
 */
public final class Registry {

    /** A key's content at one moment. */
    public record KeySnapshot(String path, List<String> subKeys, List<RegistryValue> values) {
        public String name() {
            return path.substring(path.lastIndexOf('\\') + 1);
        }
    }

    private static final Map<String, String> HIVES = Map.of(
            "HKLM", "HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE",
            "HKCU", "HKEY_CURRENT_USER", "HKEY_CURRENT_USER", "HKEY_CURRENT_USER",
            "HKU", "HKEY_USERS", "HKEY_USERS", "HKEY_USERS");

    private final Map<String, Node> roots = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public Registry() {
        roots.put("HKEY_LOCAL_MACHINE", new Node("HKEY_LOCAL_MACHINE"));
        roots.put("HKEY_CURRENT_USER", new Node("HKEY_CURRENT_USER"));
        roots.put("HKEY_USERS", new Node("HKEY_USERS"));
    }

    /** Whether the text looks like a registry path this model understands. */
    public static boolean isRegistryPath(String path) {
        return canonical(path).isPresent();
    }

    /** {@code HKEY_LOCAL_MACHINE\A\B} for any accepted spelling, or empty if it is no registry path. */
    public static Optional<String> canonical(String path) {
        String p = path.trim().replace('/', '\\');
        int providerIdx = p.toLowerCase(Locale.ROOT).indexOf("registry::");
        if (providerIdx >= 0) {
            p = p.substring(providerIdx + "registry::".length());
        }
        int sep = p.indexOf('\\');
        String hive = sep < 0 ? p : p.substring(0, sep);
        String rest = sep < 0 ? "" : p.substring(sep + 1);
        if (hive.endsWith(":")) {
            hive = hive.substring(0, hive.length() - 1);
            if (hive.equalsIgnoreCase("HKU") || hive.equalsIgnoreCase("HKEY_USERS")) {
                return Optional.empty();   // PowerShell has no HKU: drive (Registry::HKEY_USERS is the way in)
            }
        }
        String root = HIVES.get(hive.toUpperCase(Locale.ROOT));
        if (root == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String part : rest.split("\\\\")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return Optional.of(parts.isEmpty() ? root : root + "\\" + String.join("\\", parts));
    }

    /** The PowerShell drive form of a canonical path ({@code HKLM:\SOFTWARE}). */
    public static String psPath(String canonicalPath) {
        if (canonicalPath.startsWith("HKEY_USERS")) {
            // PowerShell has no drive for HKEY_USERS: the provider path is what it shows
            return "Registry::" + canonicalPath;
        }
        String drive = canonicalPath.startsWith("HKEY_LOCAL_MACHINE") ? "HKLM:" : "HKCU:";
        int sep = canonicalPath.indexOf('\\');
        return drive + "\\" + (sep < 0 ? "" : canonicalPath.substring(sep + 1));
    }

    public synchronized boolean keyExists(String path) {
        return find(path).isPresent();
    }

    public synchronized Optional<KeySnapshot> key(String path) {
        return find(path).map(n -> snapshot(canonicalPathOf(path), n));
    }

    public synchronized Optional<RegistryValue> value(String path, String name) {
        return find(path).map(n -> n.values.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Creates the key (and, if {@code parents}, missing ancestors). Returns false if a parent is missing. */
    public synchronized boolean createKey(String path, boolean parents) {
        String canonical = canonical(path).orElseThrow(() -> new IllegalArgumentException("not a registry path: " + path));
        String[] parts = canonical.split("\\\\");
        Node node = roots.get(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            Node child = node.children.get(parts[i]);
            if (child == null) {
                if (!parents && i < parts.length - 1) {
                    return false;
                }
                child = new Node(parts[i]);
                node.children.put(parts[i], child);
            }
            node = child;
        }
        return true;
    }

    /** Sets a value in an existing key; returns false if the key does not exist. */
    public synchronized boolean setValue(String path, RegistryValue value) {
        Optional<Node> node = find(path);
        node.ifPresent(n -> n.values.put(value.name().toLowerCase(Locale.ROOT), value));
        return node.isPresent();
    }

    /** Convenience for presets: creates the key path and sets the value. */
    public synchronized void put(String path, RegistryValue value) {
        createKey(path, true);
        setValue(path, value);
    }

    public synchronized boolean removeValue(String path, String name) {
        return find(path).map(n -> n.values.remove(name.toLowerCase(Locale.ROOT)) != null).orElse(false);
    }

    /** Removes a key; with {@code recurse=false} only an empty key. Returns false if absent or not empty. */
    public synchronized boolean removeKey(String path, boolean recurse) {
        String canonical = canonical(path).orElse("");
        int sep = canonical.lastIndexOf('\\');
        if (sep < 0) {
            return false;
        }
        Optional<Node> parent = find(canonical.substring(0, sep));
        Optional<Node> node = find(canonical);
        if (parent.isEmpty() || node.isEmpty() || (!recurse && !node.get().children.isEmpty())) {
            return false;
        }
        parent.get().children.remove(canonical.substring(sep + 1));
        return true;
    }

    private String canonicalPathOf(String path) {
        // rebuild with the stored spelling of each key name
        String[] parts = canonical(path).orElseThrow().split("\\\\");
        Node node = roots.get(parts[0]);
        StringBuilder sb = new StringBuilder(node.name);
        for (int i = 1; i < parts.length; i++) {
            node = node.children.get(parts[i]);
            sb.append('\\').append(node.name);
        }
        return sb.toString();
    }

    private Optional<Node> find(String path) {
        Optional<String> canonical = canonical(path);
        if (canonical.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = canonical.get().split("\\\\");
        Node node = roots.get(parts[0]);
        for (int i = 1; i < parts.length && node != null; i++) {
            node = node.children.get(parts[i]);
        }
        return Optional.ofNullable(node);
    }

    private static KeySnapshot snapshot(String path, Node n) {
        return new KeySnapshot(path, List.copyOf(n.children.values().stream().map(c -> c.name).toList()),
                List.copyOf(n.values.values()));
    }

    private static final class Node {
        final String name;
        final Map<String, Node> children = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, RegistryValue> values = new LinkedHashMap<>();

        Node(String name) {
            this.name = name;
        }
    }
}
