package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a review of the web forms found said wrongly or not at all (session 34): an empty file chosen for a greeting or
 * hold music was taken as no file (the form said saved, the old greeting kept); a menu key's refusal was said beside no
 * key ("please correct the fields marked below", none marked); the wizard's rule step hid a refused type; the test call
 * page said its number example twice in the national form.
 */
class FormReviewTest extends IntegrationTest {

    ApiClient api;
    WebClient web;

    @BeforeEach
    void company() {
        api = api().signUpNewCompany("Form Review Co");
        web = webLogin(api.email(), "correct-horse");
    }

    @Test
    void anEmptyFileChosenIsRefusedAsEmptyBesideItsFieldNotTakenAsNoFile() {
        var forms = new String[][] {
                {"/settings/communications/phone/voicemail", "greetingFile", "greetingType", "AUDIO", "retention", "90",
                        "maxMessageSeconds", "120"},
                {"/settings/communications/phone/holidays/new", "greetingFile", "name", "Closed", "date",
                        LocalDate.now().plusDays(3).toString(), "recurrence", "ONE_TIME", "enabled", "true"},
                {"/settings/communications/phone/call-flows/new", "greetingFile", "name", "Main menu", "timeoutSeconds", "5",
                        "maxRetries", "2", "timeoutKind", "VOICEMAIL"},
                {"/queues/new", "holdMusicFile", "name", "Sales line", "strategy", "FIXED_ORDER", "ringTimeoutSeconds", "25",
                        "wrapUpSeconds", "15", "maxWaitSeconds", "600", "maxWaitKind", "VOICEMAIL", "maxCallers", "12",
                        "maxMissedOffers", "2", "rejoinWindowSeconds", "90", "shortAbandonSeconds", "4", "serviceLevelSeconds", "30"}};
        for (var form : forms) {
            web.get(form[0]);
            var fields = java.util.Arrays.copyOfRange(form, 2, form.length);
            var refused = web.postFile(form[0], form[1], "empty.wav", "audio/wav", new byte[0], fields);
            assertThat(refused.status()).as(form[0] + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.body()).as(form[0]).contains("the file is empty");
        }
        assertThat(api.get("/api/v1/holidays").json()).as("no holiday saved").isEmpty();
        assertThat(api.get("/api/v1/ivr-menus").json()).as("no menu saved").isEmpty();
        assertThat(api.get("/api/v1/queues").json()).as("no queue saved").isEmpty();
        assertThat(api.get("/api/v1/media").json()).as("no file kept").isEmpty();
    }

    @Test
    void aMenuKeysRefusalIsSaidBesideThatKey() {
        var page = web.get("/settings/communications/phone/call-flows/new");
        assertThat(page.status()).isEqualTo(200);
        var refused = web.postFile("/settings/communications/phone/call-flows/new", "greetingFile", "", "application/octet-stream",
                new byte[0], "name", "Main menu", "greetingText", "Press 2 for the hotline.", "k2Kind", "EXTERNAL_NUMBER",
                "k2Number", "+1 900 555 0100", "timeoutSeconds", "5", "maxRetries", "2", "timeoutKind", "VOICEMAIL");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).containsPattern("<small class=\"field-error\"[^>]*>must not be a premium-rate number</small>");
        assertThat(api.get("/api/v1/ivr-menus").json()).isEmpty();
    }

    @Test
    void theWizardsRuleStepSaysWhyATypeItDoesNotOfferIsRefused() {
        var member = api.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        web.get("/setup/rule");
        var refused = web.post("/setup/rule", "name", "Everyone", "type", "BOGUS", "memberIds", member);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("choose how calls ring: everyone at once, round robin or one person");
        var menu = web.post("/setup/rule", "name", "Everyone", "type", "IVR", "memberIds", member);
        assertThat(menu.status()).isEqualTo(422);
        assertThat(menu.body()).contains("choose how calls ring");
        assertThat(api.get("/api/v1/routing-rules").json()).isEmpty();
    }

    /** A tag no customer can have (customers' tags are letters, digits, spaces, _ or -) never matches a call: refused. */
    @Test
    void aTagNoCustomerCanHaveIsRefusedAsARulesConditionAndAQueuesVipTag() {
        var rule = api.post("/api/v1/routing-rules", Map.of("name", "VIPs", "type", "CONDITIONAL",
                "conditions", Map.of("customer_tag", "VIP!"), "match_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(422);
        assertThat(rule.errorField()).isEqualTo("conditions.customer_tag");
        assertThat(rule.body()).contains("must be letters, digits, spaces, _ or -");
        var queue = api.post("/api/v1/queues", Map.of("name", "Sales", "vip_tag", "<b>"));
        assertThat(queue.status()).as(queue.body()).isEqualTo(422);
        assertThat(queue.errorField()).isEqualTo("vip_tag");
        assertThat(api.get("/api/v1/routing-rules").json()).isEmpty();
        assertThat(api.get("/api/v1/queues").json()).isEmpty();
        // A tag a customer can have is taken, as before.
        assertThat(api.post("/api/v1/routing-rules", Map.of("name", "VIPs", "type", "CONDITIONAL",
                "conditions", Map.of("customer_tag", "gold_plan"), "match_target", Map.of("kind", "VOICEMAIL"))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/queues", Map.of("name", "Sales", "vip_tag", "gold plan")).status()).isEqualTo(201);
    }

    @Test
    void theTestCallPageWritesItsNumberExampleInBothForms() {
        web.get("/test-call");
        var refused = web.post("/test-call", "from", "abc", "to", "");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("write it as +12015550123 or (201) 555-0123")
                .doesNotContain("write it as (201) 555-0123 or (201) 555-0123");
    }
}
