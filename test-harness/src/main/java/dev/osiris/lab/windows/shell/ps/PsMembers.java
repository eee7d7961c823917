package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.model.PsEnumValue;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Properties, methods, static members and casts on the values the emulator produces. */
public final class PsMembers {

    private PsMembers() {
    }

    public static Object get(Object target, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (target == null) {
            return null;
        }
        if (n.equals("psobject") && !(target instanceof PsObject po && po.has(name))) {
            return psObjectView(target);
        }
        if (target instanceof PsObject o) {
            if (o.has(name)) {
                return o.get(name);
            }
            if (o.isHashtable()) {
                return switch (n) {
                    case "count" -> o.size();
                    case "keys" -> new ArrayList<Object>(o.names());
                    case "values" -> new ArrayList<>(o.names().stream().map(o::get).toList());
                    default -> null;
                };
            }
            return null;
        }
        if (target instanceof List<?> list) {
            if (n.equals("count") || n.equals("length")) {
                return list.size();
            }
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object v = get(item, name);
                if (v instanceof List<?> l) {
                    out.addAll(l);
                } else if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        if (target instanceof String s) {
            return n.equals("length") ? (Object) s.length() : null;
        }
        if (target instanceof LocalDateTime d) {
            return switch (n) {
                case "year" -> d.getYear();
                case "month" -> d.getMonthValue();
                case "day" -> d.getDayOfMonth();
                case "hour" -> d.getHour();
                case "minute" -> d.getMinute();
                case "second" -> d.getSecond();
                case "millisecond" -> d.getNano() / 1_000_000;
                case "dayofweek" -> dayOfWeek(d);
                case "dayofyear" -> d.getDayOfYear();
                case "date" -> d.toLocalDate().atStartOfDay();
                case "ticks" -> (d.toEpochSecond(ZoneOffset.UTC) + 62_135_596_800L) * 10_000_000L + d.getNano() / 100;
                case "kind" -> "Local";
                case "timeofday" -> Duration.ofNanos(d.toLocalTime().toNanoOfDay());
                default -> null;
            };
        }
        if (target instanceof Duration d) {
            double secs = d.toNanos() / 1e9;
            return switch (n) {
                case "days" -> (int) d.toDays();
                case "hours" -> d.toHoursPart();
                case "minutes" -> d.toMinutesPart();
                case "seconds" -> d.toSecondsPart();
                case "milliseconds" -> d.toMillisPart();
                case "totaldays" -> secs / 86400;
                case "totalhours" -> secs / 3600;
                case "totalminutes" -> secs / 60;
                case "totalseconds" -> secs;
                case "totalmilliseconds" -> secs * 1000;
                case "ticks" -> d.toNanos() / 100;
                default -> null;
            };
        }
        if (target instanceof PsEnumValue e) {
            return n.equals("value__") ? (Object) e.value() : null;
        }
        if (target instanceof PsVersion v) {
            return v.member(n);
        }
        if (target instanceof PsSid sid) {
            return sid.member(n);
        }
        return null;
    }

    /** $x.PSObject: its Properties (Name, Value, MemberType) and TypeNames. */
    private static PsObject psObjectView(Object target) {
        List<Object> props = new ArrayList<>();
        if (target instanceof PsObject o) {
            for (String p : o.names()) {
                props.add(PsObject.of("System.Management.Automation.PSNoteProperty").with("Name", p)
                        .with("Value", o.get(p)).with("MemberType", "NoteProperty")
                        .with("TypeNameOfValue", typeName(o.get(p))));
            }
        }
        List<Object> typeNames = new ArrayList<>();
        typeNames.add(typeName(target));
        return PsObject.of("System.Management.Automation.PSObject").with("Properties", props)
                .with("TypeNames", typeNames).with("BaseObject", target);
    }

    private static PsEnumValue dayOfWeek(LocalDateTime d) {
        String name = d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.US);
        return new PsEnumValue("System.DayOfWeek", name, d.getDayOfWeek().getValue() % 7);
    }

