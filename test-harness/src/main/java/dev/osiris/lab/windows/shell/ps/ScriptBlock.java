package dev.osiris.lab.windows.shell.ps;

/** A { ... } value: its statements and source text (ToString() gives the text). */
public record ScriptBlock(Ast.Block block, String text) {
    @Override
    public String toString() {
        return text;
    }
}
