package dev.osiris.lab.windows.shell.ps;

/** One lexical token of a PowerShell script; {@code pos} is the offset in the script. */
record Token(Kind kind, String text, int pos, boolean spaceBefore) {

    enum Kind {
        WORD, PARAM, VAR, STRING, EXPANDABLE, NUMBER, OP, REDIRECT,
        LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, AT_PAREN, AT_BRACE, DOLLAR_PAREN,
        COMMA, SEMI, PIPE, NEWLINE, DOT, COLONCOLON, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isOp(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    boolean isWord(String w) {
        return kind == Kind.WORD && text.equalsIgnoreCase(w);
    }
}
