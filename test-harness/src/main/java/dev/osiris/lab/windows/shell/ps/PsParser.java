package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.shell.ps.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the PowerShell subset; anything else is a loud parse error.
 * Over 500 lines on purpose: it is one grammar (statements, pipelines, command arguments, expressions) whose
 * levels call each other; splitting it would only add a shared token cursor and mutual recursion.
 */
final class PsParser {

    private static final Set<String> COMPARISON = Set.of("eq", "ne", "gt", "ge", "lt", "le", "like", "notlike",
            "match", "notmatch", "contains", "notcontains", "in", "notin", "replace", "split", "join", "is", "isnot",
            "as");
    private static final Set<String> LOGICAL = Set.of("and", "or", "xor");
    private static final Set<String> UNSUPPORTED = Set.of("do", "filter", "param", "class", "enum", "trap", "data", "workflow", "begin", "process", "end", "until", "using");

    private final String src;
    private final List<Token> tokens;
    private int p;

    private PsParser(String src) {
        this.src = src;
        this.tokens = PsLexer.lex(src);
    }

    static Ast.Block parse(String src) {
        PsParser parser = new PsParser(src);
        Ast.Block block = parser.statements(Kind.EOF);
        parser.expect(Kind.EOF, "Unexpected token");
        return block;
    }

    // ---- statements -------------------------------------------------------------------------------

    private Ast.Block statements(Kind end) {
        List<Ast.Stmt> list = new ArrayList<>();
        skipSeparators();
        while (!peek().is(end) && !peek().is(Kind.EOF)) {
            list.add(statement());
            if (!peek().is(Kind.SEMI) && !peek().is(Kind.NEWLINE) && !peek().is(end) && !peek().is(Kind.EOF)) {
                throw error("Unexpected token '" + peek().text() + "' in expression or statement.");
            }
            skipSeparators();
        }
        return new Ast.Block(list);
    }

    private Ast.Stmt statement() {
        Token t = peek();
        if (t.is(Kind.WORD)) {
            String w = t.text().toLowerCase(Locale.ROOT);
            switch (w) {
                case "if":
                    return ifStatement();
                case "foreach":
                    if (peekAt(1).is(Kind.LPAREN)) {
                        return foreachStatement();
                    }
                    break;
                case "try":
                    return tryStatement();
                case "while":
                    if (peekAt(1).is(Kind.LPAREN)) {
                        next();
                        Ast.Stmt cond = condition();
                        return new Ast.While(cond, block(), t.pos());
                    }
                    break;
                case "for":
                    if (peekAt(1).is(Kind.LPAREN)) {
                        return forStatement();
                    }
                    break;
                case "switch":
                    return switchStatement();
                case "function":
                    return functionStatement();
                case "exit":
                    next();
                    return new Ast.Exit(atStatementEnd() ? null : expression(true), t.pos());
                case "return":
                    next();
                    return new Ast.Return(atStatementEnd() ? null : pipeline(), t.pos());
                case "throw":
                    next();
                    return new Ast.Throw(atStatementEnd() ? null : expression(true), t.pos());
                case "break":
                    next();
                    return new Ast.Break(t.pos());
                case "continue":
                    next();
                    return new Ast.Continue(t.pos());
                default:
                    if (UNSUPPORTED.contains(w)) {
                        throw PsError.unsupported("the '" + t.text() + "' statement", src, t.pos());
                    }
            }
        }
        if (t.is(Kind.VAR) || t.is(Kind.LBRACKET)) {
            int save = p;
            try {
                Ast.Expr target = unary(false);
                Token op = peek();
                if (op.isOp("++") || op.isOp("--")) {
                    next();
                    Ast.Stmt one = new Ast.Pipeline(List.of(new Ast.ExprElement(new Ast.Const(1), op.pos())), List.of(),
                            op.pos());
                    return new Ast.Assign(target, op.text().equals("++") ? "+=" : "-=", one, t.pos());
                }
                if (op.is(Kind.OP) && (op.text().equals("=") || op.text().equals("+=") || op.text().equals("-="))) {
                    next();
                    skipNewlines();
                    // PowerShell assigns the output of a statement too: $x = if/foreach/switch/try ...
                    Ast.Stmt value = startsValueStatement() ? statement() : pipeline();
                    return new Ast.Assign(target, op.text(), value, t.pos());
                }
            } catch (PsError e) {
                // not an assignment target; parse as a pipeline below
            }
            p = save;
        }
        return pipeline();
    }

