package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Adding, editing and deleting team members on the Extensions tab, through the same checks as {@code /api/v1/members}:
 * every refusal is said beside its field with what was typed kept and nobody added or changed; a member something
 * still sends calls to is not deleted, and the confirmation names each place with a link to it.
 */
class TeamMemberPagesTest extends IntegrationTest {

    static final String TAB = "/settings/communications/phone/extensions";

    private static String memberId(String html, String name) {
        return html.replaceAll("(?s).*id=\"member-([0-9a-f-]{36})\"[^<]*<td><strong>" + name + "<.*", "$1");
    }

    /** The API as the owner {@code email} of a company signed up by {@link #newCompanyOwner}. */
    private ApiClient apiLogin(String email) {
        return api().login(email, "correct-horse");
    }

    private int members(WebClient web) {
        return web.get(TAB).body().split("id=\"member-").length - 1;
    }

    /** The value the add or edit form holds in {@code field}. */
    private static String value(String html, String field) {
        var input = html.replaceAll("(?s).*(<input[^>]*name=\"" + field + "\"[^>]*>).*", "$1");
        return input.replaceAll("(?s).*value=\"([^\"]*)\".*", "$1");
    }

    /**
     * A member added while a routing rule takes every call and rings others (the demo's "Office") is told to be in no
     * rule yet, naming the rule; so is one added where calls no rule takes go to voicemail. Where the team is rung, the
     * new member is too, and nothing is said. A first-day owner added a member and waited for the main number to ring them.
     */
    @Test
    void aMemberAddedIsToldWhenCallsToTheBusinessNumberWillNotRingThemYet() {
        var web = newCompanyOwner("Reach Air");
        var api = apiLogin(web.email());
        web.get(TAB + "/new");
        web.htmxPost(TAB + "/new", "name", "Ann Lee", "phoneExtension", "101", "sipAddress", "sip:ann@reach.sip.telnyx.com",
                "ringTimeoutSeconds", "20", "maxConcurrentCalls", "1", "extensionEnabled", "true");
        var list = web.get(TAB).body();
        assertThat(list).as("no rule: the team, Ann with it, is rung").contains("Ann Lee added with extension 101.")
                .doesNotContain("do not ring Ann Lee");
        var ann = memberId(list, "Ann Lee");
        var office = api.post("/api/v1/routing-rules", java.util.Map.of("name", "Office", "type", "SIMULTANEOUS", "member_ids", java.util.List.of(ann)));
        assertThat(office.status()).as(office.body()).isEqualTo(201);

        web.get(TAB + "/new");
        web.htmxPost(TAB + "/new", "name", "Rick Field", "phoneExtension", "102", "sipAddress", "sip:rick@reach.sip.telnyx.com",
                "ringTimeoutSeconds", "20", "maxConcurrentCalls", "1", "extensionEnabled", "true");
        assertThat(web.get(TAB).body()).contains("Rick Field added with extension 102. Calls to your business number do not ring Rick Field"
                + " yet: the routing rule &#39;Office&#39; takes every call and rings others. Add Rick Field to it (or to a rule above it) on"
                + " the Call Routing tab; their extension reaches them meanwhile.");

        assertThat(api.delete("/api/v1/routing-rules/" + office.json().get("rule").get("id").asString()).status()).isEqualTo(204);
        assertThat(api.put("/api/v1/phone-settings", java.util.Map.of("default_strategy", "VOICEMAIL")).status()).isEqualTo(200);
        web.get(TAB + "/new");
        web.htmxPost(TAB + "/new", "name", "Sam Ortiz", "phoneExtension", "103", "sipAddress", "sip:sam@reach.sip.telnyx.com",
                "ringTimeoutSeconds", "20", "maxConcurrentCalls", "1", "extensionEnabled", "true");
        assertThat(web.get(TAB).body()).contains("Sam Ortiz added with extension 103. Calls to your business number do not ring Sam Ortiz"
                + " yet: calls no routing rule takes go to the general voicemail.");

        // The API says the same, in the new member's warnings (empty where the team is rung).
        var byApi = api.post("/api/v1/members", java.util.Map.of("name", "Tia Park", "phone_extension", "104",
                "sip_address", "sip:tia@reach.sip.telnyx.com"));
        assertThat(byApi.status()).as(byApi.body()).isEqualTo(201);
        assertThat(byApi.json().get("name").asString()).as("the member, as before").isEqualTo("Tia Park");
        assertThat(byApi.json().get("warnings").get(0).asString()).startsWith("Calls to your business number do not ring Tia Park yet:"
                + " calls no routing rule takes go to the general voicemail.");
        assertThat(api.put("/api/v1/phone-settings", java.util.Map.of("default_strategy", "SIMULTANEOUS")).status()).isEqualTo(200);
        var rung = api.post("/api/v1/members", java.util.Map.of("name", "Uma Reyes", "phone_extension", "105",
                "sip_address", "sip:uma@reach.sip.telnyx.com"));
        assertThat(rung.status()).as(rung.body()).isEqualTo(201);
        assertThat(rung.json().get("warnings").size()).isZero();
    }

