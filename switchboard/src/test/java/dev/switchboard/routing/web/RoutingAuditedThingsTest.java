package dev.switchboard.routing.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Activity page's words for rules and phone settings are their forms' own: a form changed, this fails. */
class RoutingAuditedThingsTest {

    @Test
    void aRulesFieldsAndTypesAreSaidAsTheRuleFormSaysThem() {
        assertLabels("settings/routing-form", RoutingAuditedThings.RULE_LABELS, Map.of());
        assertChoices("settings/routing-form", "type", RoutingAuditedThings.RULE_TYPES);
    }

    @Test
    void targetKindsAndTheDefaultStrategyAreSaidAsTheirPickersOfferThem() {
        var picker = new HashMap<>(RoutingAuditedThings.TARGET_KINDS);
        // Only a menu's option can lead to voicemail access: it is offered on the call flow form.
        assertChoices("settings/call-flow-form", "kind", Map.of("MAILBOX", picker.remove("MAILBOX")));
        assertChoices("fragments/ui", "kind", picker);
        assertChoices("settings/general", "defaultStrategy", RoutingAuditedThings.DEFAULT_STRATEGIES);
    }

    @Test
    void thePhoneSettingsAreLabelledAsTheGeneralTabLabelsThem() {
        assertLabels("settings/general", RoutingAuditedThings.SETTINGS_LABELS, Map.of("billing_increment_seconds", "billingIncrement",
                "inbound_rate_cents_per_minute", "inboundRate", "outbound_rate_cents_per_minute", "outboundRate"));
    }
}
