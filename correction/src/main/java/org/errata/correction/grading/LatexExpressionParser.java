package org.errata.correction.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the LaTeX of one scalar answer ({@code \frac{\sqrt{3}}{2}}, {@code 2x^2-3}, {@code
 * 3\pi}, {@code \binom{5}{2}}...) into a {@link MathExpr}. Recursive descent with implicit
 * multiplication; single letters are variables ({@code xy} is x·y), {@code e} and {@code \pi}
 * are constants. Anything it cannot read raises {@link MathSyntaxException}.
 */
final class LatexExpressionParser {

    /** Thrown for text that is not a readable expression; checkers treat it as "not equal". */
    static final class MathSyntaxException extends RuntimeException {
        MathSyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private enum Kind { NUM, LETTER, CMD, SYM, END }

    private record Token(Kind kind, String text) {
        boolean is(char c) { return kind == Kind.SYM && text.length() == 1 && text.charAt(0) == c; }
        boolean isCmd(String name) { return kind == Kind.CMD && text.equals(name); }
    }

    private static final Set<String> FUNCTIONS = Set.of(
            "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "ln", "log", "exp");
    private static final Set<String> IGNORED_COMMANDS = Set.of(
            "left", "right", "displaystyle", "!", ",", ";", ":", " ", "big", "Big", "bigg", "Bigg");
    private static final int MAX_LENGTH = 2000;

    private final List<Token> tokens;
    private int pos;

    private LatexExpressionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static MathExpr parse(String latex) {
        if (latex.length() > MAX_LENGTH) throw new MathSyntaxException("answer too long to parse");
        LatexExpressionParser p = new LatexExpressionParser(tokenize(latex));
        if (p.peek().kind == Kind.END) throw new MathSyntaxException("empty expression");
        MathExpr e = p.expression();
        if (p.peek().kind != Kind.END) throw new MathSyntaxException("unexpected '" + p.peek().text + "'");
        return e;
    }

    // ---- tokens

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '$') {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int j = i;
                while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
                if (j < s.length() && s.charAt(j) == '.' && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1))) {
                    j++;
                    while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
                }
                out.add(new Token(Kind.NUM, s.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c)) {
                out.add(new Token(Kind.LETTER, String.valueOf(c)));
                i++;
            } else if (c == '\\') {
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) j++;
                if (j == i + 1 && j < s.length()) j++; // a one-character command such as \, or \{
                String name = s.substring(i + 1, j);
                if (!IGNORED_COMMANDS.contains(name)) out.add(new Token(Kind.CMD, name));
                i = j;
            } else {
                out.add(new Token(Kind.SYM, String.valueOf(c)));
                i++;
            }
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) pos++;
        return t;
    }

    private void expect(char c) {
        Token t = next();
        if (!t.is(c)) throw new MathSyntaxException("expected '" + c + "' but found '" + t.text + "'");
    }

    // ---- grammar

    private MathExpr expression() {
        List<MathExpr> terms = new ArrayList<>();
        terms.add(term());
        while (true) {
            Token t = peek();
            if (t.is('+')) {
                next();
                terms.add(term());
            } else if (t.is('-')) {
                next();
                terms.add(new MathExpr.Neg(term()));
            } else {
                break;
            }
        }
        return terms.size() == 1 ? terms.get(0) : new MathExpr.Sum(terms);
    }

    private MathExpr term() {
        MathExpr acc = unary();
        while (true) {
            Token t = peek();
            if (t.is('*') || t.isCmd("cdot") || t.isCmd("times")) {
                next();
                acc = times(acc, unary());
            } else if (t.is('/') || t.isCmd("div")) {
                next();
                acc = new MathExpr.Quotient(acc, unary());
            } else if (startsFactor(t)) {
                acc = times(acc, power());
            } else {
                break;
            }
        }
        return acc;
    }

    private static MathExpr times(MathExpr a, MathExpr b) {
        List<MathExpr> fs = new ArrayList<>();
        if (a instanceof MathExpr.Product p) fs.addAll(p.factors()); else fs.add(a);
        fs.add(b);
        return new MathExpr.Product(fs);
    }

    private boolean startsFactor(Token t) {
        return switch (t.kind) {
            case NUM, LETTER -> true;
            case SYM -> t.is('(') || t.is('{');
            case CMD -> !(t.text.equals("cdot") || t.text.equals("times") || t.text.equals("div")
                    || t.text.equals("pm") || t.text.equals("mp") || t.text.equals("}"));
            case END -> false;
        };
    }

    private MathExpr unary() {
        Token t = peek();
        if (t.is('-')) {
            next();
            return new MathExpr.Neg(unary());
        }
        if (t.is('+')) {
            next();
            return unary();
        }
        return power();
    }

    private MathExpr power() {
        MathExpr base = postfix();
        if (peek().is('^')) {
            next();
            MathExpr exponent = exponent();
            return new MathExpr.Power(base, exponent);
        }
        return base;
    }

    private MathExpr exponent() {
        Token t = peek();
        if (t.is('{')) return group();
        if (t.is('-')) {
            next();
            return new MathExpr.Neg(exponent());
        }
        if (t.kind == Kind.NUM && t.text.length() > 1 && !t.text.contains(".")) {
            // x^23 in LaTeX is x^{2}3: the exponent is one character.
            next();
            tokens.add(pos, new Token(Kind.NUM, t.text.substring(1)));
            return new MathExpr.Num(Rational.parseDecimal(t.text.substring(0, 1)));
        }
        return postfix();
    }

    private MathExpr postfix() {
        MathExpr e = primary();
        while (peek().is('!')) {
            next();
            e = new MathExpr.Call("factorial", e);
        }
        return e;
    }

    private MathExpr group() {
        expect('{');
        MathExpr e = expression();
        expect('}');
        return e;
    }

    /** A command argument: a braced group or a single token ({@code \frac12}). */
    private MathExpr argument() {
        Token t = peek();
        if (t.is('{')) return group();
        if (t.kind == Kind.NUM) {
            next();
            if (t.text.length() > 1 && !t.text.contains(".")) {
                tokens.add(pos, new Token(Kind.NUM, t.text.substring(1)));
                return new MathExpr.Num(Rational.parseDecimal(t.text.substring(0, 1)));
            }
            return new MathExpr.Num(Rational.parseDecimal(t.text));
        }
        return primary();
    }

    private MathExpr primary() {
        Token t = next();
        switch (t.kind) {
            case NUM:
                return new MathExpr.Num(Rational.parseDecimal(t.text));
            case LETTER:
                return letter(t.text);
            case SYM:
                if (t.is('(')) return closeWith(')');
                if (t.is('[')) return closeWith(']');
                if (t.is('{')) return closeWith('}');
                if (t.is('|')) {
                    MathExpr inner = expression();
                    expect('|');
                    return new MathExpr.Call("abs", inner);
                }
                throw new MathSyntaxException("unexpected '" + t.text + "'");
            case CMD:
                return command(t.text);
            default:
                throw new MathSyntaxException("expression ends too early");
        }
    }

    private MathExpr closeWith(char close) {
        MathExpr e = expression();
        expect(close);
        return e;
    }

    private MathExpr letter(String name) {
        String full = name;
        if (peek().is('_')) {
            next();
            Token t = peek();
            if (t.is('{')) {
                next();
                StringBuilder sub = new StringBuilder();
                while (!peek().is('}')) {
                    Token s = next();
                    if (s.kind == Kind.END) throw new MathSyntaxException("unclosed subscript");
                    sub.append(s.text);
                }
                next();
                full = name + "_" + sub;
            } else {
                full = name + "_" + next().text;
            }
        }
        if (full.equals("e")) return new MathExpr.Const("e", Math.E);
        return new MathExpr.Var(full);
    }

    private MathExpr command(String name) {
        switch (name) {
            case "frac", "dfrac", "tfrac", "cfrac":
                return new MathExpr.Quotient(argument(), argument());
            case "sqrt": {
                if (peek().is('[')) {
                    next();
                    MathExpr index = expression();
                    expect(']');
                    return new MathExpr.Power(argument(), new MathExpr.Quotient(new MathExpr.Num(Rational.ONE), index));
                }
                return new MathExpr.Call("sqrt", argument());
            }
            case "binom", "dbinom", "tbinom": {
                MathExpr n = argument();
                MathExpr k = argument();
                return new MathExpr.Quotient(new MathExpr.Call("factorial", n), new MathExpr.Product(List.of(
                        new MathExpr.Call("factorial", k),
                        new MathExpr.Call("factorial", new MathExpr.Sum(List.of(n, new MathExpr.Neg(k)))))));
            }
            case "pi":
                return new MathExpr.Const("pi", Math.PI);
            case "infty", "infin":
                return new MathExpr.Const("infinity", Double.POSITIVE_INFINITY);
            case "mathrm", "mathbf", "mathit", "operatorname", "text", "textbf", "mbox", "boxed":
                return argument();
            case "exp":
                return new MathExpr.Call("exp", functionArgument());
            default:
                if (FUNCTIONS.contains(name)) return function(name);
                throw new MathSyntaxException("unknown command \\" + name);
        }
    }

    /** {@code \sin x}, {@code \sin^2 x}, {@code \log_2 8}, {@code \ln(x+1)}. */
    private MathExpr function(String name) {
        MathExpr base = null;
        if (name.equals("log") && peek().is('_')) {
            next();
            base = argument();
        }
        MathExpr power = null;
        if (peek().is('^')) {
            next();
            power = exponent();
        }
        MathExpr value = new MathExpr.Call(name, functionArgument());
        if (base != null) value = new MathExpr.Quotient(value, new MathExpr.Call("ln", base));
        return power == null ? value : new MathExpr.Power(value, power);
    }

    private MathExpr functionArgument() {
        Token t = peek();
        if (t.is('(')) {
            next();
            return closeWith(')');
        }
        return power();
    }
}