    private boolean startsValueStatement() {
        Token t = peek();
        if (!t.is(Kind.WORD)) {
            return false;
        }
        return switch (t.text().toLowerCase(Locale.ROOT)) {
            case "if", "switch", "try" -> true;
            case "foreach", "for", "while" -> peekAt(1).is(Kind.LPAREN);
            default -> false;
        };
    }

    private boolean atStatementEnd() {
        Kind k = peek().kind();
        return k == Kind.SEMI || k == Kind.NEWLINE || k == Kind.EOF || k == Kind.RBRACE || k == Kind.RPAREN;
    }

    private Ast.Stmt ifStatement() {
        int pos = next().pos();
        List<Ast.Stmt> conds = new ArrayList<>();
        List<Ast.Block> bodies = new ArrayList<>();
        Ast.Block elseBody = null;
        conds.add(condition());
        bodies.add(block());
        while (true) {
            int save = p;
            skipNewlines();
            if (peek().isWord("elseif")) {
                next();
                conds.add(condition());
                bodies.add(block());
            } else if (peek().isWord("else")) {
                next();
                elseBody = block();
                break;
            } else {
                p = save;
                break;
            }
        }
        return new Ast.If(conds, bodies, elseBody, pos);
    }

    private Ast.Stmt condition() {
        skipNewlines();
        expect(Kind.LPAREN, "Missing '(' after 'if' in if statement.");
        skipNewlines();
        Ast.Stmt cond = statement();
        skipNewlines();
        expect(Kind.RPAREN, "Missing closing ')' after expression in 'if' statement.");
        return cond;
    }

    private Ast.Stmt forStatement() {
        int pos = next().pos();
        expect(Kind.LPAREN, "Missing opening '(' after keyword 'for'.");
        Ast.Stmt[] parts = new Ast.Stmt[3];
        for (int i = 0; i < 3; i++) {
            skipNewlines();
            Kind end = i < 2 ? Kind.SEMI : Kind.RPAREN;
            if (!peek().is(end)) {
                parts[i] = statement();
            }
            skipNewlines();
            expect(end, i < 2 ? "Missing ';' in the for loop." : "Missing closing ')' after the for loop.");
        }
        return new Ast.For(parts[0], parts[1], parts[2], block(), pos);
    }

    private Ast.Stmt switchStatement() {
        int pos = next().pos();
        String mode = "exact";
        while (peek().is(Kind.PARAM)) {
            String flag = next().text().substring(1).toLowerCase(Locale.ROOT);
            switch (flag) {
                case "wildcard", "regex", "exact" -> mode = flag;
                case "casesensitive" -> { }
                default -> throw PsError.unsupported("switch -" + flag, src, pos);
            }
        }
        Ast.Stmt value = condition();
        skipNewlines();
        expect(Kind.LBRACE, "Missing opening '{' in switch statement.");
        List<Ast.Expr> keys = new ArrayList<>();
        List<Ast.Block> bodies = new ArrayList<>();
        skipSeparators();
        while (!peek().is(Kind.RBRACE)) {
            if (peek().isWord("default")) {
                next();
                keys.add(null);
            } else {
                keys.add(argumentPrimary());
            }
            bodies.add(block());
            skipSeparators();
        }
        next();
        return new Ast.Switch(value, mode, keys, bodies, pos);
    }

    private Ast.Stmt functionStatement() {
        int pos = next().pos();
        Token name = next();
        if (!name.is(Kind.WORD)) {
            throw errorAt("Missing function name.", name.pos());
        }
        List<Ast.Param> params = new ArrayList<>();
        if (peek().is(Kind.LPAREN)) {
            next();
            params.addAll(parameters(Kind.RPAREN));
        }
        skipNewlines();
        expect(Kind.LBRACE, "Missing function body in function declaration.");
        skipSeparators();
        while (peek().is(Kind.LBRACKET)) {
            typeName();
            skipSeparators();
        }
        if (peek().isWord("param") && peekAt(1).is(Kind.LPAREN)) {
            next();
            next();
            params.addAll(parameters(Kind.RPAREN));
        }
        Ast.Block body = statements(Kind.RBRACE);
        expect(Kind.RBRACE, "Missing closing '}' in statement block.");
        return new Ast.Function(name.text(), params, body, pos);
    }

