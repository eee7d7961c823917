package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a PowerShell script into tokens; parse errors become {@link PsError}s with a position. */
final class PsLexer {

    private static final Pattern NUMBER = Pattern.compile(
            "(0[xX][0-9a-fA-F]+|\\d+(\\.\\d+)?([eE][+-]?\\d+)?|\\.\\d+)([kKmMgGtTpP][bB])?[lLdD]?");
    private static final String WORD_STOP = " \t\r\n;|(){},=[]`";

    private final String src;
    private int i;
    private final List<Token> out = new ArrayList<>();

    private PsLexer(String src) {
        this.src = src;
    }

    static List<Token> lex(String src) {
        return new PsLexer(src).run();
    }

    private List<Token> run() {
        boolean space = true;
        while (i < src.length()) {
            char c = src.charAt(i);
            int start = i;
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u00a0') {
                i++;
                space = true;
                continue;
            }
            if (c == '`' && i + 1 < src.length() && (src.charAt(i + 1) == '\n' || src.charAt(i + 1) == '\r')) {
                i += 2;
                if (src.charAt(i - 1) == '\r' && i < src.length() && src.charAt(i) == '\n') {
                    i++;
                }
                space = true;
                continue;
            }
            if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
                space = true;
                continue;
            }
            if (c == '<' && peek(1) == '#') {
                int end = src.indexOf("#>", i + 2);
                if (end < 0) {
                    throw PsError.parse("Missing closing '#>' for a block comment.", src, i);
                }
                i = end + 2;
                space = true;
                continue;
            }
            if (c == '\r' || c == '\n') {
                i++;
                add(Token.Kind.NEWLINE, "\n", start, space);
                space = true;
                continue;
            }
            lexOne(c, start, space);
            space = false;
        }
        out.add(new Token(Token.Kind.EOF, "", src.length(), true));
        return out;
    }

    private void lexOne(char c, int start, boolean space) {
        Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
        boolean memberable = prev != null && !space && (prev.is(Token.Kind.VAR) || prev.is(Token.Kind.RPAREN)
                || prev.is(Token.Kind.RBRACKET) || prev.is(Token.Kind.STRING) || prev.is(Token.Kind.EXPANDABLE)
                || (prev.is(Token.Kind.WORD) && out.size() >= 2 && (out.get(out.size() - 2).is(Token.Kind.DOT)
                || out.get(out.size() - 2).is(Token.Kind.COLONCOLON))));
        switch (c) {
            case ';' -> single(Token.Kind.SEMI, start, space);
            case ',' -> single(Token.Kind.COMMA, start, space);
            case '(' -> single(Token.Kind.LPAREN, start, space);
            case ')' -> single(Token.Kind.RPAREN, start, space);
            case '{' -> single(Token.Kind.LBRACE, start, space);
            case '}' -> single(Token.Kind.RBRACE, start, space);
            case '[' -> single(Token.Kind.LBRACKET, start, space);
            case ']' -> single(Token.Kind.RBRACKET, start, space);
            case '|' -> {
                if (peek(1) == '|') {
                    throw PsError.parse("The token '||' is not a valid statement separator in this version.", src, i);
                }
                single(Token.Kind.PIPE, start, space);
            }
            case '\'' -> add(Token.Kind.STRING, singleQuoted(), start, space);
            case '"' -> add(Token.Kind.EXPANDABLE, doubleQuoted(), start, space);
            case '$' -> dollar(start, space);
            case '@' -> at(start, space);
            default -> other(c, start, space, memberable);
        }
    }

    private void other(char c, int start, boolean space, boolean memberable) {
        Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
        if (prev != null && !space && (prev.is(Token.Kind.DOT) || prev.is(Token.Kind.COLONCOLON))
                && (Character.isLetter(c) || c == '_')) {
            int s = i;
            while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                i++;
            }
            add(Token.Kind.WORD, src.substring(s, i), start, false);
            return;
        }
        if (c == '.' && memberable && peek(1) != '.') {
            single(Token.Kind.DOT, start, space);
            return;
        }
        if (c == ':' && peek(1) == ':') {
            i += 2;
            add(Token.Kind.COLONCOLON, "::", start, space);
            return;
        }
        if (c == '.' && peek(1) == '.') {
            i += 2;
            add(Token.Kind.OP, "..", start, space);
            return;
        }
        if ((c == '>' || ((c == '2' || c == '1' || c == '*' || c == '3') && peek(1) == '>'))) {
            redirect(start, space);
            return;
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            Matcher m = NUMBER.matcher(src).region(i, src.length());
            if (m.lookingAt() && (m.end() == src.length() || isDelimiter(src.charAt(m.end()))
                    || src.startsWith("..", m.end()))) {
                i = m.end();
                add(Token.Kind.NUMBER, src.substring(start, i), start, space);
                return;
            }
        }
        if (c == '-' || c == '\u2013') {
            if (Character.isLetter(peek(1))) {
                i++;
                while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                    i++;
                }
                if (i < src.length() && src.charAt(i) == ':') {
                    i++;
                }
                add(Token.Kind.PARAM, "-" + src.substring(start + 1, i), start, space);
                return;
            }
            if (peek(1) == '=' || peek(1) == '-') {
                i += 2;
                add(Token.Kind.OP, src.substring(start, i), start, space);
                return;
            }
            single(Token.Kind.OP, start, space);
            return;
        }
        if (c == '/' && Character.isLetter(peek(1))) {
            word(start, space);
            return;
        }
        if ("+*/%".indexOf(c) >= 0) {
            i++;
            if (peek(0) == '=' || (c == '+' && peek(0) == '+')) {
                i++;
            }
            add(Token.Kind.OP, src.substring(start, i), start, space);
            return;
        }
        if (c == '=' || c == '!' || c == '&') {
            i++;
            if (c == '&' && peek(0) == '&') {
                throw PsError.parse("The token '&&' is not a valid statement separator in this version.", src, start);
            }
            add(Token.Kind.OP, String.valueOf(c), start, space);
            return;
        }
        word(start, space);
    }

    private void word(int start, boolean space) {
        StringBuilder sb = new StringBuilder();
        while (i < src.length() && WORD_STOP.indexOf(src.charAt(i)) < 0) {
            char ch = src.charAt(i);
            if (ch == '\'') {
                sb.append(singleQuoted());
            } else if (ch == '"') {
                sb.append(Expandable.unescapeLiteral(doubleQuoted()));
            } else {
                sb.append(ch);
                i++;
            }
        }
        if (sb.isEmpty()) {
            throw PsError.parse("Unexpected token '" + src.charAt(i) + "' in expression or statement.", src, i);
        }
        add(Token.Kind.WORD, sb.toString(), start, space);
    }

    private void redirect(int start, boolean space) {
        int s = i;
        if (src.charAt(i) != '>') {
            i++;
        }
        i++;
        if (peek(0) == '>') {
            i++;
        }
        if (peek(0) == '&' && (peek(1) == '1' || peek(1) == '2')) {
            i += 2;
        }
        add(Token.Kind.REDIRECT, src.substring(s, i), start, space);
    }

    private void dollar(int start, boolean space) {
        if (peek(1) == '(') {
            i += 2;
            add(Token.Kind.DOLLAR_PAREN, "$(", start, space);
            return;
        }
        i++;
        if (peek(0) == '{') {
            int end = src.indexOf('}', i);
            if (end < 0) {
                throw PsError.parse("Missing closing '}' in variable name.", src, start);
            }
            add(Token.Kind.VAR, src.substring(i + 1, end), start, space);
            i = end + 1;
            return;
        }
        String name = Expandable.variableName(src, i);
        if (name.isEmpty()) {
            throw PsError.parse("Variable reference is not valid. '$' was not followed by a valid variable name "
                    + "character.", src, start);
        }
        i += name.length();
        add(Token.Kind.VAR, name, start, space);
    }

    private void at(int start, boolean space) {
        char n = peek(1);
        if (n == '(') {
            i += 2;
            add(Token.Kind.AT_PAREN, "@(", start, space);
        } else if (n == '{') {
            i += 2;
            add(Token.Kind.AT_BRACE, "@{", start, space);
        } else if (n == '"' || n == '\'') {
            String close = "\n" + n + "@";
            int bodyStart = src.indexOf('\n', i) + 1;
            int end = src.indexOf(close, bodyStart - 1);
            if (bodyStart <= 0 || end < 0) {
                throw PsError.parse("The string is missing the terminator: " + n + "@.", src, start);
            }
            String body = src.substring(bodyStart, Math.max(bodyStart, end)).replace("\r", "");
            i = end + close.length();
            add(n == '"' ? Token.Kind.EXPANDABLE : Token.Kind.STRING, body.replace("\n", "\r\n"), start, space);
        } else {
            throw PsError.parse("Unrecognized token in source text.", src, start);
        }
    }

    private String singleQuoted() {
        int start = i;
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= src.length()) {
                throw PsError.parse("The string is missing the terminator: '.", src, start);
            }
            char ch = src.charAt(i++);
            if (isSingleQuote(ch)) {
                if (i < src.length() && isSingleQuote(src.charAt(i))) {
                    sb.append('\'');
                    i++;
                    continue;
                }
                return sb.toString();
            }
            sb.append(ch);
        }
    }

    /** Returns the raw body (escapes and $ kept) of a double-quoted string. */
    private String doubleQuoted() {
        int start = i;
        i++;
        int depth = 0;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= src.length()) {
                throw PsError.parse("The string is missing the terminator: \".", src, start);
            }
            char ch = src.charAt(i++);
            if (ch == '`' && i < src.length()) {
                sb.append(ch).append(src.charAt(i++));
                continue;
            }
            if (ch == '$' && i < src.length() && src.charAt(i) == '(') {
                depth++;
                sb.append("$(");
                i++;
                continue;
            }
            if (depth > 0) {
                if (ch == '(') {
                    depth++;
                } else if (ch == ')') {
                    depth--;
                }
                sb.append(ch);
                continue;
            }
            if (ch == '"') {
                if (i < src.length() && src.charAt(i) == '"') {
                    sb.append("`\"");
                    i++;
                    continue;
                }
                return sb.toString();
            }
            sb.append(ch);
        }
    }

    private static boolean isSingleQuote(char ch) {
        return ch == '\'' || ch == '\u2018' || ch == '\u2019';
    }

    private static boolean isDelimiter(char ch) {
        return " \t\r\n;|(){},]+-*/%=".indexOf(ch) >= 0;
    }

    private char peek(int ahead) {
        int j = i + ahead;
        return j < src.length() ? src.charAt(j) : '\0';
    }

    private void single(Token.Kind kind, int start, boolean space) {
        i++;
        add(kind, src.substring(start, i), start, space);
    }

    private void add(Token.Kind kind, String text, int pos, boolean space) {
        out.add(new Token(kind, text, pos, space));
    }
}
