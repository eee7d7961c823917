package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PowerShell object with ordered, case-insensitive properties: cmdlet output (typed, e.g.
 * {@code Microsoft.Management.Infrastructure.CimInstance}), [pscustomobject] or a hashtable.
 */
public final class PsObject {

    private final String typeName;
    private final boolean hashtable;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    private PsObject(String typeName, boolean hashtable) {
        this.typeName = typeName;
        this.hashtable = hashtable;
    }

    public static PsObject of(String typeName) {
        return new PsObject(typeName, false);
    }

    public static PsObject hashtable() {
        return new PsObject("System.Collections.Hashtable", true);
    }

    /** Fluent property setter for cmdlet output. */
    public PsObject with(String name, Object value) {
        put(name, value);
        return this;
    }

    public void put(String name, Object value) {
        String k = name.toLowerCase(Locale.ROOT);
        keys.putIfAbsent(k, name);
        values.put(k, value);
    }

    public boolean has(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public Object get(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }

    public Object remove(String name) {
        keys.remove(name.toLowerCase(Locale.ROOT));
        return values.remove(name.toLowerCase(Locale.ROOT));
    }

    public List<String> names() {
        return new ArrayList<>(keys.values());
    }

    public int size() {
        return values.size();
    }

    public String typeName() {
        return typeName;
    }

    public boolean isHashtable() {
        return hashtable;
    }

    /** A [pscustomobject] copy of a hashtable. */
    public PsObject toCustomObject() {
        PsObject o = of("System.Management.Automation.PSCustomObject");
        for (String n : names()) {
            o.put(n, get(n));
        }
        return o;
    }

    public PsObject copy() {
        PsObject o = new PsObject(typeName, hashtable);
        for (String n : names()) {
            o.put(n, get(n));
        }
        return o;
    }

    @Override
    public String toString() {
        if (hashtable) {
            return "System.Collections.Hashtable";
        }
        StringBuilder sb = new StringBuilder("@{");
        String sep = "";
        for (String n : names()) {
            sb.append(sep).append(n).append('=').append(PsConvert.toStr(get(n)));
            sep = "; ";
        }
        return sb.append('}').toString();
    }
}
