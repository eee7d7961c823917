package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsError;
import dev.osiris.lab.windows.shell.ps.PsFormatter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Output, errors, Start-Sleep, Get-Date, Get-Command. */
final class CoreCmdlets {

    private CoreCmdlets() {
    }

    /**
     * Writes a warning, verbose or debug record when the cmdlet's switch (-Verbose, -Debug, -WarningAction) or the
     * preference variable ($VerbosePreference ..., default {@code fallback}) lets it through. Inquire and Stop
     * would prompt or stop, which a non-interactive host cannot model: refused.
     */
    private static void preferenceStream(CmdletCall c, String stream, String fallback) {
        String name = Character.toUpperCase(stream.charAt(0)) + stream.substring(1);
        Object pref = c.interpreter().getVariable(name + "Preference");
        String action = pref == null ? fallback : PsConvert.toStr(pref);
        if (stream.equals("warning") && c.has("WarningAction")) {
            action = c.string("WarningAction");
        } else if (!stream.equals("warning") && c.flag(name)) {
            action = "Continue";
        }
        switch (action.toLowerCase(java.util.Locale.ROOT)) {
            case "continue" -> c.context().output().stream(stream, message(c) + "\r\n");
            case "silentlycontinue", "ignore" -> { }
            default -> throw c.error("The Windows host emulator does not model " + name + " preference '" + action
                    + "' (only Continue, SilentlyContinue and Ignore).", "NotImplemented", "EmulatorUnsupported");
        }
    }

    static void register(CmdletRegistry r) {
        r.add("Write-Output", c -> values(c, "InputObject").forEach(c::emit), positional("InputObject", 0), flag("NoEnumerate"));
        r.add("Write-Host", CoreCmdlets::writeHost, positional("Object", 0), flag("NoNewline"), named("Separator"),
                named("ForegroundColor"), named("BackgroundColor"));
        r.add("Write-Error", c -> c.writeError(dev.osiris.lab.windows.shell.ps.PsError.of("Write-Error",
                message(c), "NotSpecified", "Microsoft.PowerShell.Commands.WriteErrorException", "")),
                positional("Message", 0), named("Category"), named("ErrorId"), named("TargetObject"), named("Exception"));
        r.add("Write-Warning", c -> preferenceStream(c, "warning", "Continue"), positional("Message", 0));
        r.add("Write-Verbose", c -> preferenceStream(c, "verbose", "SilentlyContinue"), positional("Message", 0));
        r.add("Write-Debug", c -> preferenceStream(c, "debug", "SilentlyContinue"), positional("Message", 0));
        r.add("Write-Information", c -> { }, positional("MessageData", 0), named("Tags"));
        r.add("Write-Progress", c -> { }, positional("Activity", 0), positional("Status", 1), named("PercentComplete"),
                flag("Completed"), named("Id"));
        r.add("Out-Null", c -> { }, named("InputObject"));
        r.add("Out-Host", c -> c.input().forEach(v -> c.context().output().stdout(PsFormatter.format(v))), flag("Paging"));
        r.add("Out-Default", c -> c.input().forEach(v -> c.context().output().stdout(PsFormatter.format(v))));
        r.add("Out-String", CoreCmdlets::outString, named("InputObject"), flag("Stream"), named("Width"));
        r.add("Start-Sleep", CoreCmdlets::sleep, positional("Seconds", 0, "s"), named("Milliseconds", "ms"));
        r.add("Get-Date", CoreCmdlets::getDate, positional("Date", 0), named("Format"), named("UFormat"),
                named("Year"), named("Month"), named("Day"), named("Hour"), named("Minute"), named("Second"));
        r.add("Set-Date", CoreCmdlets::setDate, positional("Date", 0), named("Adjust"), named("DisplayHint"));
        r.add("Get-Command", CoreCmdlets::getCommand, positional("Name", 0), named("Module"), named("CommandType"));
        r.add("Set-Variable", c -> c.interpreter().setVariable(c.string("Name"), c.get("Value")),
                positional("Name", 0), positional("Value", 1), named("Scope"), flag("Force"), named("Option"));
        r.add("Get-Variable", c -> c.emit(c.interpreter().getVariable(c.string("Name"))), positional("Name", 0),
                flag("ValueOnly"), named("Scope"));
        r.add("Set-StrictMode", c -> { }, named("Version"), flag("Off"));
        r.add("Set-ExecutionPolicy", c -> { }, positional("ExecutionPolicy", 0), named("Scope"), flag("Force"));
        r.add("Import-Module", CoreCmdlets::importModule, positional("Name", 0), flag("Force"), named("MinimumVersion"),
                flag("Global"), flag("DisableNameChecking"));
        r.add("Get-ExecutionPolicy", c -> c.emit("RemoteSigned"), named("Scope"), flag("List"));
        r.add("Get-Host", c -> c.emit(dev.osiris.lab.windows.shell.ps.PsObject.of("System.Management.Automation.Internal.Host.InternalHost")
                .with("Name", "ServerRemoteHost").with("Version", "1.0.0.0")));
    }

