package dev.osiris.lab.windows.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** cmd.exe semantics for one command line: &amp;, &amp;&amp;, ||, %VAR%, builtins, then a program. */
final class CmdLine {

    private final WindowsShell shell;
    private final ShellContext ctx;
    private int errorLevel;

    CmdLine(WindowsShell shell, ShellContext ctx) {
        this(shell, ctx, 0);
    }

    private CmdLine(WindowsShell shell, ShellContext ctx, int errorLevel) {
        this.shell = shell;
        this.ctx = ctx;
        this.errorLevel = errorLevel;
    }

    int run(String line) {
        // cmd.exe expands %VAR% once, when it parses the line: "x & echo %ERRORLEVEL%" prints the level before x
        line = expandVariables(line);
        List<String> parts = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        split(line, parts, joins);
        int code = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                String join = joins.get(i - 1);
                if ((join.equals("&&") && code != 0) || (join.equals("||") && code == 0)) {
                    continue;
                }
            }
            code = runOne(parts.get(i).stripLeading());
            errorLevel = code;
        }
        return code;
    }

    /** Splits on unquoted &amp;, &amp;&amp;, || (powershell arguments after -Command keep the rest). */
    private static void split(String line, List<String> parts, List<String> joins) {
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && cur.toString().trim().toLowerCase(Locale.ROOT).matches("(powershell|pwsh)(\\.exe)?\\b.*")) {
                cur.append(line.substring(i));
                break;
            }
            // "2>&1" and "<&0" duplicate handles: that & is not a command separator
            boolean handle = c == '&' && i > 0 && (line.charAt(i - 1) == '>' || line.charAt(i - 1) == '<');
            if (!quoted && !handle && (c == '&' || (c == '|' && i + 1 < line.length() && line.charAt(i + 1) == '|'))) {
                boolean dbl = i + 1 < line.length() && line.charAt(i + 1) == c;
                parts.add(cur.toString());
                joins.add(dbl ? "" + c + c : "&");
                cur.setLength(0);
                if (dbl) {
                    i++;
                }
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString());
    }

    private int runOne(String command) {
        if (command.isBlank()) {
            return 0;
        }
        if (!isPowerShell(command)) {
            List<String> stages = CmdRedirects.pipeStages(command);
            if (stages.size() > 1) {
                return runPipeline(stages);
            }
        }
        return runRedirected(command, ctx);
    }

    private static boolean isPowerShell(String command) {
        return command.trim().toLowerCase(Locale.ROOT).matches("(powershell|pwsh)(\\.exe)?\\b.*");
    }

    /** Each stage's stdout feeds the next: into findstr/find as input, ignored by programs that read no input. */
    private int runPipeline(List<String> stages) {
        String input = null;
        int code = 0;
        for (int i = 0; i < stages.size(); i++) {
            boolean last = i == stages.size() - 1;
            StringBuilder captured = new StringBuilder();
            ShellContext stageCtx = last ? ctx : ctx.withOutput(new ShellOutput() {
                @Override
                public void stdout(String text) {
                    captured.append(text);
                }

                @Override
                public void stderr(String text) {
                    ctx.output().stderr(text);
                }
            });
            String stage = stages.get(i);
            String program = programName(stage);
            if (input != null && CmdFilters.isFilter(program)) {
                CmdRedirects r = CmdRedirects.extract(stage);
                String in = input;
                code = withRedirects(r, stageCtx, c -> CmdFilters.run(program, argv(rest(r.command())), in, c));
            } else if (input != null && isPowerShell(stage)) {
                stageCtx.output().stderr("The Windows host emulator does not pipe input into powershell.exe.\r\n");
                code = 1;
            } else {
                code = runRedirected(stage, stageCtx);
            }
            input = captured.toString();
        }
        return code;
    }

    private int runRedirected(String command, ShellContext target) {
        if (CmdRedirects.readsInput(command) && !isPowerShell(command)) {
            target.output().stderr("The Windows host emulator does not model input redirection (<).\r\n");
            return 1;
        }
        CmdRedirects r;
        try {
            r = CmdRedirects.extract(command);
        } catch (IllegalArgumentException e) {
            target.output().stderr(e.getMessage() + "\r\n");
            return 1;
        }
        if (r.none()) {
            return new CmdLine(shell, target, errorLevel).dispatch(r.command());
        }
        return withRedirects(r, target, c -> new CmdLine(shell, c, errorLevel).dispatch(r.command()));
    }

    /** Runs with stdout and stderr routed as the redirections say; files are written when the command ends. */
    private static int withRedirects(CmdRedirects r, ShellContext target, java.util.function.ToIntFunction<ShellContext> body) {
        StringBuilder toOutFile = new StringBuilder();
        StringBuilder toErrFile = new StringBuilder();
        ShellOutput routed = new ShellOutput() {
            @Override
            public void stdout(String text) {
                route(r.out(), text, toOutFile);
            }

            @Override
            public void stderr(String text) {
                route(r.err(), text, r.err() == r.out() ? toOutFile : toErrFile);
            }

            private void route(CmdRedirects.Target t, String text, StringBuilder file) {
                switch (t.kind()) {
                    case "stdout" -> target.output().stdout(text);
                    case "stderr" -> target.output().stderr(text);
                    case "file" -> file.append(text);
                    default -> { }
                }
            }
        };
        int code = body.applyAsInt(target.withOutput(routed));
        write(target, r.out(), toOutFile);
        if (r.err() != r.out()) {
            write(target, r.err(), toErrFile);
        }
        return code;
    }

    private static void write(ShellContext ctx, CmdRedirects.Target t, StringBuilder text) {
        if (!t.kind().equals("file")) {
            return;
        }
        if (t.append()) {
            ctx.host().files().append(t.path(), text.toString());
        } else {
            ctx.host().files().write(t.path(), text.toString());
        }
    }

    private static String programName(String command) {
        String c = command.strip();
        int sp = indexOfWhitespace(c);
        String name = unquote(sp < 0 ? c : c.substring(0, sp)).toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('\\') + 1);
        return name.endsWith(".exe") ? name.substring(0, name.length() - 4) : name;
    }

    private static String rest(String command) {
        String c = command.strip();
        int sp = indexOfWhitespace(c);
        return sp < 0 ? "" : c.substring(sp + 1);
    }

    /** One command without redirections: a builtin, cmd, powershell or a native program. */
    private int dispatch(String command) {
        if (command.isBlank()) {
            return 0;
        }
        int sp = indexOfWhitespace(command);
        String program = unquote(sp < 0 ? command : command.substring(0, sp));
        String rest = sp < 0 ? "" : command.substring(sp + 1);
        String name = programName(command);
        switch (name) {
            case "powershell", "pwsh":
                return powershell(rest);
            case "cmd":
                return cmd(rest);
            case "echo":
                ctx.output().stdout(rest + "\r\n");
                return 0;
            case "echo.":
                ctx.output().stdout("\r\n");
                return 0;
            case "exit":
                String code = rest.replaceFirst("(?i)^/b\\s*", "").trim();
                return code.isEmpty() ? errorLevel : parseInt(code);
            case "rem", "@rem":
                return 0;
            case "type":
                return type(unquote(rest.trim()));
            case "findstr", "find":
                // without a pipe they search files, which the model does not hold
                ctx.output().stderr(name + ": the Windows host emulator does not model searching files (only piped input).\r\n");
                return 1;
            default:
                break;
        }
        var nativeCommand = shell.findNative(name);
        if (nativeCommand.isEmpty()) {
            ctx.output().stderr("'" + program + "' is not recognized as an internal or external command,\r\n"
                    + "operable program or batch file.\r\n");
            return 1;
        }
        try {
            return nativeCommand.get().run(argv(rest), ctx);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.osiris.lab.windows.shell.ps.PsInterpreter.Cancelled();
        }
    }

    private int powershell(String rest) {
        List<String> args = argv(rest);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String opt = a.toLowerCase(Locale.ROOT).replaceFirst("^[-/]", "");
            if (!a.startsWith("-") && !a.startsWith("/")) {
                return shell.runPowerShell(String.join(" ", args.subList(i, args.size())), ctx);
            }
            switch (opt) {
                case "noprofile", "nop", "noninteractive", "noni", "nologo", "sta", "mta", "noexit":
                    continue;
                case "executionpolicy", "ep", "ex", "exec", "inputformat", "if", "outputformat", "of", "o",
                     "windowstyle", "w", "version", "v", "configurationname":
                    i++;
                    continue;
                case "encodedcommand", "enc", "e", "ec", "en", "encodedc", "encoded":
                    if (i + 1 >= args.size()) {
                        return psUsage("Missing argument for parameter EncodedCommand.");
                    }
                    String script;
                    try {
                        script = new String(Base64.getDecoder().decode(args.get(i + 1).trim()), StandardCharsets.UTF_16LE);
                    } catch (IllegalArgumentException e) {
                        return psUsage("Cannot process the command because the value specified with -EncodedCommand is "
                                + "not properly encoded. The value must be Base64 encoded.");
                    }
                    return shell.runPowerShell(script, ctx);
                case "command", "c", "com", "comm", "comma", "comman":
                    String script2 = String.join(" ", args.subList(i + 1, args.size()));
                    return shell.runPowerShell(script2, ctx);
                case "file", "f":
                    return psUsage("The Windows host emulator cannot run script files (-File); send the script "
                            + "with -EncodedCommand.");
                default:
                    return psUsage("-" + a.replaceFirst("^[-/]", "") + " : The term '-" + a.replaceFirst("^[-/]", "")
                            + "' is not recognized as a valid powershell.exe parameter.");
            }
        }
        return psUsage("The Windows host emulator does not run an interactive PowerShell; give -EncodedCommand or "
                + "-Command.");
    }

    private int psUsage(String message) {
        ctx.output().stderr(message + "\r\n");
        return 1;
    }

    private int cmd(String rest) {
        String r = rest.trim();
        while (r.matches("(?is)^/[a-z](\\s.*|$)") && !r.toLowerCase(Locale.ROOT).startsWith("/c")
                && !r.toLowerCase(Locale.ROOT).startsWith("/k")) {
            r = r.substring(2).trim();
        }
        if (r.toLowerCase(Locale.ROOT).startsWith("/c") || r.toLowerCase(Locale.ROOT).startsWith("/k")) {
            String inner = r.substring(2).trim();
            if (inner.length() >= 2 && inner.startsWith("\"") && inner.endsWith("\"")) {
                inner = inner.substring(1, inner.length() - 1);
            }
            return new CmdLine(shell, ctx).run(inner);
        }
        ctx.output().stderr("The Windows host emulator does not run an interactive cmd.exe; use cmd /c.\r\n");
        return 1;
    }

    private int type(String path) {
        var content = ctx.host().files().read(path);
        if (content.isEmpty()) {
            ctx.output().stderr("The system cannot find the file specified.\r\n");
            return 1;
        }
        ctx.output().stdout(content.get());
        return 0;
    }

    private String expandVariables(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf('%', i);
            int end = start < 0 ? -1 : s.indexOf('%', start + 1);
            if (start < 0 || end < 0) {
                sb.append(s.substring(i));
                break;
            }
            sb.append(s, i, start);
            String name = s.substring(start + 1, end);
            String value = variable(name);
            if (value == null) {
                sb.append('%').append(name);
                i = end;
            } else {
                sb.append(value);
                i = end + 1;
            }
        }
        return sb.toString();
    }

    private String variable(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "COMPUTERNAME" -> ctx.host().name();
            case "USERNAME" -> ctx.userName();
            case "USERDOMAIN" -> ctx.userDomain();
            case "SYSTEMROOT", "WINDIR" -> "C:\\Windows";
            case "SYSTEMDRIVE" -> "C:";
            case "TEMP", "TMP" -> "C:\\Windows\\TEMP";
            case "ERRORLEVEL" -> String.valueOf(errorLevel);
            default -> ctx.environment().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        };
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int indexOfWhitespace(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** CommandLineToArgvW-style splitting: whitespace, "quoted parts", \" escapes. */
    static List<String> argv(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