    static void set(Object target, String name, Object value) {
        if (target instanceof PsObject o) {
            if (!o.isHashtable() && !o.has(name)) {
                throw PsError.of(null, "The property '" + name + "' cannot be found on this object. Verify that the "
                        + "property exists and can be set.", "InvalidOperation", "PropertyAssignmentException", name);
            }
            o.put(name, value);
            return;
        }
        throw PsError.of(null, "The property '" + name + "' cannot be found on this object. Verify that the property "
                + "exists and can be set.", "InvalidOperation", "PropertyNotFound", name);
    }

    public static Object invoke(Object target, String name, List<Object> args) {
        String n = name.toLowerCase(Locale.ROOT);
        Object a0 = args.isEmpty() ? null : args.get(0);
        if (n.equals("tostring") && args.isEmpty()) {
            return target instanceof PsObject o && !o.isHashtable() ? "" : PsConvert.toStr(target);
        }
        if (n.equals("gettype") && args.isEmpty()) {
            String t = typeName(target);
            return PsObject.of("System.RuntimeType").with("Name", t.substring(t.lastIndexOf('.') + 1)).with("FullName", t);
        }
        if (n.equals("equals") && args.size() == 1) {
            return PsOps.equal(target, a0, false);
        }
        if (target instanceof PsObject enc && UTF8_ENCODING.equals(enc.typeName())) {
            if (n.equals("getstring")) {
                List<Object> in = PsConvert.toList(a0);
                byte[] bytes = new byte[in.size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) PsConvert.toInt(in.get(i));
                }
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            if (n.equals("getbytes")) {
                List<Object> out = new ArrayList<>();
                for (byte b : PsConvert.toStr(a0).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.add(b & 0xff);
                }
                return out;
            }
        }
        if (target instanceof String s) {
            Object r = StringMethods.invoke(s, n, args);
            if (r != StringMethods.NONE) {
                return r;
            }
        } else if (target instanceof LocalDateTime d) {
            switch (n) {
                case "adddays": return d.plusNanos((long) (PsConvert.toDouble(a0) * 86_400e9));
                case "addhours": return d.plusNanos((long) (PsConvert.toDouble(a0) * 3_600e9));
                case "addminutes": return d.plusNanos((long) (PsConvert.toDouble(a0) * 60e9));
                case "addseconds": return d.plusNanos((long) (PsConvert.toDouble(a0) * 1e9));
                case "addmilliseconds": return d.plusNanos((long) (PsConvert.toDouble(a0) * 1e6));
                case "addmonths": return d.plusMonths(PsConvert.toLong(a0));
                case "addyears": return d.plusYears(PsConvert.toLong(a0));
                case "tostring": return PsFormat.formatDate(d, PsConvert.toStr(a0));
                case "touniversaltime", "tolocaltime": return d;
                case "toshortdatestring": return PsFormat.formatDate(d, "d");
                case "tolongdatestring": return PsFormat.formatDate(d, "D");
                case "subtract": return a0 instanceof LocalDateTime o ? Duration.between(o, d) : d.minus(PsOps.toDuration(a0));
                case "tofiletimeutc", "tofiletime": return (d.toEpochSecond(ZoneOffset.UTC) + 11_644_473_600L) * 10_000_000L;
                default: break;
            }
        } else if (PsConvert.isNumber(target) && n.equals("tostring")) {
            return PsFormat.formatValue(target, PsConvert.toStr(a0));
        } else if (target instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> mutable = (List<Object>) list;
            switch (n) {
                case "contains": return list.stream().anyMatch(x -> PsOps.equal(x, a0, false));
                case "indexof": return indexOf(list, a0);
                case "add":
                    mutable.add(a0);
                    return mutable.size() - 1;
                case "addrange":
                    mutable.addAll(PsConvert.toList(a0));
                    return PsInterpreter.NO_OUTPUT;
                case "remove":
                    int at = indexOf(list, a0);
                    if (at >= 0) {
                        mutable.remove(at);
                    }
                    return PsInterpreter.NO_OUTPUT;
                case "clear":
                    mutable.clear();
                    return PsInterpreter.NO_OUTPUT;
                case "toarray": return new java.util.ArrayList<>(list);
                default: break;
            }
        } else if (target instanceof PsObject o && o.isHashtable()) {
            switch (n) {
                case "containskey": return o.has(PsConvert.toStr(a0));
                case "containsvalue": return o.names().stream().anyMatch(k -> PsOps.equal(o.get(k), a0, false));
                case "add":
                    if (o.has(PsConvert.toStr(a0))) {
                        throw PsError.of(null, "Exception calling \"Add\" with \"2\" argument(s): \"Item has already "
                                + "been added.\"", "NotSpecified", "ArgumentException", PsConvert.toStr(a0));
                    }
                    o.put(PsConvert.toStr(a0), args.size() > 1 ? args.get(1) : null);
                    return PsInterpreter.NO_OUTPUT;
                case "remove":
                    o.remove(PsConvert.toStr(a0));
                    return PsInterpreter.NO_OUTPUT;
                case "getenumerator":
                    List<Object> entries = new ArrayList<>();
                    for (String k : o.names()) {
                        entries.add(PsObject.of("System.Collections.DictionaryEntry").with("Name", k).with("Key", k)
                                .with("Value", o.get(k)));
                    }
                    return entries;
                default: break;
            }
        }
        throw PsError.of(null, "Method invocation failed because [" + typeName(target) + "] does not contain a "
                + "method named '" + name + "'.", "InvalidOperation", "MethodNotFound", name);
    }

