package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every page a company's people read writes a phone number and a time one way ({@code DisplayFormats}): numbers of the
 * company's country as dialled there, instants as "Fri 4 Dec 2026, 7:00 PM" in its timezone. Before, the call log said
 * "+17735550123" and "Nov 25, 14:03:07" where the extensions said "+1 773-555-0123" and the tokens "Nov 25, 2025 14:03".
 * The scan reads each page's text as a person sees it (not form values, links or machine-readable attributes).
 */
class PagesWriteNumbersAndTimesOneWayTest extends IntegrationTest {

    /** E.164 as the database keeps it: a page showing it shows the machine's form, not a person's. */
    private static final Pattern E164 = Pattern.compile("(?<![\\w+])\\+[1-9][0-9]{7,14}(?![0-9])");
    /** An ISO 8601 date or timestamp, or a time on a 24-hour clock, as a page writing a raw value would. */
    private static final Pattern ISO_OR_24H = Pattern.compile("\\b[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:]+)?|\\b[0-9]{2}:[0-9]{2}(?::[0-9]{2})?+(?![0-9]| ?[AP]M)");
    /** A date and time as the pages write one. */
    private static final Pattern DATE_TIME = Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}, [0-9]{1,2}:[0-9]{2} [AP]M");

    @Autowired
    dev.switchboard.voicemail.Voicemails voicemails;

    @Autowired
    TransactionTemplate tx;

    @Test
    void everyPageWritesNumbersInTheCompanysWayAndTimesInOnePattern() {
        var web = newCompanyOwner("Formats Plumbing");
        var owner = api().login(web.email(), "correct-horse");
        var business = unusedNumber();
        var did = unusedNumber();
        var caller = "+1773555" + String.format("%04d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1000, 9999));
        assertThat(owner.put("/api/v1/company", Map.of("name", "Formats Plumbing", "timezone", "America/Denver",
                "business_numbers", List.of(business))).status()).isEqualTo(200);
        var member = owner.post("/api/v1/members", Map.of("name", "Rita Moreno", "phone_extension", "101",
                "direct_inward_dial", did, "call_forwarding_enabled", true, "call_forwarding_number", "+17205550199"));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        var memberId = member.json().get("id").asString();
        var customer = owner.post("/api/v1/customers", Map.of("name", "Robert Chen", "phone_numbers", List.of(caller, "+442079460000")));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        var customerId = customer.json().get("id").asString();
        assertThat(owner.post("/api/v1/jobs", Map.of("customer_id", customerId, "title", "Boiler", "status", "SCHEDULED",
                "assigned_member_id", memberId, "scheduled_at", "2026-12-05T02:00:00Z")).status()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS", "member_ids", List.of(memberId),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "+17205550141")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(owner.post("/api/v1/simulator/texts", Map.of("from", caller, "to", business, "text", "STOP")).status()).isLessThan(300);
        var company = CompanyId.of(web.companyId());
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s ->
                voicemails.deposit(null, UUID.randomUUID(), caller, Instant.now(), 12, null)));
        web.post("/settings/team/tokens", "name", "CRM");

        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", caller, "to", business));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        owner.post("/api/v1/simulator/calls/" + placed.json().get("id").asString() + "/hangup", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> web.get("/calls").body().contains("call-row"));
        var callId = web.get("/calls").body().replaceAll("(?s).*href=\"/calls/([0-9a-f-]{36})\".*", "$1");

        var pages = List.of("/setup/extensions", "/calls", "/calls/" + callId, "/voicemail", "/customers", "/customers/" + customerId,
                "/settings/communications/phone/general", "/settings/communications/phone/extensions",
                "/settings/communications/phone/routing", "/settings/communications/phone/voicemail",
                "/settings/communications/phone/hours", "/settings/communications/phone/holidays",
                "/settings/communications/phone/call-flows", "/settings/communications/phone/analytics",
                "/settings/communications/phone/text-opt-outs", "/settings/communications/phone/audio", "/settings/team", "/settings/team/tokens", "/queues",
                "/settings/activity", "/test-call", tryRouting(caller, business));
        var found = new ArrayList<String>();
        for (var path : pages) {
            var page = web.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            var text = text(page.body());
            E164.matcher(text).results().forEach(m -> found.add(path + ": " + around(text, m.start())));
            ISO_OR_24H.matcher(text).results().forEach(m -> found.add(path + ": " + around(text, m.start())));
        }
        assertThat(found).as("numbers in E.164 or times not in the pages' pattern").isEmpty();

        // And each in the one way: the company's own numbers as dialled in the US, a foreign one internationally.
        assertThat(text(web.get("/calls").body())).contains(national(caller));
        assertThat(text(web.get("/customers/" + customerId).body())).contains(national(caller) + ", +44 20 7946 0000")
                .contains("Fri 4 Dec 2026, 7:00 PM");
        assertThat(text(web.get("/settings/communications/phone/extensions").body())).contains(national(did));
        assertThat(text(web.get("/voicemail").body())).contains(national(caller)).containsPattern(DATE_TIME);
        assertThat(text(web.get("/settings/communications/phone/text-opt-outs").body())).contains(national(caller))
                .containsPattern(DATE_TIME);
        assertThat(text(web.get("/settings/team/tokens").body())).containsPattern(DATE_TIME);
        assertThat(text(web.get("/settings/activity").body())).containsPattern(DATE_TIME);
        assertThat(text(web.get("/calls/" + callId).body())).contains("Call from " + national(caller)).containsPattern(DATE_TIME);
        // "Try your routing" wrote "+1 720-555-0141" and "opens Saturday, December 26 at 8:00 AM" in a way of its own.
        assertThat(text(web.get(tryRouting(caller, business)).body())).contains("From " + national(caller) + ": Robert Chen (customer")
                .contains(national(business) + " (main number)").contains("Ring Rita Moreno at (720) 555-0199")
                .contains("Forward the call to (720) 555-0141").contains("Mon 7 Dec 2026, 9:30 AM (MST)")
                .doesNotContain("+1 720").doesNotContain("+1 773");
    }

    /** A test call to a number that is not the company's lists the company's numbers as the pages write them, not in E.164. */
    @Test
    void theTestCallsRefusedNumberListsTheCompanysNumbersAsPagesWriteThem() {
        var web = newCompanyOwner("Test Call Formats Co");
        var owner = api().login(web.email(), "correct-horse");
        var business = unusedNumber();
        assertThat(owner.put("/api/v1/company", Map.of("name", "Test Call Formats Co", "timezone", "America/Denver",
                "business_numbers", List.of(business))).status()).isEqualTo(200);
        web.get("/test-call");
        var refused = web.post("/test-call", "from", "+17735550188", "to", "+17735550177");
        assertThat(refused.status()).isEqualTo(422);
        var text = text(refused.body());
        assertThat(text).contains("must be one of the company's numbers: " + national(business));
        assertThat(E164.matcher(text).results().map(m -> around(text, m.start())).toList()).as("numbers in E.164").isEmpty();
    }

    /** The "Try your routing" page's answer for a call from {@code caller} to {@code business} on a Monday morning. */
    private static String tryRouting(String caller, String business) {
        return "/settings/communications/phone/routing/try?from=" + caller.replace("+", "%2B") + "&to=" + business.replace("+", "%2B")
                + "&date=2026-12-07&time=09:30";
    }

    /** "+17735550123" as dialled in the US: "(773) 555-0123". */
    private static String national(String e164) {
        return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
    }

    /** What a person reads: no scripts, no form values being edited, no tags or their attributes. */
    static String text(String html) {
        return html.replaceAll("(?is)<script.*?</script>|<style.*?</style>|<textarea.*?</textarea>", " ")
                .replaceAll("(?s)<[^>]*>", " ")
                .replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&").replace("&#43;", "+")
                .replaceAll("\\s+", " ");
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 40));
    }
}
