package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Cmdlets by name, their aliases, and which hosts have them (e.g. AD cmdlets on DCs only). */
public final class CmdletRegistry {

    /** A registered cmdlet. */
    public record Entry(String name, List<ParamSpec> params, Cmdlet impl, Predicate<dev.osiris.lab.windows.model.WindowsHost> availableOn) {
    }

    private final Map<String, Entry> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> aliases = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public void add(String name, Cmdlet impl, ParamSpec... params) {
        byName.put(name, new Entry(name, List.of(params), impl, h -> true));
    }

    public void addWhere(Predicate<dev.osiris.lab.windows.model.WindowsHost> availableOn, String name, Cmdlet impl,
                         ParamSpec... params) {
        byName.put(name, new Entry(name, List.of(params), impl, availableOn));
    }

    public void alias(String alias, String target) {
        aliases.put(alias, target);
    }

    public Optional<Entry> find(String name, dev.osiris.lab.windows.model.WindowsHost host) {
        String n = aliases.getOrDefault(name, name);
        Entry e = byName.get(n);
        if (e == null && n.contains("\\")) {
            e = byName.get(n.substring(n.lastIndexOf('\\') + 1));
        }
        return Optional.ofNullable(e).filter(x -> x.availableOn().test(host));
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
