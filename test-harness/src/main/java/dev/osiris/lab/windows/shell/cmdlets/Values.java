package dev.osiris.lab.windows.shell.cmdlets;

import dev.osiris.lab.windows.model.PsEnumValue;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsOps;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Small conversions shared by the cmdlets. */
final class Values {

    private Values() {
    }

    static LocalDateTime date(Instant i) {
        return i == null ? null : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime d) {
        return d.toInstant(ZoneOffset.UTC);
    }

    /** NetSecurity GpoBoolean (True = 1, False = 0, NotConfigured = 2). */
    static PsEnumValue gpoBoolean(boolean b) {
        return new PsEnumValue("Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.GpoBoolean",
                b ? "True" : "False", b ? 1 : 0);
    }

    static boolean parseGpoBoolean(CmdletCall c, String param) {
        Object v = c.get(param);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = PsConvert.toStr(v);
        if (s.equalsIgnoreCase("True") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("False") || s.equals("0")) {
            return false;
        }
        throw c.error("Cannot process argument transformation on parameter '" + param + "'. Cannot convert value \""
                + s + "\" to type \"Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.GpoBoolean\". Error: "
                + "\"Unable to match the identifier name " + s + " to a valid enumerator name. Specify one of the "
                + "following enumerator names and try again: False, True, NotConfigured\"", "InvalidData",
                "ParameterArgumentTransformationError");
    }

    /** Whether a name matches any of the given names/wildcards (no filter = match all). */
    static boolean matchesAny(String name, List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            return true;
        }
        return patterns.stream().anyMatch(p -> PsOps.like(name, p, false));
    }

    static boolean isWildcard(String s) {
        return PsOps.isWildcard(s);
    }
}
