package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.JsonWriter;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsFormatter;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import dev.osiris.lab.windows.shell.ps.PsOps;
import dev.osiris.lab.windows.shell.ps.ScriptBlock;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Where-Object, ForEach-Object, Select-Object, Sort-Object, Measure-Object, Group-Object, JSON, Format-*. */
final class PipelineCmdlets {

    private static final List<String> WHERE_OPS = List.of("EQ", "NE", "GT", "GE", "LT", "LE", "Like", "NotLike",
            "Match", "NotMatch", "Contains", "NotContains", "In", "NotIn", "CEQ", "CNE", "CLike", "CMatch");

    private PipelineCmdlets() {
    }

    static void register(CmdletRegistry r) {
        List<dev.osiris.lab.windows.shell.ps.ParamSpec> where = new ArrayList<>(List.of(
                positional("FilterScript", 0, "Property"), positional("Value", 1), named("InputObject")));
        WHERE_OPS.forEach(op -> where.add(flag(op)));
        r.add("Where-Object", PipelineCmdlets::where, where.toArray(dev.osiris.lab.windows.shell.ps.ParamSpec[]::new));
        r.add("ForEach-Object", PipelineCmdlets::forEach, positional("Process", 0, "MemberName"), named("Begin"),
                named("End"), named("InputObject"));
        r.add("Select-Object", PipelineCmdlets::select, positional("Property", 0), named("ExpandProperty"),
                named("First"), named("Last"), named("Skip"), flag("Unique"), named("Index"), named("ExcludeProperty"),
                named("InputObject"));
        r.add("Sort-Object", PipelineCmdlets::sort, positional("Property", 0), flag("Descending"), flag("Unique"),
                named("InputObject"));
        r.add("Measure-Object", PipelineCmdlets::measure, positional("Property", 0), flag("Sum"), flag("Average"),
                flag("Maximum"), flag("Minimum"), named("InputObject"));
        r.add("Group-Object", PipelineCmdlets::group, positional("Property", 0), flag("NoElement"), flag("CaseSensitive"),
                named("InputObject"));
        r.add("ConvertTo-Json", PipelineCmdlets::toJson, positional("InputObject", 0), named("Depth"), flag("Compress"),
                flag("AsArray"), flag("EnumsAsStrings"));
        r.add("ConvertFrom-Json", PipelineCmdlets::fromJson, positional("InputObject", 0));
        r.add("Format-List", c -> c.emit(PsFormatter.format(projected(c))), positional("Property", 0));
        r.add("Format-Table", PipelineCmdlets::formatTable, positional("Property", 0), flag("AutoSize"), flag("HideTableHeaders"),
                flag("Wrap"));
        r.add("Select-String", PipelineCmdlets::selectString, positional("Pattern", 0), flag("SimpleMatch"),
                flag("NotMatch"), named("InputObject"), flag("CaseSensitive"), flag("Quiet"));
        r.alias("?", "Where-Object");
        r.alias("where", "Where-Object");
        r.alias("foreach", "ForEach-Object");
        r.alias("%", "ForEach-Object");
        r.alias("select", "Select-Object");
        r.alias("sort", "Sort-Object");
        r.alias("measure", "Measure-Object");
        r.alias("group", "Group-Object");
        r.alias("fl", "Format-List");
        r.alias("ft", "Format-Table");
        r.alias("echo", "Write-Output");
        r.alias("write", "Write-Output");
        r.alias("sleep", "Start-Sleep");
        r.alias("sls", "Select-String");
    }

    static List<Object> items(CmdletCall c) {
        return c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input();
    }

    private static void where(CmdletCall c) {
        Object filter = c.get("FilterScript");
        String op = WHERE_OPS.stream().filter(c::flag).findFirst().orElse(null);
        for (Object item : items(c)) {
            boolean keep;
            if (filter instanceof ScriptBlock sb) {
                keep = PsConvert.toBool(unwrap(c.invoke(sb, item)));
            } else {
                Object v = PsMembers.get(item, PsConvert.toStr(filter));
                if (op == null) {
                    keep = PsConvert.toBool(v);
                } else {
                    keep = compare(op.toLowerCase(), v, c.get("Value"));
                }
            }
            if (keep) {
                c.emit(item);
            }
        }
    }

