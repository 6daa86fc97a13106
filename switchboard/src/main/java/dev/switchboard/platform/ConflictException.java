package dev.switchboard.platform;

/**
 * The request clashes with what exists now (a taken extension or number, a call no longer in a state to be moved);
 * answered with 409. The problem's rule tells a client which: {@code unique} for a taken value, as by default.
 */
public class ConflictException extends RuntimeException {

    private final FieldProblem problem;

    /** A value already taken: rule {@code unique}. */
    public ConflictException(String field, String message) {
        this(field, "unique", message);
    }

    /**
     * A clash of another kind, named by {@code rule} ({@code state}: the thing is not in a state that allows it now;
     * {@code available}: who or what was asked for cannot take it now; {@code conflict}: the request contradicts itself
     * against what exists).
     */
    public ConflictException(String field, String rule, String message) {
        super(field + ": " + message);
        this.problem = new FieldProblem(field, rule, message);
    }

    public FieldProblem problem() {
        return problem;
    }
}
