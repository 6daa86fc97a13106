package dev.switchboard.platform;

/**
 * One thing wrong with an input: which field, which rule it broke, and a sentence for a person.
 *
 * @param field the JSON field or form field, dotted for nested ones ({@code vacation.endDate})
 * @param rule a short stable name of the rule ({@code range}, {@code e164}, {@code unique}, {@code required})
 * @param message what is wrong, in words
 */
public record FieldProblem(String field, String rule, String message) {
}