    private static int indexOf(List<?> list, Object v) {
        for (int i = 0; i < list.size(); i++) {
            if (PsOps.equal(list.get(i), v, false)) {
                return i;
            }
        }
        return -1;
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "System.String";
        }
        if (v instanceof Integer) {
            return "System.Int32";
        }
        if (v instanceof Long) {
            return "System.Int64";
        }
        if (v instanceof Double) {
            return "System.Double";
        }
        if (v instanceof PsVersion) {
            return "System.Version";
        }
        if (v instanceof PsSid) {
            return "System.Security.Principal.SecurityIdentifier";
        }
        if (v instanceof Boolean) {
            return "System.Boolean";
        }
        if (v instanceof LocalDateTime) {
            return "System.DateTime";
        }
        if (v instanceof Duration) {
            return "System.TimeSpan";
        }
        if (v instanceof List) {
            return "System.Object[]";
        }
        if (v instanceof PsObject o) {
            return o.typeName();
        }
        if (v instanceof PsEnumValue e) {
            return e.typeName();
        }
        if (v instanceof ScriptBlock) {
            return "System.Management.Automation.ScriptBlock";
        }
        return "System.Object";
    }

    static Object staticMember(String type, String name, List<Object> args, boolean call, PsInterpreter interp) {
        String t = normalizeType(type);
        String n = name.toLowerCase(Locale.ROOT);
        Object a0 = args.isEmpty() ? null : args.get(0);
        Object a1 = args.size() > 1 ? args.get(1) : null;
        switch (t + "::" + n) {
            case "datetime::now": return interp.now();
            case "datetime::utcnow": return interp.now();
            case "datetime::today": return interp.now().toLocalDate().atStartOfDay();
            case "datetime::parse": return PsConvert.toDate(a0);
            case "datetime::minvalue": return LocalDateTime.of(1, 1, 1, 0, 0);
            case "datetime::maxvalue": return LocalDateTime.of(9999, 12, 31, 23, 59, 59);
            case "math::round":
                double v = PsConvert.toDouble(a0);
                if (a1 == null) {
                    return Math.rint(v);
                }
                double f = Math.pow(10, PsConvert.toInt(a1));
                return Math.rint(v * f) / f;
            case "math::floor": return Math.floor(PsConvert.toDouble(a0));
            case "math::ceiling": return Math.ceil(PsConvert.toDouble(a0));
            case "math::truncate": return (double) (long) PsConvert.toDouble(a0);
            case "math::abs": return PsConvert.isNumber(a0) && !(a0 instanceof Double)
                    ? PsConvert.narrow(Math.abs(PsConvert.toLong(a0))) : Math.abs(PsConvert.toDouble(a0));
            case "math::max": return PsOps.compare(a0, a1, false) >= 0 ? a0 : a1;
            case "math::min": return PsOps.compare(a0, a1, false) <= 0 ? a0 : a1;
            case "math::pow": return Math.pow(PsConvert.toDouble(a0), PsConvert.toDouble(a1));
            case "math::sqrt": return Math.sqrt(PsConvert.toDouble(a0));
            case "string::isnullorempty": return a0 == null || PsConvert.toStr(a0).isEmpty();
            case "string::isnullorwhitespace": return a0 == null || PsConvert.toStr(a0).isBlank();
            case "string::join": return PsOps.join(args.size() > 2 ? args.subList(1, args.size()) : a1, a0);
            case "string::empty": return "";
            case "string::format": return PsFormat.format(PsConvert.toStr(a0),
                    args.size() == 2 ? PsConvert.toList(a1) : new ArrayList<>(args.subList(1, args.size())));
            case "environment::machinename": return interp.context().host().name();
            case "environment::username": return interp.context().userName();
            case "environment::userdomainname": return interp.context().userDomain();
            case "environment::newline": return "\r\n";
            case "environment::osversion": return PsObject.of("System.OperatingSystem").with("Platform", "Win32NT")
                    .with("ServicePack", "").with("Version", PsVariables.osVersion(interp.context().host()))
                    .with("VersionString", "Microsoft Windows NT " + PsVariables.osVersion(interp.context().host()));
            case "environment::is64bitoperatingsystem": return true;
            case "environment::getenvironmentvariable": return interp.getVariable("env:" + PsConvert.toStr(a0));
            case "net.dns::gethostname": return interp.context().host().name();
            case "int::maxvalue", "int32::maxvalue": return Integer.MAX_VALUE;
            case "int::minvalue", "int32::minvalue": return Integer.MIN_VALUE;
            case "int::parse", "int32::parse": return PsConvert.toInt(a0);
            case "int64::parse", "long::parse": return PsConvert.toLong(a0);
            case "double::parse": return PsConvert.toDouble(a0);
            case "timespan::fromdays": return Duration.ofNanos((long) (PsConvert.toDouble(a0) * 86_400e9));
            case "timespan::fromhours": return Duration.ofNanos((long) (PsConvert.toDouble(a0) * 3_600e9));
            case "timespan::fromminutes": return Duration.ofNanos((long) (PsConvert.toDouble(a0) * 60e9));
            case "timespan::fromseconds": return Duration.ofNanos((long) (PsConvert.toDouble(a0) * 1e9));
            case "timespan::zero": return Duration.ZERO;
            case "guid::newguid": return UUID.randomUUID().toString();
            case "io.file::exists": return interp.context().host().files().read(PsConvert.toStr(a0)).isPresent();
            case "io.file::readalltext": return interp.context().host().files().read(PsConvert.toStr(a0))
                    .orElseThrow(() -> PsError.of(null, "Exception calling \"ReadAllText\" with \"1\" argument(s): \"Could "
                            + "not find file '" + PsConvert.toStr(a0) + "'.\"", "NotSpecified", "FileNotFoundException",
                            PsConvert.toStr(a0)));
            case "io.file::readalllines": return new ArrayList<Object>(List.of(interp.context().host().files()
                    .read(PsConvert.toStr(a0)).orElse("").split("\r?\n")));
            case "io.file::writealltext":
                interp.context().host().files().write(PsConvert.toStr(a0), PsConvert.toStr(a1));
                return PsInterpreter.NO_OUTPUT;
            case "io.directory::exists": return interp.context().host().files().isDirectory(PsConvert.toStr(a0));
            case "io.path::getfilename": return PsConvert.toStr(a0).substring(PsConvert.toStr(a0).lastIndexOf('\\') + 1);
            case "io.path::combine": return PsConvert.toStr(a0).replaceAll("\\\\$", "") + "\\" + PsConvert.toStr(a1);
            case "convert::toint32": return PsConvert.toInt(a0);
            case "convert::toint64": return PsConvert.toLong(a0);
            case "convert::toboolean": return PsConvert.toBool(a0);
            case "convert::tostring": return PsConvert.toStr(a0);
            case "convert::frombase64string": {
                List<Object> bytes = new ArrayList<>();
                for (byte b : java.util.Base64.getMimeDecoder().decode(PsConvert.toStr(a0))) {
                    bytes.add(b & 0xff);
                }
                return bytes;
            }
            case "convert::tobase64string": {
                List<Object> in = PsConvert.toList(a0);
                byte[] bytes = new byte[in.size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) PsConvert.toInt(in.get(i));
                }
                return java.util.Base64.getEncoder().encodeToString(bytes);
            }
            case "text.encoding::utf8": return PsObject.of(UTF8_ENCODING).with("WebName", "utf-8");
            case "console::outputencoding": return PsObject.of(UTF8_ENCODING).with("WebName", "utf-8");
            case "scriptblock::create", "management.automation.scriptblock::create": {
                String text = PsConvert.toStr(a0);
                return new ScriptBlock(PsParser.parse(text), text);
            }
            default: break;
        }
        if (!KNOWN_TYPES.contains(t)) {
            throw PsError.of(null, "Unable to find type [" + type + "].", "InvalidOperation", "TypeNotFound", type);
        }
        throw PsError.of(null, (call ? "Method invocation failed because [" + type + "] does not contain a method named '"
                : "The emulator does not know the static property '") + name + "'.", "InvalidOperation",
                "MethodNotFound", name);
    }

    static final String UTF8_ENCODING = "System.Text.UTF8Encoding";

    /**
     * Assigns a static property. Only {@code [Console]::OutputEncoding} is accepted (and ignored: the emulator's
     * output is UTF-8 already), which is what scripts set before writing non-ASCII text.
     */
    static void setStatic(String type, String name, Object value) {
        String key = normalizeType(type) + "::" + name.toLowerCase(Locale.ROOT);
        if (!key.equals("console::outputencoding") && !key.equals("console::inputencoding")) {
            throw PsError.of(null, "The emulator cannot set the static property [" + type + "]::" + name + ".",
                    "InvalidOperation", "PropertyAssignmentException", name);
        }
    }

    private static final List<String> KNOWN_TYPES = List.of("text.encoding", "console", "scriptblock","datetime", "math", "string", "environment", "net.dns",
            "int", "int32", "int64", "long", "double", "timespan", "guid", "io.path", "convert", "bool", "object", "io.file", "io.directory");

    static String normalizeType(String type) {
        String t = type.toLowerCase(Locale.ROOT).trim();
        return t.startsWith("system.") ? t.substring(7) : t;
    }

    static Object cast(String type, Object v, PsInterpreter interp) {
        String t = normalizeType(type);
        if (t.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            List<Object> out = new ArrayList<>();
            for (Object o : PsConvert.toList(v)) {
                out.add(element.equalsIgnoreCase("object") ? o : cast(element, o, interp));
            }
            return out;
        }
        return switch (t) {
            case "int", "int32", "int16", "byte", "uint32", "int64", "long", "uint64" -> {
                Number n = PsConvert.toNumber(v);
                long l = n instanceof Double d ? (long) Math.rint(d) : n.longValue();
                yield t.contains("64") || t.equals("long") ? (Object) l : (Object) (int) l;
            }
            case "double", "decimal", "single", "float" -> PsConvert.toDouble(v);
            case "string" -> v == null ? "" : PsConvert.toStr(v);
            case "bool", "boolean" -> PsConvert.toBool(v);
            case "datetime" -> PsConvert.toDate(v);
            case "timespan" -> PsOps.toDuration(v);
            case "array" -> PsConvert.toList(v);
            case "hashtable", "collections.hashtable", "ordered", "collections.specialized.ordereddictionary" -> {
                if (v instanceof PsObject o && o.isHashtable()) {
                    yield o;
                }
                throw PsError.of(null, "Cannot convert the value to type \"System.Collections.Hashtable\".",
                        "InvalidArgument", "ConvertToFinalInvalidCastException", type);
            }
            case "pscustomobject", "management.automation.pscustomobject", "psobject" ->
                    v instanceof PsObject o && o.isHashtable() ? o.toCustomObject() : v;
            case "void" -> PsInterpreter.NO_OUTPUT;
            case "version" -> v instanceof PsVersion ver ? ver : PsVersion.parse(PsConvert.toStr(v));
            case "security.principal.securityidentifier" -> v instanceof PsSid sid ? sid : new PsSid(PsConvert.toStr(v));
            case "guid", "regex", "ipaddress", "net.ipaddress", "uri" -> PsConvert.toStr(v);
            case "char" -> PsConvert.toStr(v).isEmpty() ? "" : PsConvert.toStr(v).substring(0, 1);
            case "object" -> v;
            default -> throw PsError.of(null, "Unable to find type [" + type + "].", "InvalidOperation",
                    "TypeNotFound", type);
        };
    }
}
