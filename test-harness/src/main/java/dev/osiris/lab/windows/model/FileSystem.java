package dev.osiris.lab.windows.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The few text files the lab cares about (the hosts file, exported policy files), keyed by
 * case-insensitive Windows path. Directories are implicit. Thread-safe.
 */
public final class FileSystem {

    public static final String HOSTS = "C:\\Windows\\System32\\drivers\\etc\\hosts";

    private final Map<String, String> files = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

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
        if (files.containsKey(p) || p.matches("(?i)[A-Z]:\\\\?")) {
            return true;
        }
        String prefix = p.toLowerCase(Locale.ROOT) + "\\";
        return files.keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    public synchronized boolean isDirectory(String path) {
        return exists(path) && !files.containsKey(normalize(path));
    }

    public synchronized boolean delete(String path) {
        return files.remove(normalize(path)) != null;
    }
}
