package dev.osiris.protocol.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbooks this build ships, loaded once from {@code runbooks/catalog.txt} on the classpath (one file per
 * line, relative to {@code runbooks/}). A catalog never contains two runbooks with one id.
 */
public final class RunbookCatalog {

    private static final String ROOT = "runbooks/";
    private static volatile RunbookCatalog builtIn;

    private final Map<String, Runbook> byId;
    private final Map<Platform, String> preludes;

    public RunbookCatalog(List<Runbook> runbooks, Map<Platform, String> preludes) {
        Map<String, Runbook> map = new LinkedHashMap<>();
        for (Runbook r : runbooks) {
            if (map.putIfAbsent(r.id(), r) != null) {
                throw new InvalidRunbookException("two runbooks with id " + r.id());
            }
        }
        this.byId = Collections.unmodifiableMap(map);
        this.preludes = Map.copyOf(preludes);
    }

    /** The catalog of this build; throws {@link InvalidRunbookException} if a shipped file is broken. */
    public static RunbookCatalog builtIn() {
        RunbookCatalog c = builtIn;
        if (c == null) {
            synchronized (RunbookCatalog.class) {
                c = builtIn;
                if (c == null) {
                    c = load(RunbookCatalog.class.getClassLoader());
                    builtIn = c;
                }
            }
        }
        return c;
    }

    static RunbookCatalog load(ClassLoader loader) {
        List<Runbook> runbooks = new ArrayList<>();
        for (String line : new String(read(loader, ROOT + "catalog.txt"), StandardCharsets.UTF_8).split("\n")) {
            String file = line.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                runbooks.add(RunbookParser.parse(file, read(loader, ROOT + file)));
            }
        }
        Map<Platform, String> preludes = new java.util.EnumMap<>(Platform.class);
        for (Platform p : Platform.values()) {
            String name = ROOT + p.wire() + "/_prelude." + (p == Platform.WINDOWS ? "ps1" : "sh");
            if (loader.getResource(name) != null) {
                preludes.put(p, new String(read(loader, name), StandardCharsets.UTF_8));
            }
        }
        return new RunbookCatalog(runbooks, preludes);
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new InvalidRunbookException("runbook catalog: " + name + " is listed but not in the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Runbook> all() {
        return List.copyOf(byId.values());
    }

    public List<Runbook> forPlatform(Platform platform) {
        return byId.values().stream().filter(r -> r.platform() == platform).toList();
    }

    public Optional<Runbook> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The script prepended to every script of the platform ({@code _prelude.sh}), or "". */
    public String prelude(Platform platform) {
        return preludes.getOrDefault(platform, "");
    }

    public int size() {
        return byId.size();
    }
}