    /**
     * A cleaner added with only their cell as the forwarding number, Forward calls left off and no desk phone: no phone of
     * theirs rang, every call went to their voicemail, and the page said "their extension and direct number reach them
     * meanwhile". Now the add, an edit's save and the API's warnings say no phone rings and what to turn on; a member
     * with a phone that rings is told nothing of the kind.
     */
    @Test
    void aMemberSavedWithNoPhoneThatRingsIsToldSo() {
        var web = newCompanyOwner("Cell Only Cleaning");
        var api = apiLogin(web.email());
        var office = api.post("/api/v1/routing-rules", java.util.Map.of("name", "Office", "type", "SIMULTANEOUS"));
        assertThat(office.status()).as(office.body()).isEqualTo(201);
        web.get(TAB + "/new");
        web.htmxPost(TAB + "/new", "name", "Hana Cell", "phoneExtension", "101", "directInwardDial", "(312) 555-0221",
                "callForwardingNumber", "(312) 555-0321", "ringTimeoutSeconds", "20", "maxConcurrentCalls", "1", "extensionEnabled", "true");
        var list = web.get(TAB).body();
        assertThat(list).contains("Hana Cell added with extension 101. No phone rings for Hana Cell yet: their forwarding number is"
                + " rung only with Forward calls (or Ring phone and forwarding number at once) turned on, and they have no desk phone"
                + " or phone app address, so their calls go to their voicemail. Edit them to turn forwarding on.")
                .doesNotContain("direct number reach them meanwhile");
        var hana = memberId(list, "Hana Cell");

        web.htmxPost(TAB + "/" + hana, "name", "Hana Cell", "phoneExtension", "101", "directInwardDial", "(312) 555-0221",
                "callForwardingNumber", "(312) 555-0321", "callForwardingEnabled", "true", "ringTimeoutSeconds", "20",
                "maxConcurrentCalls", "1", "extensionEnabled", "true");
        assertThat(web.get(TAB).body()).contains("Extension of Hana Cell saved.").doesNotContain("No phone rings for Hana Cell");
        web.htmxPost(TAB + "/" + hana, "name", "Hana Cell", "phoneExtension", "101", "directInwardDial", "(312) 555-0221",
                "ringTimeoutSeconds", "20", "maxConcurrentCalls", "1", "extensionEnabled", "true");
        assertThat(web.get(TAB).body()).contains("Extension of Hana Cell saved. No phone rings for Hana Cell yet: they have no desk"
                + " phone or phone app address and no forwarding number, so their calls go to their voicemail. Edit them to give one.");

        var byApi = api.post("/api/v1/members", java.util.Map.of("name", "Ivy Cell", "phone_extension", "102",
                "call_forwarding_number", "+13125550322"));
        assertThat(byApi.status()).as(byApi.body()).isEqualTo(201);
        assertThat(byApi.json().get("warnings").get(0).asString()).startsWith("No phone rings for Ivy Cell yet:")
                .doesNotContain("reaches them meanwhile");
        var withPhone = api.post("/api/v1/members", java.util.Map.of("name", "Jo Cell", "phone_extension", "103",
                "call_forwarding_number", "+13125550323", "call_forwarding_enabled", true));
        assertThat(withPhone.json().get("warnings").toString()).doesNotContain("No phone rings");
    }

