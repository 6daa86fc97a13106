package dev.switchboard.tenancy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settings · Activity: the audit log in words for owners and admins: who changed what and when (in the company's
 * timezone), linked to the thing while it exists, with the fields that changed; filtered by kind and by who, paged back,
 * bad filters refused in words; agents and supervisors get a 403.
 */
class ActivityPageTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    dev.switchboard.tenancy.AuditLog audit;

    record Company(ApiClient owner, String ownerId, CompanyId id, WebClient web) {
    }

    /** A Chicago company whose owner is called Maria Lopez. */
    private Company company() {
        var owner = api().signUpNewCompany("Activity Co");
        var me = owner.get("/api/v1/me").json();
        var ownerId = me.get("user_id").asString();
        assertThat(owner.put("/api/v1/users/" + ownerId, Map.of("display_name", "Maria Lopez", "role", "OWNER", "enabled", true))
                .status()).isEqualTo(200);
        return new Company(owner, ownerId, CompanyId.of(me.get("company_id").asString()), webLogin(owner.email(), "correct-horse"));
    }

    private String rule(ApiClient owner, String name) {
        return owner.post("/api/v1/routing-rules", Map.of("name", name, "type", "SIMULTANEOUS")).json().get("rule").get("id").asString();
    }

    /** Moves the newest entry about {@code entityId} to {@code at}, so the page's time is known. */
    private void dated(CompanyId company, String entityId, Instant at) {
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                update audit_log set at = :at where company_id = :c
                  and id = (select max(id) from audit_log where company_id = :c and entity_id = :e)
                """).param("at", java.sql.Timestamp.from(at)).param("c", company.value()).param("e", entityId).update()));
    }

    /** The page's text with tags and runs of white space taken out, as a person reads it. */
    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replace("&#39;", "'").replaceAll("\\s+", " ");
    }

    @Test
    void saysWhoChangedWhatAndWhenInTheCompanysTimezoneLinkedToTheThingWithItsChangedFields() {
        var c = company();
        var vip = rule(c.owner(), "VIP customers");
        assertThat(c.owner().patch("/api/v1/routing-rules/" + vip, Map.of("ring_timeout_seconds", 35)).status()).isEqualTo(200);
        // 01:00 UTC on Saturday is 7:00 PM on Friday in Chicago.
        dated(c.id(), vip, Instant.parse("2026-12-05T01:00:00Z"));
        var gone = rule(c.owner(), "Old overflow");
        assertThat(c.owner().delete("/api/v1/routing-rules/" + gone).status()).isEqualTo(204);

        var page = c.web().get("/settings/activity");
        assertThat(page.status()).isEqualTo(200);
        var text = text(page.body());
        assertThat(text).contains("Maria Lopez changed routing rule 'VIP customers' on Fri 4 Dec 2026, 7:00 PM")
                .contains("Maria Lopez added routing rule 'VIP customers' on")
                .contains("Maria Lopez deleted routing rule 'Old overflow' on")
                .contains("Maria Lopez changed user 'Maria Lopez'");
        // Newest first.
        assertThat(text.indexOf("deleted routing rule 'Old overflow'")).isLessThan(text.indexOf("changed routing rule 'VIP customers'"));
        // The rule that exists is linked to its page; the deleted one is named, not linked.
        assertThat(page.body()).contains("href=\"/settings/communications/phone/routing/" + vip + "\"")
                .doesNotContain("/settings/communications/phone/routing/" + gone);
        // The change, field by field, in words: the ring timeout went from the default to 35, and nothing that stayed put.
        assertThat(entry(page.body(), "changed routing rule 'VIP customers'")).contains("What changed (1 field)").containsPattern("Ring for \\(seconds\\) \\d+ 35");
        // A deletion shows what the rule was.
        assertThat(entry(page.body(), "deleted routing rule 'Old overflow'")).contains("Name Old overflow").contains("Type Everyone at once");
        assertThat(page.body()).doesNotContain("ring_timeout_seconds").doesNotContain("&quot;name&quot;");
    }

    @Test
    void whatChangedNamesTheThingsAValueRefersToAndSaysCodesAsTheSettingsPagesDo() {
        var c = company();
        var ann = c.owner().post("/api/v1/members", Map.of("name", "Ann Ruiz")).json().get("id").asString();
        var bob = c.owner().post("/api/v1/members", Map.of("name", "Bob Stone")).json().get("id").asString();
        var overflow = rule(c.owner(), "Overflow");
        var office = c.owner().post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS",
                "member_ids", java.util.List.of(ann, bob), "no_answer_target", Map.of("kind", "VOICEMAIL", "member_id", ann)));
        assertThat(office.status()).as(office.body()).isEqualTo(201);
        var officeId = office.json().get("rule").get("id").asString();
        var changed = c.owner().patch("/api/v1/routing-rules/" + officeId, Map.of("type", "ROUND_ROBIN", "member_ids", java.util.List.of(ann),
                "no_answer_target", java.util.Map.of("kind", "RULE", "rule_id", overflow)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(c.owner().delete("/api/v1/members/" + bob).status()).isEqualTo(204);
        assertThat(c.owner().put("/api/v1/phone-settings", Map.of("default_strategy", "VOICEMAIL")).status()).isEqualTo(200);

        var page = c.web().get("/settings/activity").body();
        assertThat(entry(page, "added routing rule 'Office'")).contains("Type Everyone at once")
                .contains("Members Ann Ruiz, a deleted member").contains("No answer target › Kind Voicemail")
                .contains("No answer target › Member Ann Ruiz").doesNotContain("Round robin next");
        assertThat(entry(page, "changed routing rule 'Office'")).contains("Type Everyone at once Round robin")
                .contains("Members Ann Ruiz, a deleted member Ann Ruiz")
                .contains("No answer target › Kind Voicemail Another routing rule")
                .contains("No answer target › Rule (none) Overflow");
        assertThat(entry(page, "changed the phone settings")).contains("Default ring strategy Ring everyone at once Straight to voicemail (ring nobody)");
        assertThat(text(page)).doesNotContain(ann).doesNotContain(bob).doesNotContain(overflow).doesNotContain("SIMULTANEOUS")
                .doesNotContain("VOICEMAIL");
    }

    @Test
    void filtersByKindOfThingAndByWho() {
        var c = company();
        rule(c.owner(), "Daytime");
        var admin = c.owner().newUser("ADMIN", null);
        var adminId = admin.get("/api/v1/me").json().get("user_id").asString();
        admin.put("/api/v1/business-hours", Map.of("ranges", java.util.List.of(Map.of("day", "MONDAY", "start", "08:00", "end", "17:00"))));

        var page = c.web().get("/settings/activity");
        assertThat(page.body()).contains("<option value=\"routing_rule\">Routing rules</option>")
                .contains("<option value=\"business_hours\">Business hours</option>")
                .contains("<option value=\"" + adminId + "\">" + admin.email().substring(0, admin.email().indexOf('@')) + "</option>")
                .contains("<option value=\"" + c.ownerId() + "\">Maria Lopez</option>");

        var rules = text(c.web().get("/settings/activity?kind=routing_rule").body());
        assertThat(rules).contains("added routing rule 'Daytime'").doesNotContain("business hours on")
                .doesNotContain("changed user");
        var hours = text(c.web().get("/settings/activity?kind=business_hours").body());
        assertThat(hours).contains(admin.email().substring(0, admin.email().indexOf('@')) + " changed the business hours on").doesNotContain("Daytime");
        var byAdmin = text(c.web().get("/settings/activity?who=" + adminId).body());
        assertThat(byAdmin).contains("changed the business hours").doesNotContain("Daytime").doesNotContain("Maria Lopez changed");
        // What no user did (a vacation ending on its own, say) is the system's.
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> audit.record(dev.switchboard.tenancy.Actor.system(c.id()),
                "phone_settings", c.id(), "update", Map.of("ring_seconds", 20), Map.of("ring_seconds", 25))));
        var bySystem = text(c.web().get("/settings/activity?who=system").body());
        assertThat(bySystem).contains("The system changed the phone settings on").doesNotContain("Maria Lopez changed")
                .doesNotContain("Daytime");
        assertThat(c.web().get("/settings/activity").body()).contains("<option value=\"system\">The system (automatic changes)</option>");
        var byOwner = text(c.web().get("/settings/activity?who=" + c.ownerId() + "&kind=routing_rule").body());
        assertThat(byOwner).contains("Maria Lopez added routing rule 'Daytime'").doesNotContain("business hours on");
    }

    @Test
    void refusesBadFiltersInWordsAndListsNothing() {
        var c = company();
        rule(c.owner(), "Daytime");
        var kind = c.web().get("/settings/activity?kind=rules");
        assertThat(kind.status()).isEqualTo(422);
        assertThat(text(kind.body())).contains("'rules' is not a kind of thing the activity records: choose one from the list")
                .doesNotContain("added routing rule");
        var who = c.web().get("/settings/activity?who=bob");
        assertThat(who.status()).isEqualTo(422);
        assertThat(text(who.body())).contains("'bob' is nobody who made a change here").doesNotContain("added routing rule");
        // A user of another company (or anyone who made no change here) is nobody here either.
        var stranger = api().signUpNewCompany("Elsewhere").get("/api/v1/me").json().get("user_id").asString();
        assertThat(c.web().get("/settings/activity?who=" + stranger).status()).isEqualTo(422);
        var before = c.web().get("/settings/activity?before=yesterday");
        assertThat(before.status()).isEqualTo(422);
        assertThat(text(before.body())).contains("'yesterday' is not a place in the activity to page back from");
        assertThat(c.web().get("/settings/activity?before=0").status()).isEqualTo(422);
    }

    @Test
    void pagesBackFiftyAtATimeKeepingTheFilters() {
        var c = company();
        var vip = rule(c.owner(), "VIP customers");
        for (int i = 1; i <= 52; i++) {
            assertThat(c.owner().patch("/api/v1/routing-rules/" + vip, Map.of("ring_timeout_seconds", 10 + i)).status()).isEqualTo(200);
        }
        var first = c.web().get("/settings/activity?kind=routing_rule").body();
        assertThat(count(first, "class=\"activity-entry\"")).isEqualTo(50);
        assertThat(first).doesNotContain(">Newest<");
        var older = Pattern.compile("href=\"(/settings/activity\\?kind=routing_rule&amp;before=\\d+)\">Older").matcher(first);
        assertThat(older.find()).as("an Older link keeping the filter").isTrue();
        var second = c.web().get(older.group(1).replace("&amp;", "&")).body();
        assertThat(count(second, "class=\"activity-entry\"")).isEqualTo(3);
        assertThat(text(second)).contains("added routing rule 'VIP customers'");
        assertThat(second).doesNotContain(">Older<").contains(">Newest<");
    }

    @Test
    void isForOwnersAndAdminsOnlyAndInTheirSettingsTabs() {
        var c = company();
        var admin = c.owner().newUser("ADMIN", null);
        var supervisor = c.owner().newUser("SUPERVISOR", null);
        var agent = c.owner().newUser("AGENT", null);
        assertThat(webLogin(admin.email(), "their-password").get("/settings/activity").status()).isEqualTo(200);
        for (var refused : java.util.List.of(supervisor, agent)) {
            var page = webLogin(refused.email(), "their-password").get("/settings/activity");
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).doesNotContain("added routing rule").doesNotContain("changed user");
        }
        assertThat(c.web().get("/settings/communications/phone/general").body()).contains("href=\"/settings/activity\"");
        assertThat(webLogin(supervisor.email(), "their-password").get("/settings/communications/phone/general").body())
                .doesNotContain("/settings/activity");
    }

    @Test
    void namesCustomersJobsAndAudioFilesLinksTheCustomerAndJobPagesAndSaysTimesInTheCompanysZone() throws Exception {
        var c = company();
        var ann = c.owner().post("/api/v1/members", Map.of("name", "Ann Ruiz")).json().get("id").asString();
        var robert = c.owner().post("/api/v1/customers", Map.of("name", "Robert Chen", "phone_numbers", java.util.List.of("+17735550111")))
                .json().get("id").asString();
        var gone = c.owner().post("/api/v1/customers", Map.of("name", "Gone Away", "phone_numbers", java.util.List.of("+17735550112")))
                .json().get("id").asString();
        var furnace = c.owner().post("/api/v1/jobs", Map.of("customer_id", robert, "title", "Furnace repair", "status", "OPEN",
                "assigned_member_id", ann)).json().get("id").asString();
        assertThat(c.owner().put("/api/v1/jobs/" + furnace, Map.of("customer_id", robert, "title", "Furnace repair",
                "status", "IN_PROGRESS", "scheduled_at", "2026-12-07T15:00:00Z")).status()).isEqualTo(200);
        var leak = c.owner().post("/api/v1/jobs", Map.of("customer_id", gone, "title", "Leak", "status", "OPEN")).json().get("id").asString();
        assertThat(c.owner().delete("/api/v1/jobs/" + leak).status()).isEqualTo(204);
        assertThat(c.owner().delete("/api/v1/customers/" + gone).status()).isEqualTo(204);
        var upload = c.owner().upload("/api/v1/media", "file", "after-hours.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(upload.status()).as(upload.body()).isIn(200, 201);
        var media = upload.json().get("file").get("id").asString();
        var queue = c.owner().post("/api/v1/queues", Map.of("name", "Service desk", "member_ids", java.util.List.of(ann), "hold_media_id", media));
        assertThat(queue.status()).as(queue.body()).isIn(200, 201);

        var page = c.web().get("/settings/activity").body();
        assertThat(text(page)).contains("Maria Lopez added customer 'Robert Chen' on").contains("Maria Lopez added job 'Furnace repair' on")
                .contains("Maria Lopez uploaded greeting 'after-hours.wav' on").contains("Maria Lopez deleted customer 'Gone Away' on");
        // Linked while they exist, as rules and members are.
        assertThat(page).contains("href=\"/customers/" + robert + "\"").contains("href=\"/jobs/" + furnace + "\"")
                .doesNotContain("href=\"/customers/" + gone + "\"").doesNotContain("href=\"/jobs/" + leak + "\"");
        assertThat(entry(page, "added job 'Furnace repair'")).contains("What the job is Furnace repair").contains("Customer Robert Chen")
                .contains("Status Open").contains("Assigned to Ann Ruiz");
        // 15:00 UTC is 9:00 AM in Chicago; the status as the job form offers it.
        assertThat(entry(page, "changed job 'Furnace repair'")).contains("Status Open In progress")
                .contains("Scheduled (none) Mon 7 Dec 2026, 9:00 AM").doesNotContain("2026-12-07T").doesNotContain("Updated at");
        assertThat(entry(page, "deleted job 'Leak'")).contains("Customer a deleted customer");
        assertThat(entry(page, "added call queue 'Service desk'")).contains("Hold music after-hours.wav").contains("Members Ann Ruiz");
        assertThat(entry(page, "uploaded greeting 'after-hours.wav'")).contains("File after-hours.wav").doesNotContain("Sha256");
        assertThat(text(page)).doesNotContain(robert).doesNotContain(gone).doesNotContain(furnace).doesNotContain(media)
                .doesNotContain(ann);
    }

    @Test
    void anAddedMemberIsSummedUpByWhatTheOwnerSetInTheFormsWords() {
        var c = company();
        var ann = c.owner().post("/api/v1/members", Map.of("name", "Ann Ruiz", "phone_extension", "101",
                "sip_address", "sip:ann@example.sip.telnyx.com")).json().get("id").asString();
        assertThat(c.owner().patch("/api/v1/members/" + ann, Map.of("sip_address", "sip:ann.ruiz@example.sip.telnyx.com",
                "max_concurrent_calls", 2)).status()).isEqualTo(200);

        var page = c.web().get("/settings/activity").body();
        assertThat(entry(page, "added team member 'Ann Ruiz'")).contains("What changed (3 fields)").contains("Name Ann Ruiz")
                .contains("Extension 101").contains("Desk phone or phone app address sip:ann@example.sip.telnyx.com").doesNotContain("(none)")
                .doesNotContain("Calls today").doesNotContain("Availability");
        assertThat(entry(page, "changed team member 'Ann Ruiz'")).contains("What changed (2 fields)")
                .contains("Desk phone or phone app address sip:ann@example.sip.telnyx.com sip:ann.ruiz@example.sip.telnyx.com").contains("Calls at once 1 2");
    }

    @Test
    void aLoginAndAHolidayAreSaidInTheirFormsWordsAndTheLoginLinkedToItsPage() {
        var c = company();
        var admin = c.owner().newUser("ADMIN", null);
        var holiday = c.owner().post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY"));
        assertThat(holiday.status()).as(holiday.body()).isIn(200, 201);

        var page = c.web().get("/settings/activity").body();
        assertThat(page).contains("href=\"/settings/team/" + c.ownerId() + "\"");
        assertThat(entry(page, "changed user 'Maria Lopez'")).contains("Name").contains("Maria Lopez").doesNotContain("Display name");
        assertThat(entry(page, "added user")).contains("Email " + admin.email()).contains("Role Admin").doesNotContain("ADMIN")
                .doesNotContain("Enabled");
        assertThat(entry(page, "added holiday 'Christmas'")).contains("Name Christmas").contains("Date Fri 25 Dec 2026")
                .contains("Repeats Every year").doesNotContain("Rule ›").doesNotContain("YEARLY").doesNotContain("Source");
    }

    @Test
    void aPartOfDayHolidaysHoursAreTimesOfDayInTheHolidayFormsWords() {
        var c = company();
        var eve = c.owner().post("/api/v1/holidays", Map.of("name", "Christmas Eve", "date", "2026-12-24", "recurrence", "YEARLY",
                "start", "09:00", "end", "12:30"));
        assertThat(eve.status()).as(eve.body()).isIn(200, 201);
        var id = eve.json().get("id").asString();
        var changed = c.owner().put("/api/v1/holidays/" + id, Map.of("name", "Christmas Eve", "date", "2026-12-24", "recurrence", "YEARLY",
                "start", "13:00", "end", "24:00"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        var page = c.web().get("/settings/activity").body();
        assertThat(entry(page, "added holiday 'Christmas Eve'")).contains("Closed from 9:00 AM").contains("Until 12:30 PM")
                .doesNotContain("Start minute").doesNotContain("540");
        assertThat(entry(page, "changed holiday 'Christmas Eve'")).contains("Closed from 9:00 AM 1:00 PM")
                .contains("Until 12:30 PM midnight").doesNotContain("750");
    }

    @Test
    void aMenuASchedulesHoursAndAnOverrideAreSaidInTheirFormsWords() {
        var c = company();
        var ann = c.owner().post("/api/v1/members", Map.of("name", "Ann Ruiz")).json().get("id").asString();
        var menu = c.owner().post("/api/v1/ivr-menus", Map.of("name", "Main menu", "greeting_text", "Press 1 for sales.",
                "max_retries", 2, "invalid_prompt", "That key does nothing.", "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)),
                "invalid_target", Map.of("kind", "VOICEMAIL")));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var shop = c.owner().post("/api/v1/schedules", Map.of("name", "Shop",
                "ranges", java.util.List.of(Map.of("day", "MONDAY", "start", "09:00", "end", "17:00"))));
        assertThat(shop.status()).as(shop.body()).isIn(200, 201);
        var closed = c.owner().post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL",
                "until", Instant.now().plus(java.time.Duration.ofDays(1)).toString(), "reason", "Staff meeting"));
        assertThat(closed.status()).as(closed.body()).isIn(200, 201);

        var page = c.web().get("/settings/activity").body();
        assertThat(entry(page, "added call flow 'Main menu'")).contains("Prompt callers hear Press 1 for sales.").contains("Times to ask again 2")
                .contains("On a wrong key, say That key does nothing.").contains("Key 1 › Send to A team member")
                .contains("Key 1 › Member Ann Ruiz").contains("After the retries on wrong keys, send calls to › Send to Voicemail")
                .doesNotContain("Max retries").doesNotContain("Invalid prompt").doesNotContain("Options");
        assertThat(entry(page, "added schedule 'Shop'")).contains("Opening hours").doesNotContain("Ranges");
        assertThat(entry(page, "added an hours override")).contains("Override Closed until then").contains("Reason Staff meeting")
                .contains("Until ").doesNotContain("Open no");
    }

    @Test
    void aDeletedVoicemailMessageSaysWhoLeftItForWhomAndWhenNotItsCallOrAudioBookkeeping() {
        var c = company();
        var ann = c.owner().post("/api/v1/members", Map.of("name", "Ann Ruiz")).json().get("id").asString();
        var message = java.util.UUID.randomUUID();
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into voicemail_messages (company_id, id, member_id, call_id, from_number, received_at, duration_seconds, transcription)
                values (:c, :id, :m, :call, '+17735550126', :at, 12, 'Call me back about the furnace')""")
                .param("c", c.id().value()).param("id", message).param("m", java.util.UUID.fromString(ann))
                .param("call", java.util.UUID.randomUUID()).param("at", java.sql.Timestamp.from(Instant.parse("2026-12-05T01:00:00Z"))).update()));
        assertThat(c.owner().delete("/api/v1/voicemail/messages/" + message).status()).isEqualTo(204);

        var text = entry(c.web().get("/settings/activity").body(), "deleted a voicemail message");
        assertThat(text).contains("From (773) 555-0126").contains("For Ann Ruiz").contains("Left Fri 4 Dec 2026, 7:00 PM")
                .contains("Length (seconds) 12").contains("Transcription Call me back about the furnace")
                .doesNotContain("Call id").doesNotContain("Heard").doesNotContain("Audio next attempt");
    }

    @Test
    void aDeletedMessagesCallIsNamedAndLinkedToItsPageAndAnIdNothingNamesIsRemovedNotItsUuid() {
        var c = company();
        var call = java.util.UUID.randomUUID();
        var gone = java.util.UUID.randomUUID();
        var kept = java.util.UUID.randomUUID();
        var lost = java.util.UUID.randomUUID();
        var at = java.sql.Timestamp.from(Instant.parse("2026-12-05T01:00:00Z"));
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into calls (company_id, id, direction, from_number, to_number, phase, started_at)
                    values (:c, :id, 'INBOUND', '+13125550151', '+17735550100', 'ENDED', :at)""")
                    .param("c", c.id().value()).param("id", call).param("at", at).update();
            for (var m : java.util.List.of(java.util.List.of(kept, call), java.util.List.of(lost, gone))) {
                jdbc.sql("""
                        insert into voicemail_messages (company_id, id, call_id, from_number, received_at, duration_seconds)
                        values (:c, :id, :call, '+13125550151', :at, 12)""")
                        .param("c", c.id().value()).param("id", m.get(0)).param("call", m.get(1)).param("at", at).update();
            }
        }));
        assertThat(c.owner().delete("/api/v1/voicemail/messages/" + kept).status()).isEqualTo(204);
        assertThat(c.owner().delete("/api/v1/voicemail/messages/" + lost).status()).isEqualTo(204);
        // An entry holding ids under keys no module names (a module's, or an older version's).
        var widget = java.util.UUID.randomUUID();
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> audit.record(dev.switchboard.tenancy.Actor.system(c.id()),
                "phone_settings", c.id(), "update", Map.of("widget_id", widget.toString(), "owner", c.ownerId()),
                Map.of("widget_id", "", "owner", c.ownerId(), "user_id", c.ownerId()))));

        var page = c.web().get("/settings/activity").body();
        var messages = java.util.Arrays.stream(page.split("<li ")).filter(li -> li.contains("activity-entry")
                && text(li).contains("deleted a voicemail message")).map(li -> li.substring(0, li.indexOf("</li>"))).toList();
        assertThat(messages).hasSize(2);
        assertThat(text(messages.get(0))).as("the newest: its call is gone").contains("Call (removed)");
        var linked = messages.get(1);
        assertThat(text(linked)).contains("Call the call of Fri 4 Dec 2026, 7:00 PM from (312) 555-0151");
        assertThat(linked).contains("<a href=\"/calls/" + call + "\">the call of Fri 4 Dec 2026, 7:00 PM from (312) 555-0151</a>");
        // An id under an unknown key: named when its key says what it is (a user), else removed; never its uuid.
        assertThat(entry(page, "The system changed the phone settings")).contains("Widget (removed)").contains("User (none) Maria Lopez")
                .doesNotContain("Widget id").doesNotContain("User id");
        assertThat(text(page)).doesNotContain(call.toString()).doesNotContain(gone.toString()).doesNotContain(widget.toString())
                .doesNotContain(c.ownerId());
    }

    /** The text of the page's first entry that says {@code phrase}, its changes included. */
    private static String entry(String html, String phrase) {
        for (var li : html.split("<li ")) {
            if (li.contains("activity-entry") && text(li).contains(phrase)) {
                return text(li.substring(0, li.indexOf("</li>")));
            }
        }
        throw new AssertionError("no entry says " + phrase);
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
