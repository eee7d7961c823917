package dev.osiris.lab.windows.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The few text files the lab cares about (the hosts file, exported policy files, what lands in a Startup folder),
 * keyed by case-insensitive Windows path. A directory exists when it was created or holds a file. Thread-safe.
 */
public final class FileSystem {

    public static final String HOSTS = "C:\\Windows\\System32\\drivers\\etc\\hosts";

    private final Map<String, String> files = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final java.util.Set<String> directories = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    /** One entry of a directory listing. */
    public record Entry(String path, boolean directory) {
        public String name() {
            return path.substring(path.lastIndexOf('\\') + 1);
        }
    }

    /** Normalises separators, expands %SystemRoot%/%windir% and drops a trailing backslash. */
    public static String normalize(String path) {
        String p = path.trim().replace('/', '\\');
        for (String var : new String[]{"%SystemRoot%", "%windir%", "$env:SystemRoot", "$env:windir"}) {
            int i = p.toLowerCase(Locale.ROOT).indexOf(var.toLowerCase(Locale.ROOT));
            if (i >= 0) {
                p = p.substring(0, i) + "C:\\Windows" + p.substring(i + var.length());
            }
        }
        if (p.toLowerCase(Locale.ROOT).startsWith("filesystem::")) {
            p = p.substring("filesystem::".length());
        }
        while (p.contains("\\\\")) {
            p = p.replace("\\\\", "\\");
        }
        if (p.length() > 3 && p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.length() >= 2 && p.charAt(1) == ':') {
            p = Character.toUpperCase(p.charAt(0)) + p.substring(1);
        }
        return p;
    }

    public synchronized Optional<String> read(String path) {
        return Optional.ofNullable(files.get(normalize(path)));
    }

    public synchronized void write(String path, String content) {
        files.put(normalize(path), content);
    }

    public synchronized void append(String path, String content) {
        files.merge(normalize(path), content, String::concat);
    }

    public synchronized boolean exists(String path) {
        String p = normalize(path);
        if (files.containsKey(p) || directories.contains(p) || p.matches("(?i)[A-Z]:\\\\?")) {
            return true;
        }
        String prefix = p.toLowerCase(Locale.ROOT) + "\\";
        return java.util.stream.Stream.concat(files.keySet().stream(), directories.stream())
                .anyMatch(k -> k.toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    /** Creates a directory (and its parents, implicitly). */
    public synchronized void createDirectory(String path) {
        directories.add(normalize(path));
    }

    /** The files and directories directly in {@code dir}, by name. */
    public synchronized java.util.List<Entry> list(String dir) {
        String prefix = normalize(dir) + "\\";
        Map<String, Entry> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        java.util.stream.Stream.concat(files.keySet().stream(), directories.stream())
                .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))
                .forEach(k -> {
                    String rest = k.substring(prefix.length());
                    int sep = rest.indexOf('\\');
                    String child = prefix + (sep < 0 ? rest : rest.substring(0, sep));
                    out.putIfAbsent(child, new Entry(child, sep >= 0 || !files.containsKey(k)));
                });
        return java.util.List.copyOf(out.values());
    }

    public synchronized boolean isDirectory(String path) {
        return exists(path) && !files.containsKey(normalize(path));
    }

    /** Removes a file; a directory is never removed this way. */

    public synchronized boolean delete(String path) {
        return files.remove(normalize(path)) != null;
    }
}