    @Test
    void addingAMemberSuggestsTheNextFreeExtensionAndListsThem() {
        var web = newCompanyOwner("Add Member Air");
        var form = web.htmxGet(TAB + "/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).doesNotContain("<html").contains("Add team member");
        assertThat(value(form.body(), "phoneExtension")).isEqualTo("101");
        assertThat(web.get(TAB + "/new").body()).contains("<html").contains("Add team member");

        var added = web.htmxPost(TAB + "/new", "name", "Cara Diaz", "email", "cara@example.com", "role", "Technician",
                "phoneExtension", "101", "sipAddress", "sip:cara@example.sip.telnyx.com", "callForwardingNumber", "(312) 555-0177",
                "simultaneousRingEnabled", "true", "ringTimeoutSeconds", "25", "maxConcurrentCalls", "2", "extensionEnabled", "true");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        var list = web.get(TAB).body();
        assertThat(list).contains("Cara Diaz added with extension 101.").contains("Cara Diaz").contains(">101<");

        var stored = apiLogin(web.email()).get("/api/v1/members/" + memberId(list, "Cara Diaz")).json();
        assertThat(stored.get("email").asString()).isEqualTo("cara@example.com");
        assertThat(stored.get("sip_address").asString()).isEqualTo("sip:cara@example.sip.telnyx.com");
        assertThat(stored.get("call_forwarding_number").asString()).isEqualTo("+13125550177");
        assertThat(stored.get("simultaneous_ring_enabled").asBoolean()).isTrue();
        assertThat(stored.get("ring_timeout_seconds").asInt()).isEqualTo(25);
        assertThat(stored.get("max_concurrent_calls").asInt()).isEqualTo(2);

        // The next one is offered the next free extension.
        assertThat(value(web.htmxGet(TAB + "/new").body(), "phoneExtension")).isEqualTo("102");
    }

    @Test
    void theAddFormSentTwiceAddsTheMemberOnceAndANewFormAddsAnother() {
        var web = newCompanyOwner("Double Click Drains");
        var token = value(web.htmxGet(TAB + "/new").body(), "submission");
        assertThat(token).matches("[0-9a-f-]{36}");
        // No extension: nothing makes the second send a refusal of its own (a taken extension), so only the token stops it.
        var first = web.htmxPost(TAB + "/new", "submission", token, "name", "Jo Twice", "phoneExtension", "", "ringTimeoutSeconds", "20");
        var second = web.htmxPost(TAB + "/new", "submission", token, "name", "Jo Twice", "phoneExtension", "", "ringTimeoutSeconds", "20");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(members(web)).as("added once").isEqualTo(1);
        assertThat(web.get(TAB).body()).contains("This form was sent twice: Jo Twice was added once.");

        // A refused form keeps its token: corrected and sent again, it adds the member.
        var next = value(web.htmxGet(TAB + "/new").body(), "submission");
        var refused = web.htmxPost(TAB + "/new", "submission", next, "name", " ", "ringTimeoutSeconds", "20");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(value(refused.body(), "submission")).isEqualTo(next);
        assertThat(web.htmxPost(TAB + "/new", "submission", next, "name", "Jo Twice", "ringTimeoutSeconds", "20").status()).isEqualTo(200);
        assertThat(members(web)).as("a new form may add a second person of the same name").isEqualTo(2);
    }

    @Test
    void eachRefusalOfTheAddFormIsSaidBesideItsFieldKeepsWhatWasTypedAndAddsNobody() {
        var web = newCompanyOwner("Refused Member Heating");
        web.post(TAB + "/new", "name", "Dan Holder", "phoneExtension", "101", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        assertThat(members(web)).isEqualTo(1);

        var blank = web.htmxPost(TAB + "/new", "name", "  ", "phoneExtension", "102", "ringTimeoutSeconds", "20");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("Nothing was saved").containsPattern("id=\"name-error\"[^>]*>must not be blank<");

        var badEmail = web.htmxPost(TAB + "/new", "name", "Eve", "email", "eve-at-example", "phoneExtension", "102");
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.body()).containsPattern("id=\"email-error\"[^>]*>must be an email address such as name@example.com<");
        assertThat(value(badEmail.body(), "email")).isEqualTo("eve-at-example");
        assertThat(value(badEmail.body(), "name")).isEqualTo("Eve");

        var badSip = web.htmxPost(TAB + "/new", "name", "Eve", "sipAddress", "eve@example.com", "phoneExtension", "102");
        assertThat(badSip.status()).isEqualTo(422);
        assertThat(badSip.body()).containsPattern("id=\"sipAddress-error\"[^>]*>must be the address of a desk phone or softphone app, starting with sip: "
                + "\\(such as sip:ann@example.sip.telnyx.com\\)<");
        assertThat(value(badSip.body(), "sipAddress")).isEqualTo("eve@example.com");

        var badPhone = web.htmxPost(TAB + "/new", "name", "Eve", "callForwardingNumber", "555-12", "callForwardingEnabled", "true",
                "phoneExtension", "102");
        assertThat(badPhone.status()).isEqualTo(422);
        assertThat(badPhone.body()).containsPattern("id=\"callForwardingNumber-error\"[^>]*>[^<]*\\+1")
                .contains("value=\"555-12\"");

        var taken = web.htmxPost(TAB + "/new", "name", "Eve", "phoneExtension", "101");
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).containsPattern("id=\"phoneExtension-error\"[^>]*>extension 101 is already taken by Dan Holder<");
        assertThat(value(taken.body(), "phoneExtension")).isEqualTo("101");

        // A taken direct number says whose it is, as the extension does: a colleague's, or the company's own number.
        var api = apiLogin(web.email());
        var danDid = unusedNumber();
        assertThat(api.patch("/api/v1/members/" + memberId(web.get(TAB).body(), "Dan Holder"), Map.of("direct_inward_dial", danDid))
                .status()).isEqualTo(200);
        var business = unusedNumber();
        assertThat(api.put("/api/v1/company", Map.of("name", "Refused Member Heating", "timezone", "America/Chicago",
                "default_region", "US", "business_numbers", List.of(business))).status()).isEqualTo(200);
        var colleagues = web.htmxPost(TAB + "/new", "name", "Eve", "phoneExtension", "102", "directInwardDial", danDid);
        assertThat(colleagues.status()).isEqualTo(422);
        assertThat(colleagues.body()).containsPattern("id=\"directInwardDial-error\"[^>]*>\\+1 \\d{3}-\\d{3}-\\d{4} is already the direct number of Dan Holder<");
        var companys = web.htmxPost(TAB + "/new", "name", "Eve", "phoneExtension", "102", "directInwardDial", business);
        assertThat(companys.status()).isEqualTo(422);
        assertThat(companys.body()).containsPattern("id=\"directInwardDial-error\"[^>]*>[^<]* is one of the company&#39;s business numbers");
        assertThat(value(companys.body(), "directInwardDial")).isEqualTo(business);

        // An email a colleague has, in any case, says whose it is.
        assertThat(api.patch("/api/v1/members/" + memberId(web.get(TAB).body(), "Dan Holder"), Map.of("email", "dan@example.com"))
                .status()).isEqualTo(200);
        var sameEmail = web.htmxPost(TAB + "/new", "name", "Eve", "phoneExtension", "102", "email", " Dan@Example.com ");
        assertThat(sameEmail.status()).isEqualTo(422);
        assertThat(sameEmail.body()).containsPattern("id=\"email-error\"[^>]*>Dan@Example.com is already the email of Dan Holder<");
        assertThat(value(sameEmail.body(), "name")).isEqualTo("Eve");

        assertThat(members(web)).as("nobody added by a refused form").isEqualTo(1);
    }

