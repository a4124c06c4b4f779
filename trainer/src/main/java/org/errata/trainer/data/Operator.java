package org.errata.trainer.data;

/** The arithmetic operations of the demo task, with the text they are written as. */
public enum Operator {
    ADD('+', 1),
    SUB('-', 1),
    MUL('*', 2);

    private final char symbol;
    private final int precedence;

    Operator(char symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public char symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public long apply(long left, long right) {
        return switch (this) {
            case ADD -> left + right;
            case SUB -> left - right;
            case MUL -> left * right;
        };
    }

    public static Operator of(char symbol) {
        for (Operator op : values()) {
            if (op.symbol == symbol) {
                return op;
            }
        }
        throw new IllegalArgumentException("not an operator: " + symbol);
    }
}
