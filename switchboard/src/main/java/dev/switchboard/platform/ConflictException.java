package dev.switchboard.platform;

/**
 * The request clashes with what exists now (a taken extension or number, a member a rule still rings, a call no longer
 * in a state to be moved); answered with 409. The problem's rule tells a client which: {@code unique} for a taken value,
 * as by default; {@code in_use} for something that cannot go while others use it; {@code state}, {@code available} or
 * {@code conflict} for the rest. Only a real duplicate says {@code unique}: a client reads it as "pick another value".
 */
public class ConflictException extends RuntimeException {

    private final FieldProblem problem;

    /** A value already taken: rule {@code unique}. */
    public ConflictException(String field, String message) {
        this(field, "unique", message);
    }

    /**
     * A clash of another kind, named by {@code rule} ({@code in_use}: it cannot be deleted while what the message names
     * uses it, so change those first; {@code state}: the thing is not in a state that allows it now, as a call that is
     * over or a queue with callers waiting; {@code available}: who or what was asked for cannot take it now;
     * {@code conflict}: the request contradicts itself against what exists).
     */
    public ConflictException(String field, String rule, String message) {
        super(field + ": " + message);
        this.problem = new FieldProblem(field, rule, message);
    }

    public FieldProblem problem() {
        return problem;
    }
}