    @Test
    void theEditDialogChangesNameEmailAndSipAddressWithTheApisChecks() {
        var web = newCompanyOwner("Edit Member Plumbing");
        web.post(TAB + "/new", "name", "Fay Old", "phoneExtension", "101", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        var id = memberId(web.get(TAB).body(), "Fay Old");
        var dialog = web.htmxGet(TAB + "/" + id + "/edit").body();
        assertThat(value(dialog, "name")).isEqualTo("Fay Old");
        assertThat(dialog).contains("name=\"email\"").contains("name=\"sipAddress\"")
                .as("the form's labels and hints in an owner's words, not the carrier's")
                .contains("Desk phone or phone app address").doesNotContain("(SIP)").doesNotContain("sip:ann@example")
                .contains("The address of a desk phone or phone app, from your phone provider (it starts with sip:). Leave it "
                        + "empty if calls should go to a cell phone.")
                .contains("Direct number").contains("calls to it ring only them").doesNotContain("(DID)")
                .contains("Ring for (seconds)").contains("15 to 90 seconds, for a call to them alone").doesNotContain("Ring timeout")
                // The member's time is not a rule's: an owner who set 45 s saw calls to the business number ring 20.
                .contains("A routing rule rings them for the rule's own time, even a rule that names only them.")
                .contains("Voicemail greeting link").doesNotContain("greeting URL");

        var bad = web.htmxPost(TAB + "/" + id, "name", "", "email", "fay@", "sipAddress", "sip:fay", "phoneExtension", "101",
                "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).containsPattern("id=\"name-error\"[^>]*>must not be blank<")
                .containsPattern("id=\"email-error\"[^>]*>must be an email address")
                .containsPattern("id=\"sipAddress-error\"[^>]*>must be the address of a desk phone or softphone app");
        assertThat(value(bad.body(), "email")).isEqualTo("fay@");
        assertThat(value(bad.body(), "sipAddress")).isEqualTo("sip:fay");
        var api = apiLogin(web.email());
        assertThat(api.get("/api/v1/members/" + id).json().get("name").asString()).as("nothing changed").isEqualTo("Fay Old");

        var good = web.htmxPost(TAB + "/" + id, "name", "Fay Newman", "email", "fay@example.com",
                "sipAddress", "sip:fay@example.sip.telnyx.com", "phoneExtension", "101", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        var stored = api.get("/api/v1/members/" + id).json();
        assertThat(stored.get("name").asString()).isEqualTo("Fay Newman");
        assertThat(stored.get("email").asString()).isEqualTo("fay@example.com");
        assertThat(stored.get("sip_address").asString()).isEqualTo("sip:fay@example.sip.telnyx.com");
        assertThat(web.get(TAB).body()).contains("Fay Newman").doesNotContain("Fay Old");

        // A colleague's email is refused in the dialog too, naming them; Fay's own in another case is hers.
        web.post(TAB + "/new", "name", "Gus Hale", "email", "gus@example.com", "phoneExtension", "102", "ringTimeoutSeconds", "20",
                "extensionEnabled", "true");
        var taken = web.htmxPost(TAB + "/" + id, "name", "Fay Newman", "email", "GUS@example.com", "phoneExtension", "101",
                "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        assertThat(taken.status()).isIn(409, 422);
        assertThat(taken.body()).containsPattern("id=\"email-error\"[^>]*>GUS@example.com is already the email of Gus Hale<");
        assertThat(value(taken.body(), "email")).isEqualTo("GUS@example.com");
        assertThat(api.get("/api/v1/members/" + id).json().get("email").asString()).isEqualTo("fay@example.com");
        var ownInCaps = web.htmxPost(TAB + "/" + id, "name", "Fay Newman", "email", "Fay@Example.com", "phoneExtension", "101",
                "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        assertThat(ownInCaps.status()).as(ownInCaps.body()).isEqualTo(200);
    }

    @Test
    void anUnusedMemberIsDeletedAfterAConfirmationThatSaysWhatHappens() {
        var web = newCompanyOwner("Delete Member Electric");
        web.post(TAB + "/new", "name", "Gus Gone", "phoneExtension", "101", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        var id = memberId(web.get(TAB).body(), "Gus Gone");
        assertThat(web.get(TAB).body()).contains("aria-label=\"Delete Gus Gone\"");

        var confirm = web.htmxGet(TAB + "/" + id + "/delete");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).doesNotContain("<html").contains("Delete Gus Gone?").contains("frees extension 101")
                .contains("moves the voicemail left for them to the general mailbox, heard or not as it was, each message saying it was for Gus Gone")
                .contains("keeps every call they took in the call log").doesNotContain("on a call right now");

        web.post(TAB + "/new", "name", "Ida Stays", "phoneExtension", "102", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        var stays = memberId(web.get(TAB).body(), "Ida Stays");
        var queue = apiLogin(web.email()).post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(id)));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var shared = apiLogin(web.email()).post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(id, stays)));
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        var deleted = web.htmxPost(TAB + "/" + id + "/delete");
        assertThat(deleted.status()).isEqualTo(200);
        var list = web.get(TAB).body();
        // What went with them is said, not only done; a queue they were the last member of is said to have nobody now
        // (its callers offered to no one), which the delete did silently.
        assertThat(list).contains("Gus Gone deleted: ").contains("taken out of queue &#39;Sales&#39;")
                .contains("taken out of queue &#39;Support&#39;, which has nobody in it now: its callers are offered to no one"
                        + " until you add someone to it on the Queues page")
                .doesNotContain("&#39;Sales&#39;, which has nobody").doesNotContain("member-" + id);
        assertThat(apiLogin(web.email()).get("/api/v1/members/" + id).status()).isEqualTo(404);
    }

    /**
     * A deleted member's direct number is owned by nobody: a customer calling it is refused by the carrier and the call is
     * not even logged. The confirmation said only "calls to it no longer ring anyone here"; it says what the caller gets and
     * offers to keep the number answered.
     */
    @Test
    void theDeleteConfirmationSaysWhatBecomesOfCallsToTheDirectNumber() {
        var web = newCompanyOwner("Direct Line Cleaning");
        web.post(TAB + "/new", "name", "Lou Leaving", "phoneExtension", "101", "directInwardDial", "(312) 555-0231",
                "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        var id = memberId(web.get(TAB).body(), "Lou Leaving");
        var confirm = web.htmxGet(TAB + "/" + id + "/delete").body();
        assertThat(confirm).contains("their direct number (312) 555-0231:").contains("keep it as a business number: customers who"
                + " still call it reach the business through the call routing").contains("Not kept, it is released: calls to it are"
                + " refused (the caller hears the call fail, and it is not in the call log) until you give it to someone else or add"
                + " it to the business numbers on the General tab.").doesNotContain("no longer ring anyone here");
    }

    /**
     * A cleaner removed (their login kept without a team member, as the delete says) and added again with the same email:
     * the login stayed unlinked, so they signed in to no status, calls or voicemail of their own, and nothing said so. The
     * add says which login to link, on the page and in the API's warnings; a login already linked is not named.
     */
    @Test
    void aMemberAddedAgainIsToldOfTheirUnlinkedLogin() {
        var web = newCompanyOwner("Returning Cleaners");
        var api = apiLogin(web.email());
        var first = api.post("/api/v1/members", Map.of("name", "Rita Back", "phone_extension", "101", "email", "rita@example.com",
                "sip_address", "sip:rita@example.sip.telnyx.com")).json().get("id").asString();
        var login = api.post("/api/v1/users", Map.of("email", "rita@example.com", "password", "long-enough", "role", "AGENT",
                "member_id", first));
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        assertThat(api.delete("/api/v1/members/" + first).status()).isEqualTo(204);

        web.get(TAB + "/new");
        web.htmxPost(TAB + "/new", "name", "Rita Back", "email", "Rita@Example.com", "phoneExtension", "101",
                "sipAddress", "sip:rita@example.sip.telnyx.com", "ringTimeoutSeconds", "20", "maxConcurrentCalls", "1",
                "extensionEnabled", "true");
        assertThat(web.get(TAB).body()).contains("Rita Back added with extension 101. The login rita@example.com has the same email"
                + " and is linked to no team member: link it to Rita Back on Team &amp; logins (Edit), so that they see their own"
                + " calls and voicemail and set their own status.");

        var other = api.post("/api/v1/members", Map.of("name", "Sol Other", "email", "sol@example.com",
                "sip_address", "sip:sol@example.sip.telnyx.com"));
        assertThat(other.json().get("warnings").toString()).doesNotContain("The login");
        var rita = memberId(web.get(TAB).body(), "Rita Back");
        assertThat(api.put("/api/v1/users/" + login.json().get("id").asString(), Map.of("member_id", rita)).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/members/" + other.json().get("id").asString()).status()).isEqualTo(204);
        var solLogin = api.post("/api/v1/users", Map.of("email", "sol@example.com", "password", "long-enough", "role", "AGENT"));
        assertThat(solLogin.status()).as(solLogin.body()).isEqualTo(201);
        var byApi = api.post("/api/v1/members", Map.of("name", "Sol Other", "email", "sol@example.com",
                "sip_address", "sip:sol@example.sip.telnyx.com"));
        assertThat(byApi.json().get("warnings").toString()).contains("The login sol@example.com has the same email and is linked"
                + " to no team member: link it to Sol Other on Team & logins (Edit)");
    }

    @Test
    void aMemberARuleSendsCallsToIsNotDeletedAndTheConfirmationLinksToTheRule() {
        var web = newCompanyOwner("In Use Cooling");
        web.post(TAB + "/new", "name", "Hal Busy", "phoneExtension", "101", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        var id = memberId(web.get(TAB).body(), "Hal Busy");
        var api = apiLogin(web.email());
        var rule = api.post("/api/v1/routing-rules", Map.of("name", "Hal first", "type", "DIRECT", "member_ids", List.of(id)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        var ruleId = rule.json().get("rule").get("id").asString();
        var menu = api.post("/api/v1/ivr-menus", Map.of("name", "Main menu", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", id))));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var menuId = menu.json().get("menu").get("id").asString();
        // A queue named "routing rule X" would have been linked as a rule by the start of its words; each use is linked by its kind.
        var queue = api.post("/api/v1/queues", Map.of("name", "routing rule X", "max_callers", 5,
                "full_target", Map.of("kind", "MEMBER", "member_id", id)));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var queueId = queue.json().get("id").asString();

        var confirm = web.htmxGet(TAB + "/" + id + "/delete").body();
        assertThat(confirm).contains("Hal Busy cannot be deleted while these send calls to them")
                .contains("<a href=\"/settings/communications/phone/routing/" + ruleId + "\">routing rule &#39;Hal first&#39;</a> (members)")
                .contains("<a href=\"/settings/communications/phone/call-flows/" + menuId + "\">IVR menu &#39;Main menu&#39;</a> (key 1)")
                .contains("<a href=\"/queues/" + queueId + "\">queue &#39;routing rule X&#39;</a> (target when full)")
                .doesNotContain("type=\"submit\"").doesNotContain("<html");
        // Each link opens that rule's, menu's, queue's own page.
        assertThat(web.get("/settings/communications/phone/routing/" + ruleId).body()).contains("Hal first");
        assertThat(web.get("/settings/communications/phone/call-flows/" + menuId).body()).contains("Main menu");
        assertThat(web.get("/queues/" + queueId).body()).contains("routing rule X");
        // The API's refusal says it in the same words, each place with the parts of it to change.
        var apiRefused = api.delete("/api/v1/members/" + id);
        assertThat(apiRefused.status()).isEqualTo(409);
        assertThat(apiRefused.json().get("detail").asString()).isEqualTo("id: Hal Busy is used by routing rule 'Hal first' (members), "
                + "queue 'routing rule X' (target when full), IVR menu 'Main menu' (key 1); change those first");
        assertThat(api.delete("/api/v1/ivr-menus/" + menuId).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/queues/" + queueId).status()).isEqualTo(204);

        // Sent anyway (a form open from before the rule): refused, said, and the member is still there.
        var refused = web.htmxPost(TAB + "/" + id + "/delete");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Hal Busy was not deleted.").contains("routing rule &#39;Hal first&#39;");
        assertThat(api.get("/api/v1/members/" + id).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/routing-rules/" + ruleId).status()).isEqualTo(204);
        assertThat(web.post(TAB + "/" + id + "/delete").status()).isEqualTo(302);
        assertThat(api.get("/api/v1/members/" + id).status()).isEqualTo(404);
    }

    @Test
    void anotherCompanysMemberIsNotFoundAndAnAgentIsRefused() {
        var web = newCompanyOwner("Their Own Co");
        web.post(TAB + "/new", "name", "Ivy Theirs", "phoneExtension", "101", "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        var theirs = memberId(web.get(TAB).body(), "Ivy Theirs");
        var other = newCompanyOwner("Nosy Co");
        assertThat(other.get(TAB + "/" + theirs + "/delete").status()).isEqualTo(404);
        assertThat(other.post(TAB + "/" + theirs + "/delete").status()).isEqualTo(404);
        assertThat(other.post(TAB + "/" + theirs, "name", "Taken Over", "ringTimeoutSeconds", "20").status()).isEqualTo(404);
        assertThat(apiLogin(web.email()).get("/api/v1/members/" + theirs).json().get("name").asString()).isEqualTo("Ivy Theirs");

        var agent = webLogin("aisha@demo.test", "demo-agent");
        var someone = UUID.randomUUID();
        for (var page : List.of(agent.get(TAB + "/new"), agent.post(TAB + "/new", "name", "Sneaky", "ringTimeoutSeconds", "20"),
                agent.get(TAB + "/" + someone + "/delete"), agent.post(TAB + "/" + someone + "/delete"))) {
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("Not allowed");
        }
        // A supervisor sees the settings but not the forms that change the team.
        var supervisor = webLogin("maria@demo.test", "demo-agent");
        assertThat(supervisor.get(TAB + "/new").status()).isEqualTo(403);
        assertThat(supervisor.get(TAB).body()).doesNotContain("Add team member");
    }
}
