package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.PsEnumValue;
import dev.osiris.lab.windows.model.ScheduledTasks;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;

/** Scheduled tasks: Get-/Register-/Unregister-/Enable-/Disable-ScheduledTask and the New-ScheduledTask* helpers. */
final class TaskCmdlets {

    private TaskCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-ScheduledTask", TaskCmdlets::get, positional("TaskName", 0), named("TaskPath"));
        r.add("New-ScheduledTaskAction", c -> c.emit(PsObject.of("Microsoft.Management.Infrastructure.CimInstance#"
                        + "Root/Microsoft/Windows/TaskScheduler/MSFT_TaskExecAction").with("Execute", c.string("Execute"))
                        .with("Arguments", c.string("Argument")).with("WorkingDirectory", c.string("WorkingDirectory"))),
                named("Execute"), named("Argument"), named("WorkingDirectory"), named("Id"));
        r.add("New-ScheduledTaskTrigger", c -> c.emit(PsObject.of("MSFT_TaskTrigger").with("Enabled", true)),
                flag("AtStartup"), flag("AtLogOn"), flag("Daily"), flag("Weekly"), flag("Once"), named("At"),
                named("DaysOfWeek"), named("DaysInterval"), named("WeeksInterval"), named("RepetitionInterval"),
                named("RepetitionDuration"), named("User"), named("RandomDelay"));
        r.add("New-ScheduledTaskPrincipal", c -> c.emit(PsObject.of("MSFT_TaskPrincipal").with("UserId", c.string("UserId"))),
                named("UserId"), named("LogonType"), named("RunLevel"), named("GroupId"));
        r.add("New-ScheduledTaskSettingsSet", c -> c.emit(PsObject.of("MSFT_TaskSettings")), flag("AllowStartIfOnBatteries"),
                flag("DontStopIfGoingOnBatteries"), flag("StartWhenAvailable"), flag("Hidden"), named("ExecutionTimeLimit"));
        r.add("Register-ScheduledTask", TaskCmdlets::register, positional("TaskName", 0), named("TaskPath"),
                named("Action"), named("Trigger"), named("Principal"), named("Settings"), named("User"), named("Password"),
                named("RunLevel"), named("Description"), flag("Force"), named("InputObject"));
        r.add("Unregister-ScheduledTask", TaskCmdlets::unregister, positional("TaskName", 0), named("TaskPath"),
                named("InputObject"));
        r.add("Disable-ScheduledTask", c -> setEnabled(c, false), positional("TaskName", 0), named("TaskPath"),
                named("InputObject"));
        r.add("Enable-ScheduledTask", c -> setEnabled(c, true), positional("TaskName", 0), named("TaskPath"),
                named("InputObject"));
    }

    static PsObject toObject(ScheduledTasks.Task t) {
        PsObject action = PsObject.of("Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/"
                + "TaskScheduler/MSFT_TaskExecAction").with("Execute", t.execute()).with("Arguments", t.arguments());
        List<Object> actions = new ArrayList<>();
        actions.add(action);
        return PsObject.of("Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/"
                        + "MSFT_ScheduledTask").with("TaskName", t.name()).with("TaskPath", t.path())
                .with("State", t.enabled() ? new PsEnumValue("StateEnum", "Ready", 3) : new PsEnumValue("StateEnum", "Disabled", 1))
                .with("Author", t.author()).with("Description", null).with("Actions", actions)
                .with("URI", t.path() + t.name());
    }

    private static List<ScheduledTasks.Task> selected(CmdletCall c, boolean required) {
        List<String> names = new ArrayList<>();
        if (c.has("TaskName")) {
            names.addAll(c.strings("TaskName"));
        }
        for (Object o : c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input()) {
            names.add(PsConvert.toStr(PsMembers.get(o, "TaskName")));
        }
        String path = c.has("TaskPath") ? c.string("TaskPath") : null;
        List<ScheduledTasks.Task> out = new ArrayList<>();
        for (ScheduledTasks.Task t : c.host().scheduledTasks().all()) {
            if ((names.isEmpty() && !required || Values.matchesAny(t.name(), names))
                    && (path == null || Values.matchesAny(t.path(), List.of(path)))) {
                out.add(t);
            }
        }
        if (out.isEmpty() && (!names.isEmpty() || required)) {
            String n = names.isEmpty() ? "" : names.get(0);
            c.writeError(c.notFound("No MSFT_ScheduledTask objects found with property 'TaskName' equal to '" + n
                    + "'.  Verify the value of the property and retry.", n));
        }
        return out;
    }

    private static void get(CmdletCall c) {
        selected(c, false).forEach(t -> c.emit(toObject(t)));
    }

    private static void register(CmdletCall c) {
        String name = c.string("TaskName");
        String path = c.has("TaskPath") ? c.string("TaskPath") : "\\";
        if (!path.endsWith("\\")) {
            path = path + "\\";
        }
        if (!path.startsWith("\\")) {
            path = "\\" + path;
        }
        if (name == null || !c.has("Action")) {
            throw c.error("The Windows host emulator registers tasks from -TaskName and -Action only.",
                    "NotImplemented", "EmulatorUnsupported");
        }
        if (c.host().scheduledTasks().get(path, name).isPresent() && !c.flag("Force")) {
            throw c.error("Cannot create a file when that file already exists.", "ResourceExists",
                    "HRESULT 0x800700b7,Register-ScheduledTask");
        }
        Object action = PsConvert.toList(c.get("Action")).get(0);
        ScheduledTasks.Task task = new ScheduledTasks.Task(name, path, PsConvert.toStr(PsMembers.get(action, "Execute")),
                PsConvert.toStr(PsMembers.get(action, "Arguments")), true, c.context().whoami());
        c.host().scheduledTasks().put(task);
        c.emit(toObject(task));
    }

    private static void unregister(CmdletCall c) {
        c.requireConfirmation();
        for (ScheduledTasks.Task t : selected(c, true)) {
            c.host().scheduledTasks().remove(t.path(), t.name());
        }
    }

    private static void setEnabled(CmdletCall c, boolean enabled) {
        for (ScheduledTasks.Task t : selected(c, true)) {
            ScheduledTasks.Task updated = t.withEnabled(enabled);
            c.host().scheduledTasks().put(updated);
            c.emit(toObject(updated));
        }
    }
}
