package dev.switchboard.routing.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;
import static dev.switchboard.support.FormWords.template;
import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void aMenusFieldsAreLabelledAsTheCallFlowFormLabelsThem() {
        assertLabels("settings/call-flow-form", RoutingAuditedThings.MENU_LABELS, Map.of("greeting_media_id", "greetingFile"));
        var form = template("settings/call-flow-form");
        // Its two fallbacks are the target fragment's, under the legend the form gives each.
        RoutingAuditedThings.MENU_TARGETS.values().forEach(legend -> assertThat(form).as("the call flow form's legend").contains("'" + legend + "'"));
        // A key's target is set in the columns of its row, a fallback's in the target fragment's fields.
        var fragment = template("fragments/ui");
        for (var words : java.util.Set.copyOf(RoutingAuditedThings.MENU_TARGET_LABELS.values())) {
            assertThat(form).as("the call flow form's column").contains("<th scope=\"col\">" + words + "</th>");
            assertThat(fragment).as("the target fragment's label").containsPattern("<label th:for=\"[^\"]*\">" + words + "[ <]");
        }
        assertThat(form).contains("<th scope=\"col\">Key</th>");
    }
}