    /** [attr][type]$name = default, ... up to the closing token (consumed). */
    private List<Ast.Param> parameters(Kind end) {
        List<Ast.Param> params = new ArrayList<>();
        skipSeparators();
        while (!peek().is(end)) {
            String type = null;
            while (peek().is(Kind.LBRACKET)) {
                String t = typeName();
                if (!t.contains("(")) {
                    type = t;
                }
                skipNewlines();
            }
            Token var = expect(Kind.VAR, "Missing parameter name.");
            Ast.Expr dflt = null;
            if (peek().isOp("=")) {
                next();
                dflt = expression(false);
            }
            params.add(new Ast.Param(type, var.text(), dflt));
            skipSeparators();
            if (peek().is(Kind.COMMA)) {
                next();
                skipSeparators();
            }
        }
        next();
        return params;
    }

    private Ast.Stmt foreachStatement() {
        int pos = next().pos();
        expect(Kind.LPAREN, "Missing opening '(' after keyword 'foreach'.");
        Token var = expect(Kind.VAR, "Missing variable name after foreach.");
        if (!next().isWord("in")) {
            throw error("Missing 'in' after variable in foreach loop.");
        }
        Ast.Stmt source = pipeline();
        expect(Kind.RPAREN, "Missing closing ')' after expression in 'foreach' statement.");
        return new Ast.Foreach(var.text(), source, block(), pos);
    }

    private Ast.Stmt tryStatement() {
        int pos = next().pos();
        Ast.Block body = block();
        List<Ast.Block> catches = new ArrayList<>();
        Ast.Block fin = null;
        while (true) {
            int save = p;
            skipNewlines();
            if (peek().isWord("catch")) {
                next();
                while (peek().is(Kind.LBRACKET)) {
                    typeName();
                    if (peek().is(Kind.COMMA)) {
                        next();
                    }
                }
                catches.add(block());
            } else if (peek().isWord("finally")) {
                next();
                fin = block();
            } else {
                p = save;
                break;
            }
        }
        if (catches.isEmpty() && fin == null) {
            throw error("The Try statement is missing its Catch or Finally block.");
        }
        return new Ast.Try(body, catches, fin, pos);
    }

    private Ast.Block block() {
        skipNewlines();
        expect(Kind.LBRACE, "Missing statement block.");
        Ast.Block b = statements(Kind.RBRACE);
        expect(Kind.RBRACE, "Missing closing '}' in statement block.");
        return b;
    }

    // ---- pipelines and commands -------------------------------------------------------------------

    private Ast.Pipeline pipeline() {
        int pos = peek().pos();
        List<Ast.Element> elements = new ArrayList<>();
        List<Ast.Redirect> redirects = new ArrayList<>();
        elements.add(element(true));
        while (true) {
            if (peek().is(Kind.REDIRECT)) {
                redirects.add(redirect());
                continue;
            }
            if (!peek().is(Kind.PIPE)) {
                break;
            }
            next();
            skipNewlines();
            elements.add(element(false));
        }
        return new Ast.Pipeline(elements, redirects, pos);
    }

    private Ast.Redirect redirect() {
        String op = next().text();
        if (op.endsWith("&1") || op.endsWith("&2")) {
            return new Ast.Redirect(op, null);
        }
        return new Ast.Redirect(op, argumentValue());
    }

    private Ast.Element element(boolean first) {
        Token t = peek();
        if (t.is(Kind.WORD) && !(first && t.text().matches("[0-9].*"))) {
            next();
            return command(t.text(), null, t.pos());
        }
        if (t.isOp("%")) {
            next();
            return command("ForEach-Object", null, t.pos());
        }
        if (t.isOp("&")) {
            next();
            Ast.Expr nameExpr = primary(false);
            return command(null, nameExpr, t.pos());
        }
        if (t.isOp(".") || (t.is(Kind.WORD) && t.text().equals("."))) {
            throw PsError.unsupported("dot-sourcing", src, t.pos());
        }
        if (!first) {
            throw error("Expressions are only allowed as the first element of a pipeline.");
        }
        return new Ast.ExprElement(expression(true), t.pos());
    }

