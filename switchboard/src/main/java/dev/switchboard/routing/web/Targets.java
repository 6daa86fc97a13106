package dev.switchboard.routing.web;

import dev.switchboard.routing.RuleInput;
import dev.switchboard.routing.Target;
import java.util.UUID;

/** A target as a form's five flat fields (kind, member, rule, number, message), both ways. */
record Targets(String kind, UUID member, UUID rule, String number, String message) {

    static final Targets NONE = new Targets(null, null, null, null, null);

    static Targets of(Target t) {
        return t == null ? NONE : new Targets(t.kind().name(), t.memberId(), t.ruleId(), t.number(), t.message());
    }

    static RuleInput.TargetInput input(String kind, UUID member, UUID rule, String number, String message) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        return new RuleInput.TargetInput(kind, member, rule, blank(number), blank(message));
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