    private static final List<String> MODULES = List.of("Defender", "NetSecurity", "SmbShare", "DnsClient",
            "ScheduledTasks", "BitLocker", "Microsoft.PowerShell.LocalAccounts", "WindowsServerBackup", "CimCmdlets",
            "Dism", "Storage", "Microsoft.PowerShell.Management", "Microsoft.PowerShell.Utility",
            "Microsoft.PowerShell.Security", "Microsoft.PowerShell.Diagnostics", "PKI");

    /** Modules whose cmdlets the emulator has are "loaded"; anything else fails like a missing module. */
    private static void importModule(CmdletCall c) {
        for (String name : c.strings("Name")) {
            boolean known = MODULES.stream().anyMatch(m -> m.equalsIgnoreCase(name))
                    || (name.equalsIgnoreCase("ActiveDirectory") && c.host().isDomainController());
            if (!known) {
                throw c.error("The specified module '" + name + "' was not loaded because no valid module file was "
                        + "found in any module directory.", "ResourceUnavailable", "Modules_ModuleNotFound");
            }
        }
    }

    private static List<Object> values(CmdletCall c, String param) {
        if (c.has(param)) {
            return PsConvert.toList(c.get(param));
        }
        return new ArrayList<>(c.input());
    }

    private static String message(CmdletCall c) {
        if (c.has("Message")) {
            return c.string("Message");
        }
        if (c.has("MessageData")) {
            return c.string("MessageData");
        }
        return String.join(" ", c.input().stream().map(PsConvert::toStr).toList());
    }

    private static void writeHost(CmdletCall c) {
        List<Object> items = c.has("Object") ? PsConvert.toList(c.get("Object")) : new ArrayList<>(c.input());
        String sep = c.has("Separator") ? c.string("Separator") : " ";
        String text = String.join(sep, items.stream().map(PsConvert::toStr).toList());
        c.context().output().stdout(text + (c.flag("NoNewline") ? "" : "\n"));
    }

    private static void outString(CmdletCall c) {
        StringBuilder sb = new StringBuilder();
        List<Object> items = c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input();
        for (Object o : items) {
            sb.append(o instanceof String s ? s + "\r\n" : PsFormatter.format(o));
        }
        if (c.flag("Stream")) {
            for (String line : sb.toString().split("\r\n")) {
                c.emit(line);
            }
        } else {
            c.emit(sb.toString());
        }
    }

    private static void sleep(CmdletCall c) throws InterruptedException {
        Duration d;
        if (c.has("Milliseconds")) {
            d = Duration.ofMillis(c.longValue("Milliseconds"));
        } else if (c.has("Seconds")) {
            d = Duration.ofMillis(Math.round(PsConvert.toDouble(c.get("Seconds")) * 1000));
        } else {
            throw c.error("Cannot process command because of one or more missing mandatory parameters: Seconds.",
                    "InvalidArgument", "MissingMandatoryParameter");
        }
        c.context().sleeper().sleep(d);
    }

    private static void getDate(CmdletCall c) {
        LocalDateTime d = c.has("Date") ? PsConvert.toDate(c.get("Date")) : c.now();
        if (c.has("Year")) {
            d = d.withYear(c.integer("Year"));
        }
        if (c.has("Month")) {
            d = d.withMonth(c.integer("Month"));
        }
        if (c.has("Day")) {
            d = d.withDayOfMonth(c.integer("Day"));
        }
        if (c.has("Hour")) {
            d = d.withHour(c.integer("Hour"));
        }
        if (c.has("Minute")) {
            d = d.withMinute(c.integer("Minute"));
        }
        if (c.has("Second")) {
            d = d.withSecond(c.integer("Second"));
        }
        if (c.has("Format")) {
            c.emit(DateFormat.format(d, c.string("Format")));
        } else if (c.has("UFormat")) {
            c.emit(DateFormat.uformat(d, c.string("UFormat")));
        } else {
            c.emit(d);
        }
    }

    /** Moves the host clock away from its time source (a chaos favourite): recorded as the w32time offset. */
    private static void setDate(CmdletCall c) {
        var time = c.host().time();
        if (c.has("Adjust")) {
            Object v = c.get("Adjust");
            double seconds = v instanceof Duration d ? d.toNanos() / 1e9 : PsConvert.toDouble(v) / 1e7;
            time.setOffsetSeconds(time.offsetSeconds() + seconds);
        } else if (c.has("Date")) {
            LocalDateTime target = PsConvert.toDate(c.get("Date"));
            time.setOffsetSeconds(Duration.between(c.now(), target).toNanos() / 1e9);
        } else {
            throw c.error("Cannot process command because of one or more missing mandatory parameters: Date.",
                    "InvalidArgument", "MissingMandatoryParameter");
        }
        c.emit(c.now());
    }

    private static void getCommand(CmdletCall c) {
        for (String name : c.strings("Name")) {
            boolean found = c.interpreter().commandExists(name);
            if (found) {
                c.emit(dev.osiris.lab.windows.shell.ps.PsObject.of("System.Management.Automation.CmdletInfo")
                        .with("CommandType", "Cmdlet").with("Name", name).with("Source", ""));
            } else {
                c.writeError(PsError.of("Get-Command", "The term '" + name + "' is not recognized as the name of a "
                        + "cmdlet, function, script file, or operable program. Check the spelling of the name, or if a "
                        + "path was included, verify that the path is correct and try again.", "ObjectNotFound",
                        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", name));
            }
        }
    }
}
