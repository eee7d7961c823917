package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Variables of one script run (one flat scope), $env: variables and the automatic ones. */
final class PsVariables {

    private final Map<String, Object> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    PsVariables(ShellContext ctx, List<Object> errors) {
        env.put("COMPUTERNAME", ctx.host().name());
        env.put("USERNAME", ctx.userName());
        env.put("USERDOMAIN", ctx.userDomain());
        env.put("USERDNSDOMAIN", ctx.host().dnsDomain().toUpperCase(Locale.ROOT));
        env.put("LOGONSERVER", "\\\\NVDC01");
        env.put("SystemRoot", "C:\\Windows");
        env.put("windir", "C:\\Windows");
        env.put("SystemDrive", "C:");
        env.put("ProgramFiles", "C:\\Program Files");
        env.put("ProgramData", "C:\\ProgramData");
        env.put("ALLUSERSPROFILE", "C:\\ProgramData");
        env.put("PUBLIC", "C:\\Users\\Public");
        env.put("USERPROFILE", "C:\\Users\\" + ctx.userName());
        env.put("APPDATA", "C:\\Users\\" + ctx.userName() + "\\AppData\\Roaming");
        env.put("LOCALAPPDATA", "C:\\Users\\" + ctx.userName() + "\\AppData\\Local");
        env.put("TEMP", "C:\\Windows\\TEMP");
        env.put("TMP", "C:\\Windows\\TEMP");
        env.put("OS", "Windows_NT");
        env.put("PROCESSOR_ARCHITECTURE", "AMD64");
        env.put("PATH", "C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\");
        env.putAll(ctx.environment());
        variables.put("ErrorActionPreference", "Continue");
        variables.put("WarningPreference", "Continue");
        variables.put("VerbosePreference", "SilentlyContinue");
        variables.put("DebugPreference", "SilentlyContinue");
        variables.put("LASTEXITCODE", null);
        PsVersion ps = PsVersion.parse(ctx.host().role().powerShellVersion());
        variables.put("PSVersionTable", PsObject.hashtable().with("PSVersion", ps)
                .with("PSEdition", "Desktop").with("BuildVersion", new PsVersion(10, 0, ps.build(), ps.revision()))
                .with("CLRVersion", PsVersion.parse("4.0.30319.42000")).with("WSManStackVersion", PsVersion.parse("3.0"))
                .with("PSRemotingProtocolVersion", PsVersion.parse("2.3")).with("SerializationVersion", PsVersion.parse("1.1.0.1"))
                .with("PSCompatibleVersions", java.util.List.of(PsVersion.parse("1.0"), PsVersion.parse("2.0"),
                        PsVersion.parse("3.0"), PsVersion.parse("4.0"), PsVersion.parse("5.0"), ps)));
        variables.put("PWD", "C:\\Users\\" + ctx.userName() + "\\Documents");
        variables.put("HOME", "C:\\Users\\" + ctx.userName());
        variables.put("PID", 4242);
        variables.put("Error", errors);
    }

    /** [Environment]::OSVersion.Version: 10.0.build.0 (.NET Framework reports revision 0). */
    static PsVersion osVersion(dev.osiris.lab.windows.model.WindowsHost host) {
        return new PsVersion(10, 0, host.role().build(), 0);
    }

    Object get(String name) {
        String n = stripScope(name);
        if (n.regionMatches(true, 0, "env:", 0, 4)) {
            return env.get(n.substring(4));
        }
        return switch (n.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            case "psitem" -> variables.get("_");
            default -> variables.get(n);
        };
    }

    void set(String name, Object value) {
        String n = stripScope(name);
        if (n.regionMatches(true, 0, "env:", 0, 4)) {
            env.put(n.substring(4), PsConvert.toStr(value));
            return;
        }
        if (n.equalsIgnoreCase("true") || n.equalsIgnoreCase("false") || n.equalsIgnoreCase("null")) {
            throw PsError.of(null, "Cannot overwrite variable " + n + " because it is read-only or constant.",
                    "WriteError", "VariableNotWritable", n);
        }
        variables.put(n, value);
    }

    /** $_ as stored (for save/restore around script blocks). */
    Object underscore() {
        return variables.get("_");
    }

    void setUnderscore(Object value) {
        variables.put("_", value);
    }

    private static String stripScope(String name) {
        for (String scope : new String[]{"global:", "script:", "local:", "private:", "using:", "variable:"}) {
            if (name.regionMatches(true, 0, scope, 0, scope.length())) {
                return name.substring(scope.length());
            }
        }
        return name;
    }
}