    private static boolean compare(String op, Object l, Object r) {
        String base = op.startsWith("c") && !op.startsWith("contains") ? op.substring(1) : op;
        return switch (base) {
            case "eq" -> PsOps.equal(l, r, false);
            case "ne" -> !PsOps.equal(l, r, false);
            case "gt" -> PsOps.compare(l, r, false) > 0;
            case "ge" -> PsOps.compare(l, r, false) >= 0;
            case "lt" -> PsOps.compare(l, r, false) < 0;
            case "le" -> PsOps.compare(l, r, false) <= 0;
            case "like" -> PsOps.like(PsConvert.toStr(l), PsConvert.toStr(r), false);
            case "notlike" -> !PsOps.like(PsConvert.toStr(l), PsConvert.toStr(r), false);
            case "match" -> java.util.regex.Pattern.compile(PsConvert.toStr(r), java.util.regex.Pattern.CASE_INSENSITIVE)
                    .matcher(PsConvert.toStr(l)).find();
            case "notmatch" -> !compare("match", l, r);
            case "contains" -> PsConvert.toList(l).stream().anyMatch(x -> PsOps.equal(x, r, false));
            case "notcontains" -> !compare("contains", l, r);
            case "in" -> PsConvert.toList(r).stream().anyMatch(x -> PsOps.equal(x, l, false));
            case "notin" -> !compare("in", l, r);
            default -> false;
        };
    }

    private static Object unwrap(List<Object> items) {
        return items.size() == 1 ? items.get(0) : items;
    }

    private static void forEach(CmdletCall c) {
        if (c.has("Begin")) {
            c.emitAll(c.invoke(c.scriptBlock("Begin"), null));
        }
        Object process = c.get("Process");
        for (Object item : items(c)) {
            if (process instanceof ScriptBlock sb) {
                c.emitAll(c.invoke(sb, item));
            } else if (process != null) {
                Object v = PsMembers.get(item, PsConvert.toStr(process));
                if (v == null && !(item instanceof PsObject)) {
                    v = PsMembers.invoke(item, PsConvert.toStr(process), List.of());
                }
                for (Object o : PsConvert.toList(v)) {
                    c.emit(o);
                }
            }
        }
        if (c.has("End")) {
            c.emitAll(c.invoke(c.scriptBlock("End"), null));
        }
    }

    private static void select(CmdletCall c) {
        List<Object> in = items(c);
        if (c.has("Skip")) {
            in = in.subList(Math.min(in.size(), c.integer("Skip")), in.size());
        }
        if (c.has("First")) {
            in = in.subList(0, Math.min(in.size(), c.integer("First")));
        }
        if (c.has("Last")) {
            in = in.subList(Math.max(0, in.size() - c.integer("Last")), in.size());
        }
        if (c.has("Index")) {
            List<Object> picked = new ArrayList<>();
            for (Object i : PsConvert.toList(c.get("Index"))) {
                int k = PsConvert.toInt(i);
                if (k >= 0 && k < in.size()) {
                    picked.add(in.get(k));
                }
            }
            in = picked;
        }
        List<Object> out = new ArrayList<>();
        for (Object item : in) {
            if (c.has("ExpandProperty")) {
                String prop = c.string("ExpandProperty");
                if (item instanceof PsObject o && !o.has(prop) && !o.isHashtable()) {
                    c.writeError(c.error("Property \"" + prop + "\" cannot be found.", "InvalidArgument",
                            "ExpandPropertyNotFound"));
                    continue;
                }
                out.addAll(PsConvert.toList(PsMembers.get(item, prop)));
            } else if (c.has("Property")) {
                out.add(project(c, item, PsConvert.toList(c.get("Property"))));
            } else {
                out.add(item);
            }
        }
        if (c.flag("Unique")) {
            List<Object> unique = new ArrayList<>();
            for (Object o : out) {
                if (unique.stream().noneMatch(u -> PsConvert.toStr(u).equals(PsConvert.toStr(o)))) {
                    unique.add(o);
                }
            }
            out = unique;
        }
        c.emitAll(out);
    }

