package dev.switchboard.routing.web;

import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The routing rules, call flows and phone settings the activity page names, with the tabs that show them; their codes
 * in the words of those tabs (a rule's type as the rule form offers it, a target's kind as the target picker, the
 * default strategy as the General tab); a rule's round-robin pointer, which every call moves, is no setting.
 */
@Component
class RoutingAuditedThings implements AuditedThings {

    /** The rule form's types (the words before its colon); simultaneous says it rings. */
    static final Map<String, String> RULE_TYPES = Map.of("DIRECT", "Direct", "ROUND_ROBIN", "Round robin",
            "SIMULTANEOUS", "Simultaneous ring", "IVR", "IVR menu", "BUSINESS_HOURS", "Business hours", "CONDITIONAL", "Conditional");
    /** The target picker's kinds (fragments/ui.html); a target is stored under {@code kind} in every entry that has one. */
    static final Map<String, String> TARGET_KINDS = Map.of("MEMBER", "A team member", "RULE", "Another routing rule",
            "VOICEMAIL", "Voicemail", "EXTERNAL_NUMBER", "An outside number", "HANGUP", "Hang up with a message",
            "QUEUE", "A call queue", "MAILBOX", "Voicemail access (extension and PIN)");
    /** The General tab's default strategies. */
    static final Map<String, String> DEFAULT_STRATEGIES = Map.of("SIMULTANEOUS", "Ring everyone at once",
            "ROUND_ROBIN", "Round robin", "VOICEMAIL", "Straight to voicemail (ring nobody)");

    private final RoutingRules rules;
    private final IvrMenus menus;

    RoutingAuditedThings(RoutingRules rules, IvrMenus menus) {
        this.rules = rules;
        this.menus = menus;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        switch (entityType) {
            case "routing_rule" -> rules.list().stream().filter(r -> ids.contains(r.id().toString()))
                    .forEach(r -> found.put(r.id().toString(), new Shown(r.name(), RulesTab.URL + "/" + r.id())));
            case "ivr_menu" -> menus.list().stream().filter(m -> ids.contains(m.id().toString()))
                    .forEach(m -> found.put(m.id().toString(), new Shown(m.name(), CallFlowsTab.URL + "/" + m.id())));
            // One per company, always there.
            case "phone_settings" -> ids.forEach(id -> found.put(id, new Shown(null, GeneralTab.URL)));
            default -> {
            }
        }
        return found;
    }

    @Override
    public String words(String entityType, String field, String value) {
        return switch (field) {
            // Queues, menus, holidays and the phone settings keep routing targets too.
            case "kind" -> TARGET_KINDS.get(value);
            case "type" -> entityType.equals("routing_rule") ? RULE_TYPES.get(value) : null;
            case "default_strategy" -> entityType.equals("phone_settings") ? DEFAULT_STRATEGIES.get(value) : null;
            default -> null;
        };
    }

    @Override
    public Set<String> internal(String entityType) {
        return entityType.equals("routing_rule") ? Set.of("round_robin_next") : Set.of();
    }
}
