package dev.switchboard.routing.web;

import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleType;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.List;
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

    /** The rule form's types (the words before its colon), as {@link RuleType#label()} says them. */
    static final Map<String, String> RULE_TYPES = java.util.Arrays.stream(RuleType.values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(RuleType::name, RuleType::label));
    /** The target picker's kinds (fragments/ui.html); a target is stored under {@code kind} in every entry that has one. */
    static final Map<String, String> TARGET_KINDS = Map.of("MEMBER", "A team member", "RULE", "Another routing rule",
            "VOICEMAIL", "Voicemail", "EXTERNAL_NUMBER", "An outside number", "HANGUP", "Hang up with a message",
            "QUEUE", "A call queue", "MAILBOX", "Voicemail access (extension + PIN)");
    /** The General tab's default strategies. */
    static final Map<String, String> DEFAULT_STRATEGIES = Map.of("SIMULTANEOUS", "Ring everyone at once",
            "ROUND_ROBIN", "Round robin", "VOICEMAIL", "Straight to voicemail (ring nobody)");

    /** The rule form's labels (settings/routing-form.html), without their hints in brackets. */
    static final Map<String, String> RULE_LABELS = Map.ofEntries(Map.entry("name", "Name"), Map.entry("type", "Type"),
            Map.entry("enabled", "Enabled"), Map.entry("ring_timeout_seconds", "Ring for (seconds)"),
            Map.entry("voicemail_enabled", "Voicemail when nobody answers"), Map.entry("recording_enabled", "Record these calls"),
            Map.entry("assigned_member_first", "Ring the caller's technician first"), Map.entry("ivr_menu_id", "Menu"),
            Map.entry("schedule_id", "Schedule"), Map.entry("caller_pattern", "Caller number starts with or matches"),
            Map.entry("customer_tag", "Customer tag"), Map.entry("dialled_number", "Number they called"),
            Map.entry("known_customer", "Known customer"));
    /** The General tab's labels (settings/general.html), a unit kept where the value needs it. */
    static final Map<String, String> SETTINGS_LABELS = Map.ofEntries(Map.entry("default_strategy", "Default ring strategy"),
            Map.entry("default_ring_seconds", "Ring the team for (seconds)"), Map.entry("billing_increment_seconds", "Calls are billed in blocks of (seconds)"),
            Map.entry("inbound_rate_cents_per_minute", "Incoming calls cost (cents a minute)"),
            Map.entry("outbound_rate_cents_per_minute", "Outgoing calls cost (cents a minute)"),
            Map.entry("recording_default", "Record calls by default"),
            Map.entry("announce_recording", "Tell callers when a call is recorded"),
            Map.entry("recording_announcement", "Recording announcement"),
            Map.entry("voicemail_enabled", "Voicemail when nobody answers"),
            Map.entry("detect_answering_machines", "Detect answering machines"),
            Map.entry("text_back_enabled", "Text callers nobody answered"), Map.entry("text_back_message", "Message"),
            Map.entry("text_back_after_voicemail", "Also when the caller left a voicemail"),
            Map.entry("text_back_quiet_hours", "Text one caller at most once every"));
    /** The call flow form's labels (settings/call-flow-form.html), without their hints in brackets. */
    static final Map<String, String> MENU_LABELS = Map.ofEntries(Map.entry("name", "Name"),
            Map.entry("greeting_text", "Prompt callers hear"), Map.entry("greeting_media_id", "Or a recorded prompt"),
            Map.entry("dial_by_extension", "Callers may dial an extension"),
            Map.entry("extension_prefix", "Key to press before an extension"), Map.entry("timeout_seconds", "Wait for a key press (seconds)"),
            Map.entry("max_retries", "Times to ask again"), Map.entry("invalid_prompt", "On a wrong key, say"),
            Map.entry("timeout_prompt", "On silence, say"));
    /** The legends of the call flow form's two targets (its fragments/ui target's {@code legend}). */
    static final Map<String, String> MENU_TARGETS = Map.of("invalid_target", "After the retries on wrong keys, send calls to",
            "timeout_target", "After the retries on silence, send calls to");
    /**
     * A menu's targets (its keys' and its two fallbacks') in the words of the columns and fields that set them; an
     * option is named by its key ("Key 1 › Send to"), as the form's rows are.
     */
    static final Map<String, String> MENU_TARGET_LABELS = Map.of("kind", "Send to", "member_id", "Member",
            "rule_id", "Rule or queue", "queue_id", "Rule or queue");
    /** A menu option's key, under which the menu stores where it sends calls. */
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[0-9*#]");

    /** An added rule in a few words: what it is, whom it rings and where it goes next. */
    static final List<String> RULE_SUMMARY = List.of("name", "type", "enabled", "member_ids", "ivr_menu_id", "schedule_id",
            "conditions", "open_target", "closed_target", "match_target", "no_answer_target", "recording_enabled");

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

    @Override
    public String label(String entityType, String field) {
        return switch (entityType) {
            case "routing_rule" -> RULE_LABELS.get(field);
            case "phone_settings" -> SETTINGS_LABELS.get(field);
            case "ivr_menu" -> menuLabel(field);
            default -> null;
        };
    }

    /** A menu's field as the call flow form labels it; its options ("" so each reads by its key) and their targets' fields. */
    private static String menuLabel(String field) {
        if (field.equals("options")) {
            return "";
        }
        if (KEY.matcher(field).matches()) {
            return "Key " + field;
        }
        var label = MENU_LABELS.get(field);
        label = label != null ? label : MENU_TARGETS.get(field);
        return label != null ? label : MENU_TARGET_LABELS.get(field);
    }

    @Override
    public List<String> summary(String entityType) {
        return entityType.equals("routing_rule") ? RULE_SUMMARY : List.of();
    }
}
