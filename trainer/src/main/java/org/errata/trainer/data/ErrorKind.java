package org.errata.trainer.data;

/** The slips injected into first attempts. */
public enum ErrorKind {
    /** One digit of the result (units, tens or hundreds, at random) is off by one, as when a carry or borrow is lost. */
    CARRY_SLIP,
    /** Two adjacent digits of the result are swapped. */
    DIGIT_SWAP,
    /** One operand is miscopied; the arithmetic on it is right. */
    WRONG_OPERAND,
    /** An operation is skipped: its left operand is carried on as if the term were not there. */
    DROPPED_TERM
}