    private Ast.Command command(String name, Ast.Expr nameExpr, int pos) {
        List<Ast.Arg> args = new ArrayList<>();
        while (true) {
            Token t = peek();
            Kind k = t.kind();
            if (k == Kind.PIPE || k == Kind.SEMI || k == Kind.NEWLINE || k == Kind.EOF || k == Kind.RPAREN
                    || k == Kind.RBRACE || k == Kind.REDIRECT) {
                break;
            }
            if (k == Kind.PARAM) {
                next();
                String text = t.text().substring(1);
                if (text.endsWith(":")) {
                    args.add(new Ast.ParamArg(text.substring(0, text.length() - 1), argumentValue(), t.pos()));
                } else {
                    args.add(new Ast.ParamArg(text, null, t.pos()));
                }
                continue;
            }
            args.add(new Ast.ValueArg(argumentValue(), t.pos()));
        }
        return new Ast.Command(name, nameExpr, args, pos);
    }

    /** A command argument: one primary or a comma list of them. */
    private Ast.Expr argumentValue() {
        Ast.Expr first = argumentPrimary();
        if (!peek().is(Kind.COMMA)) {
            return first;
        }
        List<Ast.Expr> items = new ArrayList<>();
        items.add(first);
        while (peek().is(Kind.COMMA)) {
            next();
            skipNewlines();
            items.add(argumentPrimary());
        }
        return new Ast.ArrayLit(items);
    }

    private Ast.Expr argumentPrimary() {
        Token t = peek();
        if (t.is(Kind.WORD)) {
            next();
            // in argument mode "start=" is one token (sc.exe config x start= disabled), and so is "source=static"
            // (netsh ... source=static address=none): PowerShell passes it to the native command unsplit
            if (peek().isOp("=") && !peek().spaceBefore()) {
                next();
                String text = t.text() + "=";
                Token v = peek();
                if (!v.spaceBefore() && (v.is(Kind.WORD) || v.is(Kind.STRING))) {
                    text += next().text();
                } else if (!v.spaceBefore() && v.is(Kind.EXPANDABLE)) {
                    if (v.text().contains("$")) {
                        throw PsError.unsupported("a name=\"...$variable...\" argument", src, v.pos());
                    }
                    text += Expandable.unescapeLiteral(next().text());
                }
                return new Ast.BareWord(text);
            }
            return new Ast.BareWord(t.text());
        }
        if (t.isOp("-") && peekAt(1).is(Kind.NUMBER) && !peekAt(1).spaceBefore()) {
            next();
            return new Ast.Unary("-", postfix(primary(false)));
        }
        if (t.is(Kind.OP) && !t.text().equals("&")) {
            next();
            return new Ast.BareWord(t.text());
        }
        return postfix(primary(false));
    }

    // ---- expressions ------------------------------------------------------------------------------

    private Ast.Expr expression(boolean allowComma) {
        Ast.Expr left = comparison(allowComma);
        while (isOperator(peek(), LOGICAL)) {
            String op = opName(next());
            skipNewlines();
            left = new Ast.Binary(op, left, comparison(allowComma));
        }
        return left;
    }

    private Ast.Expr comparison(boolean allowComma) {
        Ast.Expr left = additive(allowComma);
        while (isOperator(peek(), COMPARISON)) {
            String op = opName(next());
            skipNewlines();
            left = new Ast.Binary(op, left, additive(allowComma));
        }
        return left;
    }

    private Ast.Expr additive(boolean allowComma) {
        Ast.Expr left = multiplicative(allowComma);
        while (peek().isOp("+") || peek().isOp("-")) {
            String op = next().text();
            skipNewlines();
            left = new Ast.Binary(op, left, multiplicative(allowComma));
        }
        return left;
    }

