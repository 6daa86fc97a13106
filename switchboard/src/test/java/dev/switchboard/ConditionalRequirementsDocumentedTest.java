package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A field required only in some cases cannot be marked required in the OpenAPI document (ApiContractTest holds a body's
 * required fields to exactly those {@code {}} is refused naming): its description says when ("Required when kind is
 * CLOSED_UNTIL"), and the 422 a client gets without it names the field and says the case in words. Each case the services
 * refuse so is sent here, and both are checked.
 *
 * @param path where the body is posted
 * @param body a body that is right but for the field left out
 * @param field the field the 422 must name (dotted for a nested one)
 * @param schema the component schema whose property documents it, and {@code property} its name there
 * @param when the words both must say: the description's "Required when ..." and, in the message, {@code says}
 */
class ConditionalRequirementsDocumentedTest extends IntegrationTest {

    record Case(String path, Map<String, Object> body, String field, String schema, String property, String when, String says) {
    }

    @Test
    void eachFieldRequiredOnlyInSomeCasesSaysWhenInTheDocumentAndInItsRefusal() {
        var owner = api().signUpNewCompany("Conditions Co");
        var cases = List.of(
                new Case("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL"), "until",
                        "ScheduleApiOverrideBody", "until", "Required when kind is CLOSED_UNTIL", "when kind is CLOSED_UNTIL"),
                new Case("/api/v1/routing-rules", Map.of("name", "Menu rule", "type", "IVR"), "ivr_menu_id",
                        "RuleInputRule", "ivr_menu_id", "Required when type is IVR", "phone menu (IVR) rule"),
                new Case("/api/v1/routing-rules", Map.of("name", "Hours rule", "type", "BUSINESS_HOURS",
                        "closed_target", Map.of("kind", "VOICEMAIL")), "open_target",
                        "RuleInputRule", "open_target", "Required when type is BUSINESS_HOURS", "for a business-hours rule"),
                new Case("/api/v1/routing-rules", Map.of("name", "Hours rule", "type", "BUSINESS_HOURS",
                        "open_target", Map.of("kind", "VOICEMAIL")), "closed_target",
                        "RuleInputRule", "closed_target", "Required when type is BUSINESS_HOURS", "for a business-hours rule"),
                new Case("/api/v1/routing-rules", Map.of("name", "If rule", "type", "CONDITIONAL",
                        "conditions", Map.of("known_customer", true)), "match_target",
                        "RuleInputRule", "match_target", "Required when type is CONDITIONAL", "for a conditional rule"),
                new Case("/api/v1/routing-rules", Map.of("name", "If rule", "type", "CONDITIONAL",
                        "match_target", Map.of("kind", "VOICEMAIL")), "conditions",
                        "RuleInputRule", "conditions", "Required when type is CONDITIONAL", "a conditional rule needs"),
                new Case("/api/v1/routing-rules", Map.of("name", "Ring rule", "type", "ROUND_ROBIN",
                        "no_answer_target", Map.of("kind", "MEMBER")), "no_answer_target.member_id",
                        "RuleInputTargetInput", "member_id", "Required when kind is MEMBER", "when calls go to a team member"),
                new Case("/api/v1/routing-rules", Map.of("name", "Ring rule", "type", "ROUND_ROBIN",
                        "no_answer_target", Map.of("kind", "RULE")), "no_answer_target.rule_id",
                        "RuleInputTargetInput", "rule_id", "Required when kind is RULE", "when calls go to another routing rule"),
                new Case("/api/v1/routing-rules", Map.of("name", "Ring rule", "type", "ROUND_ROBIN",
                        "no_answer_target", Map.of("kind", "QUEUE")), "no_answer_target.queue_id",
                        "RuleInputTargetInput", "queue_id", "Required when kind is QUEUE", "when calls go to a call queue"),
                new Case("/api/v1/routing-rules", Map.of("name", "Ring rule", "type", "ROUND_ROBIN",
                        "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER")), "no_answer_target.number",
                        "RuleInputTargetInput", "number", "Required when kind is EXTERNAL_NUMBER", "when calls go to an outside number"),
                new Case("/api/v1/members", Map.of("name", "Fay", "call_forwarding_enabled", true), "call_forwarding_number",
                        "MemberInput", "call_forwarding_number", "Required when call_forwarding_enabled is true",
                        "when call forwarding is enabled"),
                new Case("/api/v1/holidays", Map.of("name", "Half day", "date", "2027-07-03", "start", "12:00"), "end",
                        "HolidayInput", "end", "Required when start is given", "part-day holiday"),
                new Case("/api/v1/holidays", Map.of("name", "Thanksgiving", "date", "2027-11-25", "recurrence", "CUSTOM"), "rrule",
                        "HolidayInput", "rrule", "Required when recurrence is CUSTOM", "a custom pattern"),
                new Case("/api/v1/ivr-menus", Map.of("name", "Silent"), "greeting_text",
                        "RuleInputMenu", "greeting_text", "Required when greeting_media_id is left out", "text or an uploaded file"));
        var docs = owner.get("/v3/api-docs").json();
        var failures = new ArrayList<String>();
        for (var c : cases) {
            var description = docs.at("/components/schemas/" + c.schema() + "/properties/" + c.property() + "/description").asString("");
            if (!description.contains(c.when())) {
                failures.add(c.schema() + "." + c.property() + ": described as '" + description + "', not '" + c.when() + "'");
            }
            ApiClient.Response refused = owner.post(c.path(), c.body());
            if (refused.status() != 422) {
                failures.add(c.path() + " " + c.body() + ": answered " + refused.status() + " " + refused.body());
                continue;
            }
            var named = new ArrayList<String>();
            for (var e : refused.json().get("errors")) {
                if (e.get("field").asString().equals(c.field())) {
                    named.add(e.get("message").asString());
                }
            }
            if (named.isEmpty() || named.stream().noneMatch(m -> m.contains(c.says()))) {
                failures.add(c.path() + " " + c.body() + ": " + c.field() + " not named saying '" + c.says() + "': " + refused.body());
            }
        }
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
    }
}
