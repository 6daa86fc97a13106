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

    /**
     * Runs every check, each even when one before it was refused, and refuses naming every problem they found: a body with
     * several fields wrong (two required ones left out) is told of them all at once, where checks that each stop at their
     * first problem would tell of one. Checks without side effects only: one that passes is run again for its value.
     */
    public static void all(Runnable... checks) {
        var problems = new java.util.ArrayList<FieldProblem>();
        for (var check : checks) {
            try {
                check.run();
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The value itself when within {@code min..max}; otherwise refused naming the field and the range. */
    public static int requireInRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, "range", "must be " + min + " to " + max);
        }
        return value;
    }

    /** The earliest instant PostgreSQL's timestamptz holds as given (a later year than 9999 it cannot, nor before year 1). */
    public static final java.time.Instant EARLIEST = java.time.Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant a timestamp parameter may name (see {@link #EARLIEST}). */
    public static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * The instant itself (null too) when the database can hold it; otherwise refused naming the field (a page's cursor,
     * a period's end), not left to fail in the query as "body".
     */
    public static java.time.Instant requireStorable(String field, java.time.Instant at) {
        if (!isStorable(at)) {
            throw new InvalidInputException(field, "range", NOT_STORABLE);
        }
        return at;
    }

    /** The date itself (null too) when its year is 0001 to 9999; otherwise refused naming the field (see {@link #EARLIEST}). */
    public static java.time.LocalDate requireStorable(String field, java.time.LocalDate date) {
        if (date != null && (date.getYear() < 1 || date.getYear() > 9999)) {
            throw new InvalidInputException(field, "range", "must be a date between 0001-01-01 and 9999-12-31");
        }
        return date;
    }

    /** Whether the database can hold {@code at} as given (null: nothing to hold); see {@link #EARLIEST}. */
    public static boolean isStorable(java.time.Instant at) {
        return at == null || !(at.isBefore(EARLIEST) || at.isAfter(LATEST));
    }

    /** What an instant the database cannot hold is told (see {@link #requireStorable(String, java.time.Instant)}). */
    public static final String NOT_STORABLE = "must be between 0001-01-01 and 9999-12-31";

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
            // "match_target.number" is also shown beside the whole "match_target" group, and "options.2.number" beside its
            // key's row ("options.2") as well as the whole "options": every part the path goes through.
            for (int dot = plain.lastIndexOf('.'); dot > 0; dot = plain.lastIndexOf('.', dot - 1)) {
                map.putIfAbsent(plain.substring(0, dot), p.message());
            }
        });
        return map;
    }
}