    private Ast.Expr multiplicative(boolean allowComma) {
        Ast.Expr left = format(allowComma);
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("%")) {
            String op = next().text();
            skipNewlines();
            left = new Ast.Binary(op, left, format(allowComma));
        }
        return left;
    }

    private Ast.Expr format(boolean allowComma) {
        Ast.Expr left = range(allowComma);
        while (peek().is(Kind.PARAM) && peek().text().equalsIgnoreCase("-f")) {
            next();
            left = new Ast.Binary("f", left, range(allowComma));
        }
        return left;
    }

    private Ast.Expr range(boolean allowComma) {
        Ast.Expr left = unary(allowComma);
        if (peek().isOp("..")) {
            next();
            left = new Ast.Binary("..", left, unary(allowComma));
        }
        return left;
    }

    private Ast.Expr unary(boolean allowComma) {
        Token t = peek();
        if (t.isOp("!") || (t.is(Kind.PARAM) && t.text().equalsIgnoreCase("-not"))) {
            next();
            return new Ast.Unary("not", unary(allowComma));
        }
        if (t.isOp("-") || t.isOp("+")) {
            next();
            return new Ast.Unary(t.text(), unary(allowComma));
        }
        if (t.is(Kind.PARAM) && (t.text().equalsIgnoreCase("-join") || t.text().equalsIgnoreCase("-split"))) {
            next();
            return new Ast.Unary(t.text().substring(1).toLowerCase(Locale.ROOT), unary(allowComma));
        }
        if (t.is(Kind.LBRACKET)) {
            int save = p;
            String type = typeName();
            if (peek().is(Kind.COLONCOLON)) {
                p = save;
            } else if (startsOperand(peek())) {
                return new Ast.Cast(type, unary(allowComma));
            } else {
                return new Ast.TypeLit(type);
            }
        }
        return allowComma ? commaList() : postfix(primary(true));
    }

    private boolean startsOperand(Token t) {
        return switch (t.kind()) {
            case VAR, STRING, EXPANDABLE, NUMBER, LPAREN, AT_PAREN, AT_BRACE, DOLLAR_PAREN, LBRACKET, LBRACE -> true;
            case OP -> t.text().equals("-") || t.text().equals("!");
            default -> false;
        };
    }

    private Ast.Expr commaList() {
        Ast.Expr first = postfix(primary(true));
        if (!peek().is(Kind.COMMA)) {
            return first;
        }
        List<Ast.Expr> items = new ArrayList<>();
        items.add(first);
        while (peek().is(Kind.COMMA)) {
            next();
            skipNewlines();
            items.add(postfix(primary(true)));
        }
        return new Ast.ArrayLit(items);
    }

    private Ast.Expr postfix(Ast.Expr target) {
        while (true) {
            Token t = peek();
            if (t.is(Kind.DOT) && !t.spaceBefore()) {
                next();
                Token name = next();
                if (name.is(Kind.STRING)) {
                    // $obj.'Property With Spaces' (e.g. auditpol /r columns)
                    target = new Ast.Member(target, name.text());
                    continue;
                }
                if (!name.is(Kind.WORD)) {
                    throw error("Missing property name after reference operator.");
                }
                if (peek().is(Kind.LPAREN) && !peek().spaceBefore()) {
                    target = new Ast.Invoke(target, name.text(), arguments());
                } else {
                    target = new Ast.Member(target, name.text());
                }
            } else if (t.is(Kind.LBRACKET) && !t.spaceBefore()) {
                next();
                Ast.Expr index = expression(true);
                expect(Kind.RBRACKET, "Array index expression is missing or not valid.");
                target = new Ast.Index(target, index);
            } else {
                return target;
            }
        }
    }

    private List<Ast.Expr> arguments() {
        expect(Kind.LPAREN, "Missing '('.");
        List<Ast.Expr> args = new ArrayList<>();
        skipNewlines();
        if (peek().is(Kind.RPAREN)) {
            next();
            return args;
        }
        while (true) {
            skipNewlines();
            args.add(expression(false));
            skipNewlines();
            if (peek().is(Kind.COMMA)) {
                next();
                continue;
            }
            expect(Kind.RPAREN, "Missing ')' in method call.");
            return args;
        }
    }

    private Ast.Expr primary(boolean expressionMode) {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new Ast.Const(PsConvert.parseNumber(t.text()));
            case STRING:
                return new Ast.Const(t.text());
            case EXPANDABLE:
                return new Ast.Str(Expandable.parts(t.text()));
            case VAR:
                return new Ast.Var(t.text());
            case LPAREN: {
                skipNewlines();
                Ast.Stmt s = statement();
                skipNewlines();
                expect(Kind.RPAREN, "Missing closing ')' in expression.");
                return new Ast.Paren(s);
            }
            case DOLLAR_PAREN: {
                Ast.Block b = statements(Kind.RPAREN);
                expect(Kind.RPAREN, "Missing closing ')' in subexpression.");
                return new Ast.SubExpr(b, false);
            }
            case AT_PAREN: {
                Ast.Block b = statements(Kind.RPAREN);
                expect(Kind.RPAREN, "Missing closing ')' in array subexpression.");
                return new Ast.SubExpr(b, true);
            }
            case AT_BRACE:
                return hashtable();
            case LBRACE: {
                int start = t.pos();
                Ast.Block b = statements(Kind.RBRACE);
                Token close = expect(Kind.RBRACE, "Missing closing '}' in statement block or type definition.");
                return new Ast.ScriptBlockLit(b, src.substring(start + 1, close.pos()));
            }
            case LBRACKET: {
                p--;
                String type = typeName();
                if (peek().is(Kind.COLONCOLON)) {
                    next();
                    Token member = next();
                    if (peek().is(Kind.LPAREN) && !peek().spaceBefore()) {
                        return new Ast.StaticInvoke(type, member.text(), arguments());
                    }
                    return new Ast.StaticMember(type, member.text());
                }
                return new Ast.TypeLit(type);
            }
            case WORD:
                if (!expressionMode) {
                    return new Ast.BareWord(t.text());
                }
                throw errorAt("Unexpected token '" + t.text() + "' in expression or statement.", t.pos());
            default:
                throw errorAt(t.is(Kind.EOF) ? "Missing expression." : "Unexpected token '" + t.text()
                        + "' in expression or statement.", t.pos());
        }
    }

    private Ast.Expr hashtable() {
        List<Ast.Expr> keys = new ArrayList<>();
        List<Ast.Stmt> values = new ArrayList<>();
        skipSeparators();
        while (!peek().is(Kind.RBRACE)) {
            Token k = next();
            Ast.Expr key = switch (k.kind()) {
                case WORD -> new Ast.Const(k.text());
                case STRING -> new Ast.Const(k.text());
                case EXPANDABLE -> new Ast.Str(Expandable.parts(k.text()));
                case NUMBER -> new Ast.Const(PsConvert.parseNumber(k.text()));
                case VAR -> new Ast.Var(k.text());
                default -> throw errorAt("Missing key before '=' in hash literal.", k.pos());
            };
            if (!next().isOp("=")) {
                throw errorAt("Missing '=' operator after key in hash literal.", k.pos());
            }
            skipNewlines();
            keys.add(key);
            values.add(statement());
            skipSeparators();
        }
        next();
        return new Ast.HashLit(keys, values);
    }

    private String typeName() {
        expect(Kind.LBRACKET, "Missing '['.");
        StringBuilder sb = new StringBuilder();
        while (!peek().is(Kind.RBRACKET)) {
            Token t = next();
            if (t.is(Kind.LBRACKET)) {
                expect(Kind.RBRACKET, "Missing ']'.");
                sb.append("[]");
                continue;
            }
            if (t.is(Kind.EOF) || t.is(Kind.NEWLINE)) {
                throw errorAt("Missing ] at end of type token.", t.pos());
            }
            sb.append(t.text());
        }
        next();
        return sb.toString();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static boolean isOperator(Token t, Set<String> names) {
        if (!t.is(Kind.PARAM)) {
            return false;
        }
        String n = opName(t);
        return names.contains(n) || (n.startsWith("c") && names.contains(n.substring(1)));
    }

    /** "-iEq" / "-ceq" / "-eq" → "eq" (emulator comparisons are case-insensitive; -c variants are noted). */
    private static String opName(Token t) {
        String n = t.text().substring(1).toLowerCase(Locale.ROOT);
        if ((n.startsWith("i") || n.startsWith("c")) && COMPARISON.contains(n.substring(1))
                && !COMPARISON.contains(n)) {
            return n.startsWith("c") ? "c" + n.substring(1) : n.substring(1);
        }
        return n;
    }

    private void skipSeparators() {
        while (peek().is(Kind.NEWLINE) || peek().is(Kind.SEMI)) {
            p++;
        }
    }

    private void skipNewlines() {
        while (peek().is(Kind.NEWLINE)) {
            p++;
        }
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (p < tokens.size() - 1) {
            p++;
        }
        return t;
    }

    private Token expect(Kind kind, String message) {
        Token t = peek();
        if (!t.is(kind)) {
            throw errorAt(message + (t.is(Kind.EOF) ? "" : " Unexpected token '" + t.text() + "'."), t.pos());
        }
        return next();
    }

    private PsError error(String message) {
        return errorAt(message, peek().pos());
    }

    private PsError errorAt(String message, int pos) {
        return PsError.parse(message, src, pos);
    }
}
