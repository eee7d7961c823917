package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.model.FileSystem;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one PowerShell script against the host model. Single-threaded (one instance per command);
 * never blocks an event loop itself: waits go through the context's {@link dev.osiris.lab.windows.shell.Sleeper}.
 */
public final class PsInterpreter {

    static final Object NO_OUTPUT = new Object();
    static final String ERROR_RECORD = "System.Management.Automation.ErrorRecord";

    /** Thrown when the command is terminated (Signal terminate / ctrl_c). */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("terminated", null, false, false);
        }
    }

    private static final class ExitSignal extends RuntimeException {
        final int code;

        ExitSignal(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private static final class LoopSignal extends RuntimeException {
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    static final class ReturnSignal extends RuntimeException {
        ReturnSignal() {
            super(null, null, false, false);
        }
    }

    private final ShellContext ctx;
    private final CmdletRegistry cmdlets;
    private final Function<String, Optional<NativeCommand>> natives;
    private final List<Object> errors = new ArrayList<>();
    private final PsVariables variables;
    private final PsExpressions expressions = new PsExpressions(this);
    private final Map<String, Ast.Function> functions = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Deque<String> errorRedirect = new ArrayDeque<>();
    private final Deque<Consumer<Object>> mergedOutput = new ArrayDeque<>();
    private String source = "";
    private int tryDepth;

    public PsInterpreter(ShellContext ctx, CmdletRegistry cmdlets, Function<String, Optional<NativeCommand>> natives) {
        this.ctx = ctx;
        this.cmdlets = cmdlets;
        this.natives = natives;
        this.variables = new PsVariables(ctx, errors);
    }

    /** Whether a name resolves to a cmdlet (on this host) or a native command. */
    public boolean commandExists(String name) {
        if (functions.containsKey(name)) {
            return true;
        }
        String exe = name.toLowerCase(Locale.ROOT).replaceAll("\\.exe$", "");
        return cmdlets.find(name, ctx.host()).isPresent() || natives.apply(exe).isPresent();
    }

    public ShellContext context() {
        return ctx;
    }

    /** The host's local time: its clock plus any drift from its time source (Set-Date, chaos). */
    public LocalDateTime now() {
        long driftNanos = (long) (ctx.host().time().offsetSeconds() * 1e9);
        return LocalDateTime.ofInstant(ctx.host().clock().instant(), ZoneOffset.UTC).plusNanos(driftNanos);
    }

    /** Parses and runs a script; returns the powershell.exe exit code. */
    public int run(String script) {
        source = script;
        Ast.Block block;
        try {
            block = PsParser.parse(script);
        } catch (PsError e) {
            ctx.output().stderr(e.render());
            return 1;
        }
        Consumer<Object> top = v -> ctx.output().stdout(PsFormatter.format(v));
        try {
            execStatements(block.statements(), top);
        } catch (ExitSignal x) {
            return x.code;
        } catch (ReturnSignal | LoopSignal r) {
            // return / break at script level ends the script
        } catch (PsError e) {
            ctx.output().stderr(e.render());
            return 1;
        }
        // powershell.exe -Command / -EncodedCommand: 0 when the last statement succeeded ($? true), else 1,
        // whatever failed before it (a non-terminating error followed by a successful statement exits 0)
        return lastStatementSucceeded ? 0 : 1;
    }

    // ---- variables and errors ---------------------------------------------------------------------

    public Object getVariable(String name) {
        return name.equals("?") ? lastStatementSucceeded : variables.get(name);
    }

    public void setVariable(String name, Object value) {
        variables.set(name, value);
    }

    private boolean hadErrorInLastStatement;
    /** $?: whether the statement before the current one succeeded. */
    private boolean lastStatementSucceeded = true;

    /** Records an error in $Error; if visible, writes it to stderr (or merged output) and marks failure. */
    void recordError(PsError e, boolean visible) {
        errors.add(0, errorRecord(e));
        hadErrorInLastStatement = true;
        if (!visible) {
            return;
        }
        String mode = errorRedirect.peek();
        if ("discard".equals(mode)) {
            return;
        }
        if ("merge".equals(mode) && !mergedOutput.isEmpty()) {
            mergedOutput.peek().accept(errorRecord(e));
            return;
        }
        e.at(source, 0);
        ctx.output().stderr(e.render());
    }

    static PsObject errorRecord(PsError e) {
        return PsObject.of(ERROR_RECORD)
                .with("Exception", PsObject.of(e.exceptionType()).with("Message", e.getMessage()))
                .with("CategoryInfo", e.category()).with("FullyQualifiedErrorId", e.errorId())
                .with("TargetObject", e.thrownValue());
    }

    // ---- statements -------------------------------------------------------------------------------

    private void execStatements(List<Ast.Stmt> statements, Consumer<Object> out) {
        for (Ast.Stmt s : statements) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Cancelled();
            }
            hadErrorInLastStatement = false;
            try {
                execStatement(s, out);
            } catch (PsError e) {
                e.at(source, s.pos());
                if (tryDepth > 0 || e.scriptTerminating()
                        || "stop".equalsIgnoreCase(PsConvert.toStr(getVariable("ErrorActionPreference")))) {
                    lastStatementSucceeded = false;
                    throw e;
                }
                recordError(e, true);
            }
            lastStatementSucceeded = !hadErrorInLastStatement;
        }
    }

    private void execStatement(Ast.Stmt s, Consumer<Object> out) {
        switch (s) {
            case Ast.Pipeline p -> execPipeline(p, out);
            case Ast.Assign a -> assign(a);
            case Ast.If i -> execIf(i, out);
            case Ast.Foreach f -> execForeach(f, out);
            case Ast.While w -> execLoop(null, w.condition(), null, w.body(), out);
            case Ast.For f -> execLoop(f.init(), f.condition(), f.step(), f.body(), out);
            case Ast.Switch sw -> execSwitch(sw, out);
            case Ast.Function fn -> functions.put(fn.name(), fn);
            case Ast.Try t -> execTry(t, out);
            case Ast.Exit x -> throw new ExitSignal(x.value() == null ? 0 : PsConvert.toInt(eval(x.value())));
            case Ast.Return r -> {
                if (r.value() != null) {
                    execStatement(r.value(), out);
                }
                throw new ReturnSignal();
            }
            case Ast.Throw t -> {
                Object v = t.value() == null ? "ScriptHalted" : eval(t.value());
                String message = v instanceof PsObject o && o.typeName().equals(ERROR_RECORD)
                        ? PsConvert.toStr(PsMembers.get(o.get("Exception"), "Message")) : PsConvert.toStr(v);
                throw PsError.thrown(v, message).at(source, t.pos());
            }
            case Ast.Break b -> throw new LoopSignal(true);
            case Ast.Continue c -> throw new LoopSignal(false);
        }
    }

    private void execIf(Ast.If s, Consumer<Object> out) {
        for (int i = 0; i < s.conditions().size(); i++) {
            if (PsConvert.toBool(PsConvert.unwrap(collect(s.conditions().get(i))))) {
                execStatements(s.bodies().get(i).statements(), out);
                return;
            }
        }
        if (s.elseBody() != null) {
            execStatements(s.elseBody().statements(), out);
        }
    }

    private void execForeach(Ast.Foreach s, Consumer<Object> out) {
        for (Object item : PsConvert.toList(PsConvert.unwrap(collect(s.source())))) {
            setVariable(s.variable(), item);
            try {
                execStatements(s.body().statements(), out);
            } catch (LoopSignal l) {
                if (l.isBreak) {
                    break;
                }
            }
        }
    }

    private void execLoop(Ast.Stmt init, Ast.Stmt condition, Ast.Stmt step, Ast.Block body, Consumer<Object> out) {
        if (init != null) {
            execStatement(init, v -> { });
        }
        while (condition == null || PsConvert.toBool(PsConvert.unwrap(collect(condition)))) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Cancelled();
            }
            try {
                execStatements(body.statements(), out);
            } catch (LoopSignal l) {
                if (l.isBreak) {
                    break;
                }
            }
            if (step != null) {
                execStatement(step, v -> { });
            }
        }
    }

    private void execSwitch(Ast.Switch s, Consumer<Object> out) {
        items:
        for (Object item : PsConvert.toList(valueOf(s.value()))) {
            boolean matched = false;
            for (int i = 0; i < s.keys().size(); i++) {
                Ast.Expr key = s.keys().get(i);
                if (key == null || !switchMatches(s.mode(), key, item)) {
                    continue;
                }
                matched = true;
                if (runSwitchBody(s.bodies().get(i), item, out)) {
                    break items;
                }
            }
            if (!matched) {
                for (int i = 0; i < s.keys().size(); i++) {
                    if (s.keys().get(i) == null && runSwitchBody(s.bodies().get(i), item, out)) {
                        break items;
                    }
                }
            }
        }
    }

    private boolean switchMatches(String mode, Ast.Expr key, Object item) {
        if (key instanceof Ast.ScriptBlockLit sb) {
            return PsConvert.toBool(PsConvert.unwrap(invokeScriptBlock(new ScriptBlock(sb.block(), sb.text()), item)));
        }
        Object k = key instanceof Ast.BareWord bw ? bw.text() : eval(key);
        return switch (mode) {
            case "wildcard" -> PsOps.like(PsConvert.toStr(item), PsConvert.toStr(k), false);
            case "regex" -> PsOps.regex(PsConvert.toStr(k), false).matcher(PsConvert.toStr(item)).find();
            default -> PsOps.equal(item, k, false);
        };
    }

    /** Runs one switch clause with $_ = item; true when it said break (leave the switch). */
    private boolean runSwitchBody(Ast.Block body, Object item, Consumer<Object> out) {
        Object saved = variables.underscore();
        variables.setUnderscore(item);
        try {
            execStatements(body.statements(), out);
            return false;
        } catch (LoopSignal l) {
            return l.isBreak;
        } finally {
            variables.setUnderscore(saved);
        }
    }

    private void execTry(Ast.Try s, Consumer<Object> out) {
        try {
            tryDepth++;
            try {
                execStatements(s.body().statements(), out);
            } finally {
                tryDepth--;
            }
        } catch (PsError e) {
            if (s.catches().isEmpty()) {
                throw e;
            }
            errors.add(0, errorRecord(e));
            Object saved = variables.underscore();
            variables.setUnderscore(errorRecord(e));
            try {
                execStatements(s.catches().get(0).statements(), out);
            } finally {
                variables.setUnderscore(saved);
            }
        } finally {
            if (s.finallyBody() != null) {
                execStatements(s.finallyBody().statements(), out);
            }
        }
    }

    private void assign(Ast.Assign a) {
        Object value = valueOf(a.value());
        if (value == NO_OUTPUT) {
            value = null;
        }
        if (!a.op().equals("=")) {
            Object current = eval(a.target());
            value = PsOps.binary(a.op().substring(0, 1), current, value, this);
        }
        switch (a.target()) {
            case Ast.Var v -> setVariable(v.name(), value);
            case Ast.Cast c when c.operand() instanceof Ast.Var v -> setVariable(v.name(), PsMembers.cast(c.type(), value, this));
            case Ast.Member m -> PsMembers.set(eval(m.target()), m.name(), value);
            case Ast.StaticMember sm -> PsMembers.setStatic(sm.type(), sm.name(), value);
            case Ast.Index ix -> setIndex(eval(ix.target()), eval(ix.index()), value);
            default -> throw PsError.of(null, "The assignment expression is not valid. The input to an assignment "
                    + "operator must be an object that is able to accept assignments, such as a variable or a property.",
                    "ParserError", "InvalidLeftHandSide", "");
        }
    }

    @SuppressWarnings("unchecked")
    private void setIndex(Object target, Object index, Object value) {
        if (target instanceof PsObject o && o.isHashtable()) {
            o.put(PsConvert.toStr(index), value);
        } else if (target instanceof List<?> l) {
            ((List<Object>) l).set(PsConvert.toInt(index), value);
        } else {
            throw PsError.of(null, "Cannot index into a null array.", "InvalidOperation", "NullArray", "");
        }
    }

    /** Runs a statement and returns what it wrote to the pipeline. */
    private List<Object> collect(Ast.Stmt s) {
        List<Object> items = new ArrayList<>();
        execStatement(s, items::add);
        return items;
    }

    private List<Object> collectBlock(Ast.Block b) {
        List<Object> items = new ArrayList<>();
        execStatements(b.statements(), items::add);
        return items;
    }

    /** Runs a block in the current scope, writing to {@code out} (function bodies). */
    void runBlock(Ast.Block block, Consumer<Object> out) {
        execStatements(block.statements(), out);
    }

    /** Runs a script block with $_ set (Where-Object, ForEach-Object, calculated properties). */
    public List<Object> invokeScriptBlock(ScriptBlock block, Object dollarUnder) {
        Object saved = variables.underscore();
        variables.setUnderscore(dollarUnder);
        List<Object> items = new ArrayList<>();
        try {
            execStatements(block.block().statements(), items::add);
        } catch (ReturnSignal r) {
            // return leaves the block with what it wrote
        } finally {
            variables.setUnderscore(saved);
        }
        return items;
    }

    // ---- pipelines --------------------------------------------------------------------------------

    private void execPipeline(Ast.Pipeline p, Consumer<Object> out) {
        Consumer<Object> sink = out;
        String errMode = null;
        StringBuilder fileOut = null;
        String filePath = null;
        boolean append = false;
        for (Ast.Redirect r : p.redirects()) {
            String op = r.op();
            Object target = r.target() == null ? null : eval(r.target());
            if (op.equals("2>&1") || op.equals("*>&1")) {
                errMode = "merge";
            } else if (op.startsWith("2") || op.startsWith("3")) {
                if (target == null) {
                    errMode = "discard";
                } else {
                    errMode = "discard";
                }
            } else if (target == null) {
                sink = v -> { };
            } else {
                filePath = PsConvert.toStr(target);
                append = op.endsWith(">>");
                fileOut = new StringBuilder();
                StringBuilder buf = fileOut;
                sink = v -> buf.append(PsFormatter.format(v));
            }
        }
        if (errMode != null) {
            errorRedirect.push(errMode);
            mergedOutput.push(sink);
        }
        try {
            List<Object> input = null;
            List<Ast.Element> elements = p.elements();
            for (int i = 0; i < elements.size(); i++) {
                boolean last = i == elements.size() - 1;
                List<Object> produced = new ArrayList<>();
                Consumer<Object> target = last ? sink : produced::add;
                runElement(elements.get(i), input, target, i == 0);
                input = produced;
            }
        } finally {
            if (errMode != null) {
                errorRedirect.pop();
                mergedOutput.pop();
            }
        }
        if (fileOut != null) {
            if (append) {
                ctx.host().files().append(FileSystem.normalize(filePath), fileOut.toString());
            } else {
                ctx.host().files().write(FileSystem.normalize(filePath), fileOut.toString());
            }
        }
    }

    private void runElement(Ast.Element e, List<Object> input, Consumer<Object> out, boolean first) {
        try {
            switch (e) {
                case Ast.ExprElement x -> emit(eval(x.expr()), out);
                case Ast.Command c -> runCommand(c, input, out);
            }
        } catch (PsError err) {
            throw err.at(source, e.pos());
        }
    }

    /** An expression's value into the pipeline: arrays are unrolled; $null (like AutomationNull) writes nothing. */
    private static void emit(Object v, Consumer<Object> out) {
        if (v == NO_OUTPUT || v == null) {
            return;
        }
        if (v instanceof List<?> l) {
            l.forEach(out);
        } else {
            out.accept(v);
        }
    }

    private void runCommand(Ast.Command c, List<Object> input, Consumer<Object> out) {
        String name = c.name() != null ? c.name() : PsConvert.toStr(eval(c.nameExpr()));
        if (c.nameExpr() != null && eval(c.nameExpr()) instanceof ScriptBlock sb) {
            invokeScriptBlock(sb, null).forEach(out);
            return;
        }
        Ast.Function function = functions.get(name);
        if (function != null) {
            PsFunctions.call(this, function, c.args(), input, out);
            return;
        }
        Optional<CmdletRegistry.Entry> cmdlet = cmdlets.find(name, ctx.host());
        if (cmdlet.isPresent()) {
            List<ParameterBinder.Arg> args = new ArrayList<>();
            for (Ast.Arg a : c.args()) {
                switch (a) {
                    case Ast.ParamArg pa -> args.add(new ParameterBinder.Arg(pa.name(),
                            pa.value() == null ? null : argValue(pa.value()), pa.value() != null));
                    case Ast.ValueArg va -> args.add(new ParameterBinder.Arg(null, argValue(va.value()), true));
                }
            }
            Map<String, Object> bound = ParameterBinder.bind(cmdlet.get(), args);
            try {
                cmdlet.get().impl().invoke(new CmdletCall(cmdlet.get().name(), bound, input, this, out));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new Cancelled();
            }
            return;
        }
        String exe = name.toLowerCase(Locale.ROOT);
        exe = exe.substring(exe.lastIndexOf('\\') + 1);
        if (exe.endsWith(".exe")) {
            exe = exe.substring(0, exe.length() - 4);
        }
        Optional<NativeCommand> nativeCommand = natives.apply(exe);
        if (nativeCommand.isEmpty()) {
            throw PsError.commandNotFound(name);
        }
        runNative(nativeCommand.get(), c, out);
    }

    private void runNative(NativeCommand cmd, Ast.Command c, Consumer<Object> out) {
        List<String> args = new ArrayList<>();
        for (Ast.Arg a : c.args()) {
            switch (a) {
                case Ast.ParamArg pa -> args.add("-" + pa.name() + (pa.value() == null ? "" : ":" + nativeText(pa.value())));
                case Ast.ValueArg va -> {
                    Object v = va.value() instanceof Ast.BareWord bw ? bw.text() : eval(va.value());
                    for (Object item : PsConvert.toList(v)) {
                        args.add(PsConvert.toStr(item));
                    }
                }
            }
        }
        int code;
        try {
            code = NativeOutput.run(cmd, args, ctx, out);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
        setVariable("LASTEXITCODE", code);
        hadErrorInLastStatement = code != 0;
    }

    private String nativeText(Ast.Expr e) {
        return e instanceof Ast.BareWord bw ? bw.text() : PsConvert.toStr(eval(e));
    }

    Object argValue(Ast.Expr e) {
        if (e instanceof Ast.BareWord bw) {
            return PsConvert.bareWord(bw.text());
        }
        if (e instanceof Ast.ArrayLit a) {
            List<Object> items = new ArrayList<>();
            for (Ast.Expr x : a.items()) {
                items.add(argValue(x));
            }
            return items;
        }
        Object v = eval(e);
        return v == NO_OUTPUT ? null : v;
    }

    // ---- expressions ------------------------------------------------------------------------------

    Object eval(Ast.Expr e) {
        return expressions.eval(e);
    }

    List<Object> collectStatement(Ast.Stmt s) {
        return collect(s);
    }

    /**
     * The value of a statement used as a value ($x = ..., hashtable values, ( ... )): a lone expression keeps its
     * value as is (an array stays an array, even of one element); a pipeline's output is unwrapped (none = $null,
     * one = the item, more = an array), as in PowerShell.
     */
    Object valueOf(Ast.Stmt s) {
        if (s instanceof Ast.Pipeline p && p.redirects().isEmpty() && p.elements().size() == 1
                && p.elements().get(0) instanceof Ast.ExprElement x) {
            try {
                return eval(x.expr());
            } catch (PsError e) {
                throw e.at(source, x.pos());
            }
        }
        return PsConvert.unwrap(collect(s));
    }

    List<Object> collectStatements(Ast.Block b) {
        return collectBlock(b);
    }
}