    static PsObject project(CmdletCall c, Object item, List<Object> props) {
        String type = item instanceof PsObject o ? o.typeName() : PsMembers.get(item, "GetType") == null ? "Object" : "Object";
        PsObject result = PsObject.of("Selected." + type);
        for (Object p : props) {
            if (p instanceof PsObject h && h.isHashtable()) {
                Object name = first(h, "Name", "N", "Label", "L");
                Object expr = first(h, "Expression", "E");
                Object value = expr instanceof ScriptBlock sb ? unwrapOrNull(c.invoke(sb, item))
                        : PsMembers.get(item, PsConvert.toStr(expr));
                result.put(PsConvert.toStr(name == null ? expr : name), value);
            } else {
                String name = PsConvert.toStr(p);
                if (PsOps.isWildcard(name) && item instanceof PsObject o) {
                    for (String n : o.names()) {
                        if (PsOps.like(n, name, false)) {
                            result.put(n, o.get(n));
                        }
                    }
                } else {
                    String actual = item instanceof PsObject o && o.has(name)
                            ? o.names().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name) : name;
                    result.put(actual, PsMembers.get(item, name));
                }
            }
        }
        return result;
    }

    private static Object first(PsObject h, String... keys) {
        for (String k : keys) {
            if (h.has(k)) {
                return h.get(k);
            }
        }
        return null;
    }

    private static Object unwrapOrNull(List<Object> items) {
        return PsConvert.toList(items).isEmpty() ? null : unwrap(items);
    }

    private static void sort(CmdletCall c) {
        List<Object> in = new ArrayList<>(items(c));
        List<Object> props = c.has("Property") ? PsConvert.toList(c.get("Property")) : List.of();
        Comparator<Object> cmp = (a, b) -> 0;
        if (props.isEmpty()) {
            cmp = (a, b) -> PsOps.compare(a, b, false);
        }
        for (Object p : props) {
            boolean desc = false;
            Object key = p;
            if (p instanceof PsObject h && h.isHashtable()) {
                key = first(h, "Expression", "E");
                desc = PsConvert.toBool(first(h, "Descending"));
            }
            Object k = key;
            Comparator<Object> one = (a, b) -> PsOps.compare(sortKey(c, a, k), sortKey(c, b, k), false);
            cmp = cmp.thenComparing(desc ? one.reversed() : one);
        }
        if (c.flag("Descending")) {
            cmp = cmp.reversed();
        }
        in.sort(cmp);
        if (c.flag("Unique")) {
            List<Object> unique = new ArrayList<>();
            for (Object o : in) {
                if (unique.isEmpty() || !PsOps.equal(unique.get(unique.size() - 1), o, false)) {
                    unique.add(o);
                }
            }
            in = unique;
        }
        c.emitAll(in);
    }

    private static Object sortKey(CmdletCall c, Object item, Object key) {
        if (key instanceof ScriptBlock sb) {
            return unwrapOrNull(c.invoke(sb, item));
        }
        return PsMembers.get(item, PsConvert.toStr(key));
    }

    private static void measure(CmdletCall c) {
        List<Object> in = items(c);
        List<String> props = c.has("Property") ? c.strings("Property") : List.of();
        if (props.isEmpty()) {
            c.emit(measureOne(c, in, null));
        } else {
            for (String p : props) {
                List<Object> values = new ArrayList<>();
                for (Object o : in) {
                    values.add(PsMembers.get(o, p));
                }
                c.emit(measureOne(c, values, p));
            }
        }
    }

    private static PsObject measureOne(CmdletCall c, List<Object> values, String property) {
        PsObject m = PsObject.of("Microsoft.PowerShell.Commands.GenericMeasureInfo").with("Count", values.size());
        boolean any = c.flag("Sum") || c.flag("Average") || c.flag("Maximum") || c.flag("Minimum");
        double sum = 0;
        Object max = null;
        Object min = null;
        for (Object v : values) {
            if (any) {
                sum += PsConvert.toDouble(v);
            }
            if (max == null || PsOps.compare(v, max, false) > 0) {
                max = v;
            }
            if (min == null || PsOps.compare(v, min, false) < 0) {
                min = v;
            }
        }
        m.put("Average", c.flag("Average") && !values.isEmpty() ? sum / values.size() : null);
        m.put("Sum", c.flag("Sum") ? Double.valueOf(sum) : null);
        m.put("Maximum", c.flag("Maximum") ? max : null);
        m.put("Minimum", c.flag("Minimum") ? min : null);
        m.put("Property", property);
        return m;
    }

    /**
     * Groups by the object itself (no -Property), by properties or script blocks, case-insensitively unless
     * -CaseSensitive, in the order groups first appear; Name is the key as text ("a, b" for several properties).
     */
    private static void group(CmdletCall c) {
        List<Object> keys = c.has("Property") ? PsConvert.toList(c.get("Property")) : List.of();
        Map<String, List<Object>> groups = new java.util.LinkedHashMap<>();
        Map<String, String> names = new java.util.HashMap<>();
        Map<String, List<Object>> values = new java.util.HashMap<>();
        for (Object item : items(c)) {
            List<Object> value = new ArrayList<>();
            if (keys.isEmpty()) {
                value.add(item);
            }
            for (Object key : keys) {
                value.add(sortKey(c, item, key));
            }
            String name = String.join(", ", value.stream().map(PsConvert::toStr).toList());
            String id = c.flag("CaseSensitive") ? name : name.toLowerCase(java.util.Locale.ROOT);
            names.putIfAbsent(id, name);
            values.putIfAbsent(id, value);
            groups.computeIfAbsent(id, k -> new ArrayList<>()).add(item);
        }
        groups.forEach((id, members) -> {
            PsObject info = PsObject.of("Microsoft.PowerShell.Commands.GroupInfo").with("Count", members.size())
                    .with("Name", names.get(id)).with("Values", values.get(id));
            c.emit(c.flag("NoElement") ? info : info.with("Group", members));
        });
    }

    private static void toJson(CmdletCall c) {
        Object value = c.has("InputObject") ? c.get("InputObject")
                : c.input().size() == 1 ? c.input().get(0) : c.input().isEmpty() ? null : c.input();
        if (value == null && !c.has("InputObject") && c.input().isEmpty()) {
            return;
        }
        if (c.flag("AsArray") && !(value instanceof List)) {
            value = PsConvert.toList(value);
        }
        int depth = c.has("Depth") ? c.integer("Depth") : 2;
        c.emit(new JsonWriter(depth, c.flag("Compress")).write(value));
    }

    private static void fromJson(CmdletCall c) {
        String text = c.has("InputObject") ? c.string("InputObject")
                : String.join("\n", c.input().stream().map(PsConvert::toStr).toList());
        Object decoded;
        try {
            decoded = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw c.error("Invalid JSON primitive: " + text.strip() + ".", "NotSpecified", "System.ArgumentException");
        }
        Object v = fromJsonValue(decoded);
        if (v instanceof List<?> l) {
            c.emit(l);
        } else {
            c.emit(v);
        }
    }

    private static Object fromJsonValue(Object v) {
        if (v instanceof JsonObject o) {
            PsObject p = PsObject.of("System.Management.Automation.PSCustomObject");
            for (String k : o.fieldNames()) {
                p.put(k, fromJsonValue(o.getValue(k)));
            }
            return p;
        }
        if (v instanceof JsonArray a) {
            List<Object> out = new ArrayList<>();
            a.forEach(x -> out.add(fromJsonValue(x)));
            return out;
        }
        if (v instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : l;
        }
        if (v instanceof Number n && !(v instanceof Integer)) {
            return n.doubleValue() == Math.rint(n.doubleValue()) && !(v instanceof Double) ? n.intValue() : n.doubleValue();
        }
        return v;
    }

    private static Object projected(CmdletCall c) {
        if (!c.has("Property")) {
            return new ArrayList<>(c.input());
        }
        List<Object> out = new ArrayList<>();
        for (Object item : c.input()) {
            out.add(project(c, item, PsConvert.toList(c.get("Property"))));
        }
        return out;
    }

    private static void formatTable(CmdletCall c) {
        List<Object> rows = PsConvert.toList(projected(c));
        if (rows.isEmpty()) {
            return;
        }
        if (!(rows.get(0) instanceof PsObject first) || first.isHashtable()) {
            rows.forEach(r -> c.emit(PsConvert.toStr(r)));
            return;
        }
        List<String> cols = first.names();
        int[] width = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            width[i] = cols.get(i).length();
            for (Object r : rows) {
                width[i] = Math.max(width[i], PsConvert.toStr(PsMembers.get(r, cols.get(i))).length());
            }
        }
        StringBuilder sb = new StringBuilder("\r\n");
        if (!c.flag("HideTableHeaders")) {
            sb.append(row(cols, width)).append("\r\n");
            sb.append(row(cols.stream().map(n -> "-".repeat(n.length())).toList(), width)).append("\r\n");
        }
        for (Object r : rows) {
            sb.append(row(cols.stream().map(n -> PsConvert.toStr(PsMembers.get(r, n))).toList(), width)).append("\r\n");
        }
        c.emit(sb.append("\r\n").toString());
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            sb.append(cell).append(i < cells.size() - 1 ? " ".repeat(width[i] - cell.length() + 1) : "");
        }
        return sb.toString().stripTrailing();
    }

    private static void selectString(CmdletCall c) {
        String pattern = c.string("Pattern");
        boolean any = false;
        for (Object item : items(c)) {
            for (String line : PsConvert.toStr(item).split("\r?\n")) {
                boolean hit = c.flag("SimpleMatch") ? line.toLowerCase().contains(pattern.toLowerCase())
                        : java.util.regex.Pattern.compile(pattern, c.flag("CaseSensitive") ? 0
                        : java.util.regex.Pattern.CASE_INSENSITIVE).matcher(line).find();
                if (hit != c.flag("NotMatch")) {
                    any = true;
                    if (!c.flag("Quiet")) {
                        c.emit(line);
                    }
                }
            }
        }
        if (c.flag("Quiet")) {
            c.emit(any);
        }
    }
}
