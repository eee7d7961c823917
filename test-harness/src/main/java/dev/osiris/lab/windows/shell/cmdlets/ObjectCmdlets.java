package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Building result objects and small helpers: Add-Member, New-Object, New-TimeSpan, Join-Path, Split-Path. */
final class ObjectCmdlets {

    private ObjectCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Add-Member", ObjectCmdlets::addMember, positional("MemberType", 0, "Type"), positional("Name", 1),
                positional("Value", 2), named("NotePropertyName"), named("NotePropertyValue"),
                named("NotePropertyMembers"), named("InputObject"), flag("PassThru"), flag("Force"));
        r.add("New-Object", ObjectCmdlets::newObject, positional("TypeName", 0), positional("ArgumentList", 1, "Args"),
                named("Property"));
        r.add("New-TimeSpan", ObjectCmdlets::newTimeSpan, positional("Start", 0), positional("End", 1), named("Days"),
                named("Hours"), named("Minutes"), named("Seconds"));
        r.add("Join-Path", c -> {
            String p = c.string("Path").replaceAll("[\\\\/]+$", "");
            c.emit(p + "\\" + c.string("ChildPath").replaceAll("^[\\\\/]+", ""));
        }, positional("Path", 0), positional("ChildPath", 1));
        r.add("Split-Path", ObjectCmdlets::splitPath, positional("Path", 0), flag("Parent"), flag("Leaf"),
                flag("Qualifier"));
    }

    private static void addMember(CmdletCall c) {
        List<Object> targets = c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input();
        for (Object t : targets) {
            if (!(t instanceof PsObject o)) {
                throw c.error("The Windows host emulator adds members to PowerShell objects only.", "NotImplemented",
                        "EmulatorUnsupported");
            }
            if (c.has("NotePropertyMembers")) {
                Object members = c.get("NotePropertyMembers");
                if (members instanceof PsObject h) {
                    h.names().forEach(n -> put(c, o, n, h.get(n)));
                }
            } else if (c.has("NotePropertyName")) {
                put(c, o, c.string("NotePropertyName"), c.get("NotePropertyValue"));
            } else {
                String type = c.string("MemberType");
                if (type == null || !type.equalsIgnoreCase("NoteProperty")) {
                    throw c.error("The Windows host emulator supports Add-Member -MemberType NoteProperty only.",
                            "NotImplemented", "EmulatorUnsupported");
                }
                put(c, o, c.string("Name"), c.get("Value"));
            }
            if (c.flag("PassThru")) {
                c.emit(o);
            }
        }
    }

    private static void put(CmdletCall c, PsObject o, String name, Object value) {
        if (o.has(name) && !c.flag("Force")) {
            throw c.error("Cannot add a member with the name \"" + name + "\" because a member with that name already "
                    + "exists. To overwrite the member anyway, add the Force parameter to your command.",
                    "InvalidOperation", "MemberAlreadyExists");
        }
        o.put(name, value);
    }

    private static void newObject(CmdletCall c) {
        String type = c.string("TypeName").toLowerCase(Locale.ROOT).replace("system.", "");
        switch (type) {
            case "psobject", "management.automation.psobject", "pscustomobject",
                 "management.automation.pscustomobject" -> {
                PsObject o = PsObject.of("System.Management.Automation.PSCustomObject");
                if (c.get("Property") instanceof PsObject h) {
                    h.names().forEach(n -> o.put(n, h.get(n)));
                }
                c.emit(o);
            }
            case "collections.arraylist", "collections.generic.list[string]", "collections.generic.list[object]",
                 "collections.generic.list[psobject]" -> c.emit(new ArrayList<>());
            case "collections.hashtable" -> c.emit(PsObject.hashtable());
            default -> throw c.error("Cannot find type [" + c.string("TypeName") + "]: the Windows host emulator "
                    + "creates PSObject, ArrayList, List and Hashtable only.", "InvalidType", "TypeNotFound");
        }
    }

    private static void newTimeSpan(CmdletCall c) {
        if (c.has("Start") || c.has("End")) {
            LocalDateTime start = c.has("Start") ? PsConvert.toDate(c.get("Start")) : c.now();
            LocalDateTime end = c.has("End") ? PsConvert.toDate(c.get("End")) : c.now();
            c.emit(Duration.between(start, end));
            return;
        }
        long seconds = (c.has("Days") ? c.longValue("Days") * 86400 : 0) + (c.has("Hours") ? c.longValue("Hours") * 3600 : 0)
                + (c.has("Minutes") ? c.longValue("Minutes") * 60 : 0) + (c.has("Seconds") ? c.longValue("Seconds") : 0);
        c.emit(Duration.ofSeconds(seconds));
    }

    private static void splitPath(CmdletCall c) {
        String p = c.string("Path").replace('/', '\\');
        int i = p.lastIndexOf('\\');
        if (c.flag("Leaf")) {
            c.emit(p.substring(i + 1));
        } else if (c.flag("Qualifier")) {
            c.emit(p.length() >= 2 && p.charAt(1) == ':' ? p.substring(0, 2) : "");
        } else {
            c.emit(i <= 0 ? "" : p.substring(0, i == 2 && p.charAt(1) == ':' ? 3 : i));
        }
    }
}
