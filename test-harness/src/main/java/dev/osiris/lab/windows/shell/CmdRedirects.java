package dev.osiris.lab.windows.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * cmd.exe's redirections of one command, applied left to right as cmd does: {@code >f}, {@code >>f},
 * {@code 1>f}, {@code 2>f}, {@code 2>>f}, {@code n>&m}, with {@code nul} as the null device. {@code >nul 2>&1}
 * sends both streams to nul; {@code 2>&1 >nul} sends stderr where stdout went before. Input redirection
 * ({@code <}) is not modelled and refused by the caller.
 */
record CmdRedirects(String command, Target out, Target err) {

    /** Where a stream goes: the console's stdout or stderr, nul, or a file of the host. */
    record Target(String kind, String path, boolean append) {
        static final Target STDOUT = new Target("stdout", null, false);
        static final Target STDERR = new Target("stderr", null, false);
        static final Target NUL = new Target("nul", null, false);

        static Target file(String path, boolean append) {
            return path.equalsIgnoreCase("nul") ? NUL : new Target("file", path, append);
        }
    }

    boolean none() {
        return out == Target.STDOUT && err == Target.STDERR;
    }

    /** Whether the command reads an input redirection ({@code <}), which the emulator does not model. */
    static boolean readsInput(String command) {
        return unquotedIndexOf(command, '<', 0) >= 0;
    }

    static CmdRedirects extract(String command) {
        Target out = Target.STDOUT;
        Target err = Target.STDERR;
        StringBuilder rest = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (quoted || c != '>') {
                rest.append(c);
                i++;
                continue;
            }
            int fd = 1;
            if (rest.length() > 0 && (rest.charAt(rest.length() - 1) == '1' || rest.charAt(rest.length() - 1) == '2')
                    && (rest.length() == 1 || Character.isWhitespace(rest.charAt(rest.length() - 2)))) {
                fd = rest.charAt(rest.length() - 1) - '0';
                rest.setLength(rest.length() - 1);
            }
            boolean append = i + 1 < command.length() && command.charAt(i + 1) == '>';
            int j = append ? i + 2 : i + 1;
            Target target;
            if (j < command.length() && command.charAt(j) == '&') {
                char m = j + 1 < command.length() ? command.charAt(j + 1) : ' ';
                target = m == '1' ? out : m == '2' ? err : null;
                if (target == null) {
                    throw new IllegalArgumentException("The handle could not be duplicated during redirection of handle " + fd + ".");
                }
                j += 2;
            } else {
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
                    while (end < command.length() && !Character.isWhitespace(command.charAt(end))
                            && command.charAt(end) != '>') {
                        end++;
                    }
                    path = command.substring(j, end);
                }
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("The syntax of the command is incorrect.");
                }
                target = Target.file(path, append);
                j = end;
            }
            if (fd == 1) {
                out = target;
            } else {
                err = target;
            }
            i = j;
        }
        // trailing blanks stay: "echo hi >f" writes "hi " as cmd does
        return new CmdRedirects(rest.toString().stripLeading(), out, err);
    }

    /** The unquoted single-bar pipe stages of a command (|| is not a pipe). */
    static List<String> pipeStages(String command) {
        List<String> stages = new ArrayList<>();
        int from = 0;
        int i = unquotedIndexOf(command, '|', 0);
        while (i >= 0) {
            stages.add(command.substring(from, i).stripLeading());
            from = i + 1;
            i = unquotedIndexOf(command, '|', from);
        }
        stages.add(command.substring(from).stripLeading());
        return stages;
    }

    private static int unquotedIndexOf(String s, char wanted, int from) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted && i >= from) {
                return i;
            }
        }
        return -1;
    }
}
