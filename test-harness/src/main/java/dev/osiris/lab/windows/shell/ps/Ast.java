package dev.osiris.lab.windows.shell.ps;

import java.util.List;

/** The syntax tree of the PowerShell subset the emulator runs. */
final class Ast {

    private Ast() {
    }

    /** A statement list, e.g. a script, a { } block or the body of if/foreach. */
    record Block(List<Stmt> statements) {
    }

    sealed interface Stmt permits Pipeline, Assign, If, Foreach, While, For, Switch, Function, Try, Exit, Return, Throw,
            Break, Continue {
        int pos();
    }

    record Pipeline(List<Element> elements, List<Redirect> redirects, int pos) implements Stmt {
    }

    record Redirect(String op, Expr target) {
    }

    record Assign(Expr target, String op, Stmt value, int pos) implements Stmt {
    }

    record If(List<Stmt> conditions, List<Block> bodies, Block elseBody, int pos) implements Stmt {
    }

    record Foreach(String variable, Stmt source, Block body, int pos) implements Stmt {
    }

    record While(Stmt condition, Block body, int pos) implements Stmt {
    }

    /** for (init; condition; step) { body } — any of the three may be null. */
    record For(Stmt init, Stmt condition, Stmt step, Block body, int pos) implements Stmt {
    }

    /** switch [-Wildcard|-Regex] (value) { key { block } ... default { block } }; a null key is default. */
    record Switch(Stmt value, String mode, List<Expr> keys, List<Block> bodies, int pos) implements Stmt {
    }

    /** function Name { param(...) body } or function Name($a, $b) { body }. */
    record Function(String name, List<Param> params, Block body, int pos) implements Stmt {
    }

    /** A function parameter: its type (or null), name and default value expression (or null). */
    record Param(String type, String name, Expr defaultValue) {
    }

    record Try(Block body, List<Block> catches, Block finallyBody, int pos) implements Stmt {
    }

    record Exit(Expr value, int pos) implements Stmt {
    }

    record Return(Stmt value, int pos) implements Stmt {
    }

    record Throw(Expr value, int pos) implements Stmt {
    }

    record Break(int pos) implements Stmt {
    }

    record Continue(int pos) implements Stmt {
    }

    sealed interface Element permits Command, ExprElement {
        int pos();
    }

    /** A command invocation; {@code nameExpr} is set for the call operator (&amp; $x). */
    record Command(String name, Expr nameExpr, List<Arg> args, int pos) implements Element {
    }

    record ExprElement(Expr expr, int pos) implements Element {
    }

    sealed interface Arg permits ParamArg, ValueArg {
    }

    /** -Name or -Name:value ({@code value} null unless the colon form was used). */
    record ParamArg(String name, Expr value, int pos) implements Arg {
    }

    record ValueArg(Expr value, int pos) implements Arg {
    }

    sealed interface Expr permits Const, Str, Var, Member, Invoke, StaticMember, StaticInvoke, Index, Binary, Unary,
            Cast, TypeLit, ArrayLit, SubExpr, Paren, HashLit, ScriptBlockLit, BareWord {
    }

    record Const(Object value) implements Expr {
    }

    /** A bareword command argument: a string, or a number when it looks like one. */
    record BareWord(String text) implements Expr {
    }

    record Str(List<Expandable.Part> parts) implements Expr {
    }

    record Var(String name) implements Expr {
    }

    record Member(Expr target, String name) implements Expr {
    }

    record Invoke(Expr target, String name, List<Expr> args) implements Expr {
    }

    record StaticMember(String type, String name) implements Expr {
    }

    record StaticInvoke(String type, String name, List<Expr> args) implements Expr {
    }

    record Index(Expr target, Expr index) implements Expr {
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
    }

    record Unary(String op, Expr operand) implements Expr {
    }

    record Cast(String type, Expr operand) implements Expr {
    }

    record TypeLit(String type) implements Expr {
    }

    record ArrayLit(List<Expr> items) implements Expr {
    }

    /** $( ) when {@code forceArray} is false, @( ) when true. */
    record SubExpr(Block block, boolean forceArray) implements Expr {
    }

    record Paren(Stmt statement) implements Expr {
    }

    record HashLit(List<Expr> keys, List<Stmt> values) implements Expr {
    }

    record ScriptBlockLit(Block block, String text) implements Expr {
    }
}
