package dev.switchboard.routing.web;

import dev.switchboard.routing.RuleInput;
import dev.switchboard.routing.Target;
import java.util.UUID;

/**
 * A target as a form's five flat fields (kind, member, rule, number, message), both ways. A QUEUE target's
 * queue is chosen in the same list as the rules (queues are listed there under their own heading).
 */
record Targets(String kind, UUID member, UUID rule, String number, String message) {

    static final Targets NONE = new Targets(null, null, null, null, null);

    static Targets of(Target t) {
        if (t == null) {
            return NONE;
        }
        return new Targets(t.kind().name(), t.memberId(), t.kind() == Target.Kind.QUEUE ? t.queueId() : t.ruleId(), t.number(), t.message());
    }

    static RuleInput.TargetInput input(String kind, UUID member, UUID rule, String number, String message) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        if ("QUEUE".equalsIgnoreCase(kind.strip())) {
            return new RuleInput.TargetInput(kind, null, null, null, null, rule);
        }
        return new RuleInput.TargetInput(kind, member, rule, blank(number), blank(message));
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
