package dev.switchboard.routing;

import java.util.UUID;

/**
 * A target as a form's five flat fields (kind, member, rule, number, message), both ways. A QUEUE target's
 * queue is chosen in the same list as the rules (queues are listed there under their own heading). Used by every
 * form with a target: the routing tabs, the setup wizard, the queue editor.
 */
public record TargetForm(String kind, UUID member, UUID rule, String number, String message) {

    public static final TargetForm NONE = new TargetForm(null, null, null, null, null);

    public static TargetForm of(Target t) {
        if (t == null) {
            return NONE;
        }
        return new TargetForm(t.kind().name(), t.memberId(), t.kind() == Target.Kind.QUEUE ? t.queueId() : t.ruleId(), t.number(), t.message());
    }

    public static RuleInput.TargetInput input(String kind, UUID member, UUID rule, String number, String message) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        if ("QUEUE".equalsIgnoreCase(kind.strip())) {
            return new RuleInput.TargetInput(kind, null, null, null, null, rule);
        }
        return new RuleInput.TargetInput(kind, member, rule, blank(number), blank(message));
    }

    public static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
