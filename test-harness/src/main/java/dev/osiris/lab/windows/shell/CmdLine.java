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
        this.shell = shell;
        this.ctx = ctx;
    }

    int run(String line) {
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
            if (!quoted && (c == '&' || (c == '|' && i + 1 < line.length() && line.charAt(i + 1) == '|'))) {
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
        command = expandVariables(command);
        StdoutRedirect redirect = StdoutRedirect.extract(command);
        if (redirect != null) {
            return runRedirected(redirect);
        }
        int sp = indexOfWhitespace(command);
        String program = unquote(sp < 0 ? command : command.substring(0, sp));
        String rest = sp < 0 ? "" : command.substring(sp + 1);
        String name = program.toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('\\') + 1);
        if (name.endsWith(".exe")) {
            name = name.substring(0, name.length() - 4);
        }
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

    /** {@code >file} / {@code >>file} (before or after the command): stdout goes to the host's file system. */
    private int runRedirected(StdoutRedirect redirect) {
        StringBuilder captured = new StringBuilder();
        ShellOutput toFile = new ShellOutput() {
            @Override
            public void stdout(String text) {
                captured.append(text);
            }

            @Override
            public void stderr(String text) {
                ctx.output().stderr(text);
            }
        };
        int code = new CmdLine(shell, ctx.withOutput(toFile)).runOne(redirect.command());
        if (redirect.append()) {
            ctx.host().files().append(redirect.path(), captured.toString());
        } else {
            ctx.host().files().write(redirect.path(), captured.toString());
        }
        return code;
    }

    private record StdoutRedirect(String command, String path, boolean append) {

        /** The first unquoted stdout redirection ({@code >}, {@code >>}, {@code 1>}), or null. */
        static StdoutRedirect extract(String command) {
            boolean quoted = false;
            for (int i = 0; i < command.length(); i++) {
                char c = command.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                }
                if (quoted || c != '>' || (i > 0 && command.charAt(i - 1) == '2')) {
                    continue;
                }
                int start = i > 0 && command.charAt(i - 1) == '1' ? i - 1 : i;
                boolean append = i + 1 < command.length() && command.charAt(i + 1) == '>';
                int j = append ? i + 2 : i + 1;
                if (j < command.length() && command.charAt(j) == '&') {
                    return null; // >&2 and the like: not a file
                }
                while (j < command.length() && command.charAt(j) == ' ') {
                    j++;
                }
                int end;
                String path;
                if (j < command.length() && command.charAt(j) == '"') {
                    end = command.indexOf('"', j + 1);
                    end = end < 0 ? command.length() : end + 1;
                    path = command.substring(j + 1, Math.max(j + 1, end - 1));
                } else {
                    end = j;
                    while (end < command.length() && !Character.isWhitespace(command.charAt(end))) {
                        end++;
                    }
                    path = command.substring(j, end);
                }
                if (path.isEmpty()) {
                    return null;
                }
                return new StdoutRedirect((command.substring(0, start) + command.substring(end)).strip(), path, append);
            }
            return null;
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
