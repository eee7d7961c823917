package dev.osiris.lab.windows.shell.cmdlets;

import dev.osiris.lab.windows.model.Registry;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.model.RegistryValueKind;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;

/** The registry provider behind the *-Item and *-ItemProperty cmdlets. */
final class RegistryItems {

    private RegistryItems() {
    }

    static String canonical(String path) {
        return Registry.canonical(path).orElseThrow();
    }

    static dev.osiris.lab.windows.shell.ps.PsError notFound(CmdletCall c, String path) {
        String shown = Registry.psPath(canonical(path));
        return c.notFound("Cannot find path '" + shown + "' because it does not exist.", shown);
    }


    /** A value as PowerShell returns it (REG_DWORD as a signed Int32). */
    static Object toPs(RegistryValue v) {
        return switch (v.kind()) {
            case DWORD -> (int) (long) (Long) v.data();
            case QWORD -> v.data();
            case MULTI_STRING -> new ArrayList<Object>((List<?>) v.data());
            case BINARY -> {
                List<Object> bytes = new ArrayList<>();
                for (byte b : (byte[]) v.data()) {
                    bytes.add(b & 0xFF);
                }
                yield bytes;
            }
            default -> v.data();
        };
    }

    static RegistryValue fromPs(CmdletCall c, String name, Object value, RegistryValueKind kind) {
        Object v = value instanceof List<?> l && l.size() == 1 && kind != RegistryValueKind.MULTI_STRING
                && kind != RegistryValueKind.BINARY ? l.get(0) : value;
        Object data = switch (kind) {
            case DWORD -> PsConvert.toLong(v) & 0xFFFFFFFFL;
            case QWORD -> PsConvert.toLong(v);
            case MULTI_STRING -> PsConvert.toList(v).stream().map(PsConvert::toStr).toList();
            case BINARY -> {
                List<Object> items = PsConvert.toList(v);
                byte[] b = new byte[items.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) PsConvert.toInt(items.get(i));
                }
                yield b;
            }
            default -> PsConvert.toStr(v);
        };
        return new RegistryValue(name, kind, data);
    }

    static RegistryValueKind kindOf(CmdletCall c, String param, Object value, RegistryValue existing) {
        if (c.has(param)) {
            String t = c.string(param);
            return RegistryValueKind.parse(t).orElseThrow(() -> c.error("Cannot bind parameter '" + param
                    + "'. Cannot convert value \"" + t + "\" to type \"Microsoft.Win32.RegistryValueKind\". Specify one of "
                    + "the following enumerator names and try again: Unknown, String, ExpandString, Binary, DWord, "
                    + "MultiString, QWord, None", "InvalidArgument", "CannotConvertArgumentNoMessage"));
        }
        if (existing != null) {
            return existing.kind();
        }
        if (value instanceof Integer) {
            return RegistryValueKind.DWORD;
        }
        if (value instanceof Long) {
            return RegistryValueKind.QWORD;
        }
        if (value instanceof List<?> l && l.size() > 1) {
            return RegistryValueKind.MULTI_STRING;
        }
        return RegistryValueKind.STRING;
    }

    static PsObject properties(Registry.KeySnapshot key, List<String> only) {
        PsObject o = PsObject.of("System.Management.Automation.PSCustomObject");
        for (RegistryValue v : key.values()) {
            if (only == null || only.stream().anyMatch(n -> Values.matchesAny(v.name(), List.of(n)))) {
                o.put(v.name().isEmpty() ? "(default)" : v.name(), toPs(v));
            }
        }
        addPsProperties(o, key.path());
        return o;
    }

    static void addPsProperties(PsObject o, String path) {
        int sep = path.lastIndexOf('\\');
        o.put("PSPath", "Microsoft.PowerShell.Core\\Registry::" + path);
        o.put("PSParentPath", "Microsoft.PowerShell.Core\\Registry::" + (sep < 0 ? "" : path.substring(0, sep)));
        o.put("PSChildName", path.substring(sep + 1));
        o.put("PSDrive", path.startsWith("HKEY_LOCAL_MACHINE") ? "HKLM" : path.startsWith("HKEY_USERS") ? null : "HKCU");
        o.put("PSProvider", "Microsoft.PowerShell.Core\\Registry");
    }

    static PsObject keyObject(Registry.KeySnapshot key) {
        PsObject o = PsObject.of("Microsoft.Win32.RegistryKey").with("Name", key.path())
                .with("Property", new ArrayList<Object>(key.values().stream().map(RegistryValue::name).toList()))
                .with("SubKeyCount", key.subKeys().size()).with("ValueCount", key.values().size());
        addPsProperties(o, key.path());
        return o;
    }
}
