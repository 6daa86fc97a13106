package dev.switchboard.platform;

import java.util.List;

/** The input breaks one or more rules; answered with 422 and every problem named. Nothing was changed. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidInputException(List<FieldProblem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.getFirst().field() + ": " + problems.getFirst().message());
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String field, String rule, String message) {
        this(List.of(new FieldProblem(field, rule, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
