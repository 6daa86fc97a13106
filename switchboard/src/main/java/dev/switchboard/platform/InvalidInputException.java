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

    /** The value itself when within {@code min..max}; otherwise refused naming the field and the range. */
    public static int requireInRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, "range", "must be " + min + " to " + max);
        }
        return value;
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** The first problem of each field, by field name: what a form shows beside each input. */
    public java.util.Map<String, String> byField() {
        var map = new java.util.LinkedHashMap<String, String>();
        problems.forEach(p -> {
            map.putIfAbsent(p.field(), p.message());
            var plain = p.field().replaceAll("\\[[^]]*]", "");
            map.putIfAbsent(plain, p.message());
            // "match_target.number" is also shown beside the whole "match_target" group.
            if (plain.contains(".")) {
                map.putIfAbsent(plain.substring(0, plain.indexOf('.')), p.message());
            }
        });
        return map;
    }
}
