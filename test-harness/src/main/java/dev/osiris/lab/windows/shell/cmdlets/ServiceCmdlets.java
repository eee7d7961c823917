package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.Services;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;

/** Get-/Set-/Start-/Stop-/Restart-Service. */
final class ServiceCmdlets {

    private ServiceCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-Service", ServiceCmdlets::get, positional("Name", 0, "ServiceName"), named("DisplayName"),
                named("InputObject"), named("ComputerName"), flag("DependentServices"), flag("RequiredServices"));
        r.add("Set-Service", ServiceCmdlets::set, positional("Name", 0, "ServiceName"), named("StartupType", "StartMode"),
                named("Status"), named("DisplayName"), named("Description"), named("InputObject"), flag("PassThru"),
                flag("Force"));
        r.add("Start-Service", c -> control(c, "start"), positional("Name", 0, "ServiceName"), named("DisplayName"),
                named("InputObject"), flag("PassThru"), flag("Force"));
        r.add("Stop-Service", c -> control(c, "stop"), positional("Name", 0, "ServiceName"), named("DisplayName"),
                named("InputObject"), flag("PassThru"), flag("Force"), flag("NoWait"));
        r.add("Restart-Service", c -> control(c, "restart"), positional("Name", 0, "ServiceName"),
                named("DisplayName"), named("InputObject"), flag("PassThru"), flag("Force"));
        r.add("New-Service", ServiceCmdlets::create, positional("Name", 0), positional("BinaryPathName", 1),
                named("DisplayName"), named("StartupType"), named("Description"), named("Credential"),
                named("DependsOn"));
        r.alias("gsv", "Get-Service");
        r.alias("sasv", "Start-Service");
        r.alias("spsv", "Stop-Service");
    }

    static PsObject toObject(Services.Service s) {
        return PsObject.of("System.ServiceProcess.ServiceController").with("Name", s.name())
                .with("DisplayName", s.displayName()).with("Status", s.status().asEnum())
                .with("StartType", s.startMode().asEnum()).with("ServiceName", s.name())
                .with("CanStop", s.status() == Services.Status.RUNNING).with("ServiceType",
                        new dev.osiris.lab.windows.model.PsEnumValue("System.ServiceProcess.ServiceType", "Win32OwnProcess", 16));
    }

    /** The services named by -Name/-DisplayName/-InputObject/pipeline; writes not-found errors. */
    private static List<Services.Service> resolve(CmdletCall c, boolean allIfNone) {
        List<String> names = new ArrayList<>();
        if (c.has("Name")) {
            names.addAll(c.strings("Name"));
        }
        for (Object o : c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input()) {
            names.add(o instanceof PsObject p ? PsConvert.toStr(PsMembers.get(p, "Name")) : PsConvert.toStr(o));
        }
        List<Services.Service> all = c.host().services().all();
        List<Services.Service> out = new ArrayList<>();
        if (c.has("DisplayName")) {
            for (String d : c.strings("DisplayName")) {
                List<Services.Service> hits = all.stream().filter(s -> Values.matchesAny(s.displayName(), List.of(d))).toList();
                if (hits.isEmpty() && !Values.isWildcard(d)) {
                    c.writeError(c.notFound("Cannot find any service with display name '" + d + "'.", d));
                }
                out.addAll(hits);
            }
            return out;
        }
        if (names.isEmpty()) {
            return allIfNone ? all : out;
        }
        for (String n : names) {
            List<Services.Service> hits = all.stream().filter(s -> Values.matchesAny(s.name(), List.of(n))).toList();
            if (hits.isEmpty() && !Values.isWildcard(n)) {
                c.writeError(c.notFound("Cannot find any service with service name '" + n + "'.", n));
            }
            out.addAll(hits);
        }
        return out;
    }

    private static void get(CmdletCall c) {
        resolve(c, true).forEach(s -> c.emit(toObject(s)));
    }

    /** New-Service: a stopped own-process service; the binary path is not modelled (nothing runs it). */
    private static void create(CmdletCall c) {
        for (String other : List.of("Credential", "DependsOn")) {
            if (c.has(other)) {
                throw c.error("The Windows host emulator does not model New-Service -" + other + ".", "NotImplemented",
                        "EmulatorUnsupported");
            }
        }
        String name = c.string("Name");
        if (!c.has("BinaryPathName")) {
            throw c.error("Cannot process command because of one or more missing mandatory parameters: BinaryPathName.",
                    "InvalidArgument", "MissingMandatoryParameter");
        }
        String t = c.has("StartupType") ? c.string("StartupType") : "Automatic";
        Services.StartMode mode = Services.StartMode.parse(t).orElseThrow(() -> c.error(
                "Cannot bind parameter 'StartupType'. Cannot convert value \"" + t + "\" to type "
                        + "\"System.ServiceProcess.ServiceStartMode\".", "InvalidArgument", "CannotConvertArgumentNoMessage"));
        if (c.host().services().get(name).isPresent()) {
            throw c.error("Service '" + name + " (" + name + ")' cannot be created due to the following error: The specified "
                    + "service already exists", "PermissionDenied", "CouldNotNewService");
        }
        Services.Service created = new Services.Service(name, c.has("DisplayName") ? c.string("DisplayName") : name,
                Services.Status.STOPPED, mode);
        c.host().services().add(created);
        c.emit(toObject(created));
    }

    private static void set(CmdletCall c) {
        for (Services.Service s : resolve(c, false)) {
            Services.Service updated = s;
            if (c.has("StartupType")) {
                String t = c.string("StartupType");
                updated = updated.withStartMode(Services.StartMode.parse(t).orElseThrow(() -> c.error(
                        "Cannot bind parameter 'StartupType'. Cannot convert value \"" + t + "\" to type "
                                + "\"System.ServiceProcess.ServiceStartMode\". Specify one of the following enumerator names "
                                + "and try again: Boot, System, Automatic, Manual, Disabled", "InvalidArgument",
                        "CannotConvertArgumentNoMessage")));
            }
            c.host().services().update(updated);
            if (c.has("Status")) {
                String st = c.string("Status");
                switch (st.toLowerCase()) {
                    case "running" -> start(c, updated);
                    case "stopped" -> c.host().services().update(updated.withStatus(Services.Status.STOPPED));
                    case "paused" -> c.host().services().update(updated.withStatus(Services.Status.PAUSED));
                    default -> throw c.error("Cannot bind parameter 'Status'. Specify one of: Running, Stopped, Paused",
                            "InvalidArgument", "CannotConvertArgumentNoMessage");
                }
            }
            if (c.flag("PassThru")) {
                c.emit(toObject(c.host().services().get(s.name()).orElseThrow()));
            }
        }
    }

    private static void control(CmdletCall c, String op) {
        for (Services.Service s : resolve(c, false)) {
            if (!op.equals("start")) {
                c.host().services().update(s.withStatus(Services.Status.STOPPED));
            }
            if (!op.equals("stop")) {
                start(c, c.host().services().get(s.name()).orElseThrow());
            }
            if (c.flag("PassThru")) {
                c.emit(toObject(c.host().services().get(s.name()).orElseThrow()));
            }
        }
    }

    private static void start(CmdletCall c, Services.Service s) {
        if (s.startMode() == Services.StartMode.DISABLED) {
            c.writeError(c.error("Service '" + s.displayName() + " (" + s.name() + ")' cannot be started due to the "
                    + "following error: Cannot start service " + s.name() + " on computer '.'.", "OpenError",
                    "CouldNotStartService"));
            return;
        }
        c.host().services().update(s.withStatus(Services.Status.RUNNING));
    }
}
