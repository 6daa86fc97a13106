package dev.switchboard.platform;

import java.util.List;

/**
 * The request body cannot be read as the input it stands for (an unknown field, a value of the wrong type, a null for a
 * field that cannot be emptied); answered with 400 and every problem named, as an unreadable JSON body is. Nothing was changed.
 */
public class MalformedRequestException extends RuntimeException {

    private final List<FieldProblem> problems;

    public MalformedRequestException(List<FieldProblem> problems) {
        super(problems.isEmpty() ? "malformed request" : problems.getFirst().field() + ": " + problems.getFirst().message());
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
