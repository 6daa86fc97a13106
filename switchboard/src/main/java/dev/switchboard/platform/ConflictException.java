package dev.switchboard.platform;

/** The input clashes with data that exists (a taken extension or number); answered with 409. */
public class ConflictException extends RuntimeException {

    private final FieldProblem problem;

    public ConflictException(String field, String message) {
        super(field + ": " + message);
        this.problem = new FieldProblem(field, "unique", message);
    }

    public FieldProblem problem() {
        return problem;
    }
}
