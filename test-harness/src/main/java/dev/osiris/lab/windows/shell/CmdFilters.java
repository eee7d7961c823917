package dev.osiris.lab.windows.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filters cmd.exe pipes into: {@code findstr} (/i /v /l /b /e /x /c:"text", literal search strings) and
 * {@code find} (/i /v /c). Regular expressions, files and the other switches are refused, naming what.
 */
final class CmdFilters {

    private CmdFilters() {
    }

    static boolean isFilter(String program) {
        return program.equals("findstr") || program.equals("find");
    }

    /** Filters {@code input} (the previous stage's stdout); returns the exit code (0 found, 1 not found). */
    static int run(String program, List<String> args, String input, ShellContext ctx) {
        return program.equals("findstr") ? findstr(args, input, ctx) : find(args, input, ctx);
    }

    private static int findstr(List<String> args, String input, ShellContext ctx) {
        boolean ignoreCase = false;
        boolean invert = false;
        boolean literal = false;
        boolean begin = false;
        boolean end = false;
        boolean whole = false;
        boolean strings = false;
        List<String> patterns = new ArrayList<>();
        for (String a : args) {
            String l = a.toLowerCase(Locale.ROOT);
            if (l.startsWith("/c:")) {
                patterns.add(a.substring(3));
                strings = true;
            } else if (l.startsWith("/") && l.length() > 1) {
                for (char s : l.substring(1).toCharArray()) {
                    switch (s) {
                        case 'i' -> ignoreCase = true;
                        case 'v' -> invert = true;
                        case 'l' -> literal = true;
                        case 'b' -> begin = true;
                        case 'e' -> end = true;
                        case 'x' -> whole = true;
                        default -> {
                            return refuse(ctx, "findstr", "findstr " + a + " (only /i /v /l /b /e /x /c:)");
                        }
                    }
                }
            } else if (strings) {
                return refuse(ctx, "findstr", "findstr on files (only filtering piped input)");
            } else {
                // findstr "a b" searches for a or b
                patterns.addAll(List.of(a.strip().split("\\s+")));
                strings = true;
            }
        }
        if (patterns.isEmpty()) {
            ctx.output().stderr("FINDSTR: Bad command line\r\n");
            return 2;
        }
        if (!literal && patterns.stream().anyMatch(p -> p.matches(".*[.*^$\\[\\]\\\\].*"))) {
            return refuse(ctx, "findstr", "findstr regular expressions (give /l for a literal search)");
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines(input)) {
            String hay = ignoreCase ? line.toLowerCase(Locale.ROOT) : line;
            boolean hit = false;
            for (String p : patterns) {
                String needle = ignoreCase ? p.toLowerCase(Locale.ROOT) : p;
                hit |= whole ? hay.equals(needle) : begin ? hay.startsWith(needle) : end ? hay.endsWith(needle)
                        : hay.contains(needle);
            }
            if (hit != invert) {
                out.append(line).append("\r\n");
            }
        }
        ctx.output().stdout(out.toString());
        return out.isEmpty() ? 1 : 0;
    }

    private static int find(List<String> args, String input, ShellContext ctx) {
        boolean ignoreCase = false;
        boolean invert = false;
        boolean count = false;
        String needle = null;
        for (String a : args) {
            switch (a.toLowerCase(Locale.ROOT)) {
                case "/i" -> ignoreCase = true;
                case "/v" -> invert = true;
                case "/c" -> count = true;
                default -> {
                    if (a.startsWith("/") || needle != null) {
                        return refuse(ctx, "find", "find " + a + " (only /i /v /c and one string, on piped input)");
                    }
                    needle = a;
                }
            }
        }
        if (needle == null) {
            ctx.output().stderr("FIND: Parameter format not correct\r\n");
            return 2;
        }
        int hits = 0;
        StringBuilder out = new StringBuilder();
        for (String line : lines(input)) {
            boolean hit = ignoreCase ? line.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))
                    : line.contains(needle);
            if (hit != invert) {
                hits++;
                out.append(line).append("\r\n");
            }
        }
        ctx.output().stdout(count ? hits + "\r\n" : out.toString());
        return hits > 0 ? 0 : 1;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1)).subList(0,
                text.endsWith("\n") ? text.split("\r?\n", -1).length - 1 : text.split("\r?\n", -1).length);
    }

    private static int refuse(ShellContext ctx, String program, String what) {
        ctx.output().stderr(program + ": the Windows host emulator does not model " + what + ".\r\n");
        return 1;
    }
}
