package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.lab.windows.shell.ShellContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** One invocation of a cmdlet: bound parameters, pipeline input, output and error streams. */
public final class CmdletCall {

    private final String name;
    private final Map<String, Object> bound;
    private final List<Object> input;
    private final PsInterpreter interp;
    private final Consumer<Object> out;
    private final String errorAction;

    CmdletCall(String name, Map<String, Object> bound, List<Object> input, PsInterpreter interp, Consumer<Object> out) {
        this.name = name;
        this.bound = bound;
        this.input = input;
        this.interp = interp;
        this.out = out;
        Object ea = bound.get("erroraction");
        this.errorAction = ea == null ? PsConvert.toStr(interp.getVariable("ErrorActionPreference")) : PsConvert.toStr(ea);
    }

    public String name() {
        return name;
    }

    public WindowsHost host() {
        return interp.context().host();
    }

    public ShellContext context() {
        return interp.context();
    }

    public LocalDateTime now() {
        return interp.now();
    }

    /** Pipeline input items; empty when the cmdlet is first in its pipeline. */
    public List<Object> input() {
        return input == null ? List.of() : input;
    }

    public boolean hasInput() {
        return input != null;
    }

    public boolean has(String param) {
        return bound.containsKey(param.toLowerCase(Locale.ROOT));
    }

    public Object get(String param) {
        return bound.get(param.toLowerCase(Locale.ROOT));
    }

    public String string(String param) {
        Object v = get(param);
        return v == null ? null : PsConvert.toStr(v instanceof List<?> l && l.size() == 1 ? l.get(0) : v);
    }

    public List<String> strings(String param) {
        List<String> out = new ArrayList<>();
        for (Object o : PsConvert.toList(get(param))) {
            out.add(PsConvert.toStr(o));
        }
        return out;
    }

    public int integer(String param) {
        return PsConvert.toInt(get(param));
    }

    public long longValue(String param) {
        return PsConvert.toLong(get(param));
    }

    /** A switch: present (and not -X:$false). */
    public boolean flag(String param) {
        return has(param) && PsConvert.toBool(get(param));
    }

    /** A [bool] parameter: only booleans and numbers, like PowerShell. */
    public boolean bool(String param) {
        Object v = get(param);
        if (v instanceof List<?> l && l.size() == 1) {
            v = l.get(0);
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (PsConvert.isNumber(v)) {
            return PsConvert.toDouble(v) != 0;
        }
        throw error("Cannot process argument transformation on parameter '" + param + "'. Cannot convert value \""
                + PsMembers.typeName(v) + "\" to type \"System.Boolean\". Boolean parameters accept only Boolean values "
                + "and numbers, such as $True, $False, 1 or 0.", "InvalidData", "ParameterArgumentTransformationError");
    }

    public ScriptBlock scriptBlock(String param) {
        Object v = get(param);
        if (v instanceof ScriptBlock sb) {
            return sb;
        }
        throw error("Cannot bind parameter '" + param + "'. Cannot convert the \"" + PsConvert.toStr(v)
                + "\" value of type \"" + PsMembers.typeName(v) + "\" to type \"System.Management.Automation.ScriptBlock\".",
                "InvalidArgument", "CannotConvertArgumentNoMessage");
    }

    /** -Force, or -Confirm:$false: what NonInteractive cmdlets that would prompt need. */
    public boolean confirmed() {
        return flag("Force") || (has("Confirm") && !PsConvert.toBool(get("Confirm")));
    }

    /** Fails like a prompt in NonInteractive mode when neither -Force nor -Confirm:$false was given. */
    public void requireConfirmation() {
        if (!confirmed()) {
            throw error("Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.",
                    "InvalidOperation", "HostFunctionNotImplemented");
        }
    }

    public void emit(Object value) {
        out.accept(value);
    }

    public void emitAll(List<?> values) {
        values.forEach(out);
    }

    public List<Object> invoke(ScriptBlock block, Object dollarUnder) {
        return interp.invokeScriptBlock(block, dollarUnder);
    }

    public PsInterpreter interpreter() {
        return interp;
    }

    /** An error record attributed to this cmdlet, to throw (terminating) or pass to {@link #writeError}. */
    public PsError error(String message, String category, String errorId) {
        return PsError.of(name, message, category, errorId + "," + qualifiedCommandId(), "");
    }

    public PsError notFound(String message, String target) {
        return PsError.of(name, message, "ObjectNotFound", "NotFound," + qualifiedCommandId(), target);
    }

    /** A non-terminating error: honours -ErrorAction (Stop makes it terminating). */
    public void writeError(PsError e) {
        switch (errorAction.toLowerCase(Locale.ROOT)) {
            case "stop" -> throw e;
            case "silentlycontinue", "ignore" -> interp.recordError(e, false);
            default -> interp.recordError(e, true);
        }
    }

    private String qualifiedCommandId() {
        return "Microsoft.PowerShell.Commands." + name.replace("-", "") + "Command";
    }
}
