package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;

/** ConvertFrom-Csv (e.g. auditpol /r output) and ConvertTo-Csv. */
final class CsvCmdlets {

    private CsvCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("ConvertFrom-Csv", CsvCmdlets::fromCsv, positional("InputObject", 0), named("Delimiter"), named("Header"));
        r.add("ConvertTo-Csv", CsvCmdlets::toCsv, positional("InputObject", 0), flag("NoTypeInformation", "NTI"),
                named("Delimiter"));
    }

    private static void fromCsv(CmdletCall c) {
        char delimiter = c.has("Delimiter") ? c.string("Delimiter").charAt(0) : ',';
        List<String> lines = new ArrayList<>();
        for (Object o : c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input()) {
            for (String line : PsConvert.toStr(o).split("\r?\n")) {
                if (!line.isBlank() && !line.startsWith("#TYPE")) {
                    lines.add(line);
                }
            }
        }
        List<String> header = c.has("Header") ? c.strings("Header") : lines.isEmpty() ? List.of() : split(lines.remove(0), delimiter);
        for (String line : lines) {
            List<String> fields = split(line, delimiter);
            PsObject o = PsObject.of("System.Management.Automation.PSCustomObject");
            for (int i = 0; i < header.size(); i++) {
                o.put(header.get(i), i < fields.size() ? fields.get(i) : null);
            }
            c.emit(o);
        }
    }

    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == delimiter && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static void toCsv(CmdletCall c) {
        List<Object> items = c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input();
        if (items.isEmpty()) {
            return;
        }
        String d = c.has("Delimiter") ? c.string("Delimiter") : ",";
        List<String> names = items.get(0) instanceof PsObject o ? o.names() : List.of("Length");
        if (!c.flag("NoTypeInformation")) {
            c.emit("#TYPE " + (items.get(0) instanceof PsObject o ? o.typeName() : "System.String"));
        }
        c.emit(String.join(d, names.stream().map(n -> "\"" + n + "\"").toList()));
        for (Object item : items) {
            c.emit(String.join(d, names.stream().map(n -> "\"" + PsConvert.toStr(PsMembers.get(item, n))
                    .replace("\"", "\"\"") + "\"").toList()));
        }
    }
}
