package dev.switchboard.calls.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pages as a supervisor (dispatcher) reads them on a busy day: lengths of calls, messages and waits in minutes and
 * seconds, the call log's filters kept from the list to a call and back, and each member leading to their calls.
 */
class SupervisorCallPagesTest extends IntegrationTest {

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    dev.switchboard.voicemail.Voicemails voicemails;

    record Company(dev.switchboard.support.ApiClient owner, CompanyId id, UUID ann, UUID bob) {
    }

    private Company company(String name) {
        var web = newCompanyOwner(name);
        var owner = api().login(web.email(), "correct-horse");
        var ann = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Ann Lee")).json().get("id").asString());
        var bob = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Bob Stone")).json().get("id").asString());
        return new Company(owner, CompanyId.of(web.companyId()), ann, bob);
    }

    /** A call answered by {@code by} (null: nobody answered), {@code seconds} long, billed {@code billed} seconds. */
    private UUID call(Company c, UUID by, int seconds, int billed) {
        var id = UUID.randomUUID();
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, answered_at, ended_at,
                  duration_seconds, billable_seconds, outcome, answered_by)
                values (:c, :id, 'INBOUND', '+17735550123', '+13125550100', 'ENDED', now(), case when :by::uuid is null then null
                        else now() end, now(), :d, :b, :o, :by)
                """).param("c", c.id().value()).param("id", id).param("d", seconds).param("b", billed)
                .param("o", by == null ? "MISSED" : "ANSWERED").param("by", by).update()));
        return id;
    }

    /** A row of the call log, by its call. */
    private static String row(String page, UUID call) {
        var at = page.indexOf("/calls/" + call);
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }

    /**
     * "125 s" and "75 s" read as a number to work out: a call's length, billed length, a message's length and the average
     * answered call are written as a phone's call history writes them, in minutes and seconds; no answered call, no average.
     */
    @Test
    void lengthsReadInMinutesAndSeconds() {
        var c = company("Minutes Plumbing");
        var supervisor = webLogin(c.owner().newUser("SUPERVISOR", null).email(), "their-password");
        assertThat(supervisor.get("/settings/communications/phone/analytics").body())
                .as("no answered call yet: no average of none").contains("<span class=\"num\">—</span> average answered call")
                .doesNotContain("0 s average");

        var answered = call(c, c.ann(), 125, 180);
        var long_ = call(c, c.bob(), 3723, 3780);
        var log = supervisor.get("/calls").body();
        assertThat(row(log, answered)).contains("<td class=\"duration wide-only\">2:05</td>").doesNotContain("125 s");
        assertThat(row(log, long_)).contains("<td class=\"duration wide-only\">1:02:03</td>");
        assertThat(supervisor.get("/calls/" + answered).body()).contains("id=\"duration\">2:05 (billed 3:00)</dd>");
        assertThat(supervisor.get("/settings/communications/phone/analytics").body())
                .contains("<span class=\"num\">32:04</span> average answered call");

        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s ->
                voicemails.deposit(c.ann(), null, "+17735550124", java.time.Instant.now(), 75, null)));
        assertThat(supervisor.get("/voicemail?box=" + c.ann()).body()).contains(" · 1:15</span>").doesNotContain("75 s");
    }

    /**
     * A dispatcher going through today's missed calls opened one and came back to every call of every day: the call's page
     * now keeps the filters it was opened with, for "Call log" and after saving its notes.
     */
    @Test
    void aCallOpenedFromAFilteredLogLeadsBackToTheSameFilteredLog() {
        var c = company("Filters Kept Plumbing");
        var supervisor = webLogin(c.owner().newUser("SUPERVISOR", null).email(), "their-password");
        var missed = call(c, null, 30, 60);
        var filtered = "member=" + c.ann() + "&outcome=MISSED";
        var list = supervisor.get("/calls?outcome=MISSED").body();
        assertThat(row(list, missed)).contains("href=\"/calls/" + missed + "?outcome=MISSED\"");

        var page = supervisor.get("/calls/" + missed + "?" + filtered);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"back-to-log\" href=\"/calls?member=" + c.ann() + "&amp;outcome=MISSED\"")
                .contains("action=\"/calls/" + missed + "/notes?member=" + c.ann() + "&amp;outcome=MISSED\"");
        var saved = supervisor.post("/calls/" + missed + "/notes?" + filtered, "notes", "Called back, no answer", "tags", "");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/calls/" + missed + "?" + filtered);
        assertThat(supervisor.get("/calls/" + missed).body()).as("opened on its own: the whole log")
                .contains("id=\"back-to-log\" href=\"/calls\"");
    }

    /**
     * A supervisor reading a call could not get from the member who answered to that member's other calls, and the
     * Extensions tab, where they watch the team, had an Actions column with nothing in it for them: each member now leads to
     * their calls and their mailbox, which a supervisor may read. An agent, who sees only their own calls, gets no link.
     */
    @Test
    void eachMemberLeadsToTheirCallsAndMailbox() {
        var c = company("Member Links Plumbing");
        var supervisor = webLogin(c.owner().newUser("SUPERVISOR", null).email(), "their-password");
        var answered = call(c, c.ann(), 60, 60);
        assertThat(supervisor.get("/calls/" + answered).body())
                .contains("href=\"/calls?member=" + c.ann() + "\" title=\"Every call of Ann Lee\">Ann Lee</a>");
        assertThat(row(supervisor.get("/calls").body(), answered)).as("the log's Answered by column too")
                .contains("href=\"/calls?member=" + c.ann() + "\" title=\"Every call of Ann Lee\">Ann Lee</a>");

        var tab = supervisor.get("/settings/communications/phone/extensions").body();
        var annRow = tab.substring(tab.indexOf("id=\"member-" + c.ann() + "\""));
        annRow = annRow.substring(0, annRow.indexOf("</tr>"));
        assertThat(annRow).contains("href=\"/calls?member=" + c.ann() + "\"").contains("href=\"/voicemail?box=" + c.ann() + "\"")
                .doesNotContain("Edit");
        assertThat(supervisor.get("/calls?member=" + c.ann()).body()).contains("/calls/" + answered);
        assertThat(supervisor.get("/voicemail?box=" + c.ann()).status()).isEqualTo(200);

        var agent = webLogin(c.owner().newUser("AGENT", c.ann().toString()).email(), "their-password");
        assertThat(agent.get("/calls/" + answered).body()).contains("id=\"answered-by\"><span>Ann Lee</span>")
                .doesNotContain("href=\"/calls?member=");
        assertThat(row(agent.get("/calls").body(), answered)).contains("<span>Ann Lee</span>").doesNotContain("href=\"/calls?member=");
    }

    /**
     * The Extensions tab is where a supervisor sees who can take a call: it said "Away" without the note the member left
     * ("at lunch"), "On call" without since when (a call left open for days looked like one just begun), and nothing of
     * how many calls each answered today.
     */
    @Test
    void theTeamShowsWhyAMemberIsAwaySinceWhenTheyAreOnACallAndTheirCallsToday() {
        var c = company("Team Watch Plumbing");
        var cy = UUID.fromString(c.owner().post("/api/v1/members", Map.of("name", "Cy Young")).json().get("id").asString());
        assertThat(c.owner().put("/api/v1/members/" + c.ann() + "/status", Map.of("status", "AWAY", "reason", "at lunch")).status())
                .isEqualTo(200);
        var zone = java.time.ZoneId.of(c.owner().get("/api/v1/company").json().get("timezone").asString());
        var now = java.time.Instant.now();
        var today = java.time.LocalDate.ofInstant(now, zone);
        var fmt = new dev.switchboard.tenancy.DisplayFormats(zone, "US");
        var onCallSince = now.minusSeconds(90);
        var stuckSince = now.minus(java.time.Duration.ofDays(3));
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    update team_availability set state = 'ON_CALL', state_changed_at = :at, active_calls = 1, calls_today = 3,
                      calls_today_date = :today where company_id = :c and member_id = :m
                    """).param("at", java.sql.Timestamp.from(onCallSince)).param("today", today).param("c", c.id().value())
                    .param("m", c.bob()).update();
            // The tab counts the day's calls as the analytics do, from the log: three calls in Bob answered today.
            for (int i = 0; i < 3; i++) {
                var call = UUID.randomUUID();
                var at = java.sql.Timestamp.from(today.atStartOfDay(zone).toInstant().plusSeconds(60 + i));
                jdbc.sql("""
                        insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at,
                          duration_seconds, billable_seconds, outcome, answered_by, answered_at)
                        values (:c, :id, 'INBOUND', '+17735550001', '+13125550100', 'ENDED', :at, :at, 60, 60, 'ANSWERED', :m, :at)
                        """).param("c", c.id().value()).param("id", call).param("at", at).param("m", c.bob()).update();
                jdbc.sql("""
                        insert into call_legs (company_id, call_id, leg_id, role, member_id, destination, state, started_at,
                          answered_at, ended_at)
                        values (:c, :id, :leg, 'MEMBER', :m, 'sip:bob@test.sip.telnyx.com', 'ENDED', :at, :at, :at)
                        """).param("c", c.id().value()).param("id", call).param("leg", "leg-" + UUID.randomUUID())
                        .param("m", c.bob()).param("at", at).update();
            }
            jdbc.sql("""
                    update team_availability set state = 'ON_CALL', state_changed_at = :at, active_calls = 1, calls_today = 1,
                      calls_today_date = :yesterday where company_id = :c and member_id = :m
                    """).param("at", java.sql.Timestamp.from(stuckSince)).param("yesterday", today.minusDays(1))
                    .param("c", c.id().value()).param("m", cy).update();
        }));
        var supervisor = webLogin(c.owner().newUser("SUPERVISOR", null).email(), "their-password");
        assertThat(supervisor.get("/calls").body()).as("one click from every page, not under Phone settings · Extensions")
                .contains("<a id=\"nav-team-status\" href=\"/settings/communications/phone/extensions\">Team status</a>");
        var agent = webLogin(c.owner().newUser("AGENT", cy.toString()).email(), "their-password");
        assertThat(agent.get("/calls").body()).as("not a page an agent may open").doesNotContain("nav-team-status");
        var tab = supervisor.get("/settings/communications/phone/extensions").body();
        assertThat(tab).contains("id=\"status-" + c.ann() + "\">Away: at lunch</span>");
        assertThat(tab).containsPattern("id=\"state-" + c.ann() + "\"><span>Idle</span><br>\\s*<span class=\"muted calls-today\">No calls answered today<");
        // Today's own time, or (begun before today) its day too.
        var bobSince = sameDay(onCallSince, now, zone) ? fmt.time(onCallSince) : fmt.dateTime(onCallSince);
        assertThat(tab).containsPattern("id=\"state-" + c.bob() + "\"><span>On call since " + java.util.regex.Pattern.quote(bobSince)
                + "</span><br>\\s*<span class=\"muted calls-today\">3 calls answered today<");
        assertThat(tab).containsPattern("id=\"state-" + cy + "\"><span>On call since " + java.util.regex.Pattern.quote(fmt.dateTime(stuckSince))
                + "</span><br>\\s*<span class=\"muted calls-today\">No calls answered today<");
    }

    /**
     * The home page tells a supervisor how many new messages the company's mailboxes hold, and the Voicemail page showed
     * only their own box and the general one: the new messages in members' boxes were found by opening each box in turn.
     * The picker now says how many new messages each box holds, and the page links the other boxes that hold some.
     */
    @Test
    void theVoicemailPageSaysWhichMembersBoxesHoldNewMessages() {
        var c = company("New Messages Plumbing");
        var heard = new UUID[1];
        TenantContext.runAs(c.id(), () -> tx.executeWithoutResult(s -> {
            voicemails.deposit(c.ann(), null, "+17735550131", java.time.Instant.now(), 20, null);
            voicemails.deposit(c.ann(), null, "+17735550132", java.time.Instant.now(), 20, null);
            voicemails.deposit(c.bob(), null, "+17735550133", java.time.Instant.now(), 20, null);
            heard[0] = voicemails.deposit(c.bob(), null, "+17735550134", java.time.Instant.now(), 20, null);
            voicemails.deposit(null, null, "+17735550135", java.time.Instant.now(), 20, null);
        }));
        assertThat(c.owner().patch("/api/v1/voicemail/messages/" + heard[0], Map.of("heard", true)).status()).isEqualTo(200);
        var supervisor = webLogin(c.owner().newUser("SUPERVISOR", null).email(), "their-password");

        var inbox = supervisor.get("/voicemail").body();
        assertThat(inbox).contains(">Ann Lee (2 new)</option>").contains(">Bob Stone (1 new)</option>");
        var others = inbox.substring(inbox.indexOf("id=\"other-new\""), inbox.indexOf("</p>", inbox.indexOf("id=\"other-new\"")));
        assertThat(others).contains("<a href=\"/voicemail?box=" + c.ann() + "\">Ann Lee (2 new)</a>, ")
                .contains("<a href=\"/voicemail?box=" + c.bob() + "\">Bob Stone (1 new)</a>");
        var anns = supervisor.get("/voicemail?box=" + c.ann()).body();
        var othersThanAnns = anns.substring(anns.indexOf("id=\"other-new\""), anns.indexOf("</p>", anns.indexOf("id=\"other-new\"")));
        assertThat(othersThanAnns).as("her box is open: the others only").contains("Bob Stone (1 new)").doesNotContain("Ann Lee");

        var agent = webLogin(c.owner().newUser("AGENT", c.ann().toString()).email(), "their-password");
        // Colleagues are named only as boxes to move a message to (Move to), not with what their boxes hold.
        assertThat(agent.get("/voicemail").body()).as("an agent sees their own box and the general one only")
                .doesNotContain("other-new").doesNotContain("Bob Stone (").doesNotContain("+17735550133");
    }

    private static boolean sameDay(java.time.Instant a, java.time.Instant b, java.time.ZoneId zone) {
        return java.time.LocalDate.ofInstant(a, zone).equals(java.time.LocalDate.ofInstant(b, zone));
    }
}
