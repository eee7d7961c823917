package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Double-quoted string handling: escapes and the $var / $(...) parts to expand. */
final class Expandable {

    sealed interface Part permits Literal, Var, Sub {
    }

    record Literal(String text) implements Part {
    }

    record Var(String name) implements Part {
    }

    record Sub(String source) implements Part {
    }

    private static final Set<String> SCOPES = Set.of("env", "global", "script", "local", "private", "using", "variable");

    private Expandable() {
    }

    /** The variable name starting at {@code i} (without the $), or "" if none. */
    static String variableName(String s, int i) {
        if (i >= s.length()) {
            return "";
        }
        char c = s.charAt(i);
        if (c == '?' || c == '$' || c == '^') {
            return String.valueOf(c);
        }
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        String name = s.substring(i, j);
        if (j + 1 < s.length() && s.charAt(j) == ':' && SCOPES.contains(name.toLowerCase())
                && (Character.isLetter(s.charAt(j + 1)) || s.charAt(j + 1) == '_')) {
            int k = j + 1;
            while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
                k++;
            }
            return s.substring(i, k);
        }
        return name;
    }

    static char escape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '0' -> '\0';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> '\u000b';
            case 'e' -> '\u001b';
            default -> c;
        };
    }

    /** Backtick escapes only (no expansion): used for quoted pieces inside barewords. */
    static String unescapeLiteral(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '`' && i + 1 < raw.length()) {
                sb.append(escape(raw.charAt(++i)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static List<Part> parts(String raw) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '`' && i + 1 < raw.length()) {
                lit.append(escape(raw.charAt(i + 1)));
                i += 2;
                continue;
            }
            if (c == '$' && i + 1 < raw.length()) {
                if (raw.charAt(i + 1) == '(') {
                    int depth = 1;
                    int j = i + 2;
                    while (j < raw.length() && depth > 0) {
                        char d = raw.charAt(j);
                        if (d == '(') {
                            depth++;
                        } else if (d == ')') {
                            depth--;
                        }
                        j++;
                    }
                    flush(parts, lit);
                    parts.add(new Sub(raw.substring(i + 2, j - 1)));
                    i = j;
                    continue;
                }
                if (raw.charAt(i + 1) == '{') {
                    int end = raw.indexOf('}', i);
                    if (end > 0) {
                        flush(parts, lit);
                        parts.add(new Var(raw.substring(i + 2, end)));
                        i = end + 1;
                        continue;
                    }
                }
                String name = variableName(raw, i + 1);
                if (!name.isEmpty()) {
                    flush(parts, lit);
                    parts.add(new Var(name));
                    i += 1 + name.length();
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        flush(parts, lit);
        return parts;
    }

    private static void flush(List<Part> parts, StringBuilder lit) {
        if (!lit.isEmpty()) {
            parts.add(new Literal(lit.toString()));
            lit.setLength(0);
        }
    }
}
