package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.EventLogs;
import dev.osiris.lab.windows.model.PsEnumValue;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.List;
import java.util.Optional;

/** Get-WinEvent, Get-EventLog, Limit-EventLog, Clear-EventLog (minimal). */
final class EventLogCmdlets {

    private EventLogCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-WinEvent", EventLogCmdlets::winEvent, positional("LogName", 0), named("MaxEvents"),
                named("FilterHashtable"), named("ListLog"), flag("Oldest"), named("ProviderName"));
        r.add("Get-EventLog", EventLogCmdlets::eventLog, positional("LogName", 0), named("Newest"), flag("List"),
                named("InstanceId"), named("EntryType"), named("After"), named("Source"));
        r.add("Limit-EventLog", EventLogCmdlets::limit, positional("LogName", 0), named("MaximumSize"),
                named("OverflowAction"), named("RetentionDays"));
        r.add("Clear-EventLog", c -> c.strings("LogName").forEach(n -> c.host().eventLogs().clear(log(c, n).logName(),
                c.host().clock().instant())), positional("LogName", 0));
    }

    private static EventLogs.Settings log(CmdletCall c, String name) {
        return c.host().eventLogs().get(name).orElseThrow(() -> c.notFound("The event log '" + name
                + "' on computer '.' does not exist.", name));
    }

    private static void winEvent(CmdletCall c) {
        if (c.has("ListLog")) {
            for (String n : c.strings("ListLog")) {
                for (EventLogs.Settings s : c.host().eventLogs().all()) {
                    if (Values.matchesAny(s.logName(), List.of(n))) {
                        c.emit(PsObject.of("System.Diagnostics.Eventing.Reader.EventLogConfiguration")
                                .with("LogName", s.logName()).with("MaximumSizeInBytes", s.maxSizeBytes())
                                .with("LogMode", new PsEnumValue("EventLogMode", s.logMode(),
                                        switch (s.logMode()) {
                                            case "AutoBackup" -> 1;
                                            case "Retain" -> 2;
                                            default -> 0;
                                        }))
                                .with("IsEnabled", true).with("RecordCount", c.host().eventLogs().events(s.logName()).size()));
                    }
                }
            }
            return;
        }
        String logName = c.string("LogName");
        List<Object> ids = null;
        if (c.has("FilterHashtable")) {
            Object f = c.get("FilterHashtable");
            if (!(f instanceof PsObject h) || !h.isHashtable()) {
                throw c.error("FilterHashtable must be a hashtable.", "InvalidArgument", "CannotConvertArgument");
            }
            logName = PsConvert.toStr(h.get("LogName"));
            ids = h.has("Id") ? PsConvert.toList(h.get("Id")) : null;
        }
        if (logName == null || logName.isEmpty()) {
            throw c.error("The Windows host emulator needs -LogName or -FilterHashtable @{LogName=...}.", "NotImplemented",
                    "EmulatorUnsupported");
        }
        log(c, logName);
        int max = c.has("MaxEvents") ? c.integer("MaxEvents") : Integer.MAX_VALUE;
        int emitted = 0;
        for (EventLogs.Event e : c.host().eventLogs().events(logName)) {
            if (emitted >= max) {
                break;
            }
            if (ids == null || ids.stream().anyMatch(i -> PsConvert.toInt(i) == e.id())) {
                emitted++;
                c.emit(PsObject.of("System.Diagnostics.Eventing.Reader.EventLogRecord")
                        .with("TimeCreated", Values.date(e.timeCreated())).with("Id", e.id())
                        .with("LevelDisplayName", e.level()).with("ProviderName", e.providerName())
                        .with("LogName", e.logName()).with("Message", e.message()));
            }
        }
        if (emitted == 0) {
            c.writeError(c.error("No events were found that match the specified selection criteria.", "ObjectNotFound",
                    "NoMatchingEventsFound"));
        }
    }

    private static void eventLog(CmdletCall c) {
        if (c.flag("List")) {
            for (EventLogs.Settings s : c.host().eventLogs().all()) {
                c.emit(PsObject.of("System.Diagnostics.EventLog").with("Log", s.logName())
                        .with("MaximumKilobytes", s.maxSizeBytes() / 1024).with("OverflowAction",
                                new PsEnumValue("OverflowAction", s.overflowAction(),
                                        s.overflowAction().equals("DoNotOverwrite") ? -1
                                                : s.overflowAction().equals("OverwriteOlder") ? 1 : 0))
                        .with("MinimumRetentionDays", 0).with("Entries", c.host().eventLogs().events(s.logName()).size()));
            }
            return;
        }
        String logName = c.string("LogName");
        log(c, logName);
        int max = c.has("Newest") ? c.integer("Newest") : Integer.MAX_VALUE;
        int n = 0;
        for (EventLogs.Event e : c.host().eventLogs().events(logName)) {
            if (n >= max) {
                break;
            }
            if (c.has("InstanceId") && !c.strings("InstanceId").contains(String.valueOf(e.id()))) {
                continue;
            }
            n++;
            c.emit(PsObject.of("System.Diagnostics.EventLogEntry").with("Index", n).with("TimeGenerated",
                    Values.date(e.timeCreated())).with("EntryType", e.level()).with("Source", e.providerName())
                    .with("InstanceId", e.id()).with("EventID", e.id()).with("Message", e.message()));
        }
    }

    private static void limit(CmdletCall c) {
        for (String n : c.strings("LogName")) {
            EventLogs.Settings s = log(c, n);
            long size = c.has("MaximumSize") ? c.longValue("MaximumSize") : s.maxSizeBytes();
            String action = Optional.ofNullable(c.string("OverflowAction")).orElse(s.overflowAction());
            if (!List.of("OverwriteAsNeeded", "OverwriteOlder", "DoNotOverwrite").stream().anyMatch(a -> a.equalsIgnoreCase(action))) {
                throw c.error("Cannot bind parameter 'OverflowAction': specify OverwriteAsNeeded, OverwriteOlder or "
                        + "DoNotOverwrite.", "InvalidArgument", "CannotConvertArgumentNoMessage");
            }
            if (size < 65536 || size > 4_294_901_760L) {
                throw c.error("The maximum size must be between 64 KB and 4 GB.", "InvalidArgument", "ArgumentOutOfRange");
            }
            String canonicalAction = List.of("OverwriteAsNeeded", "OverwriteOlder", "DoNotOverwrite").stream()
                    .filter(a -> a.equalsIgnoreCase(action)).findFirst().orElseThrow();
            c.host().eventLogs().put(new EventLogs.Settings(s.logName(), size, canonicalAction));
        }
    }
}
