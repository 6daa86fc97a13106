package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import dev.switchboard.voicemail.Voicemails;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The home page tells a person what waits for them: new voicemail in their box and in the general one, and the calls
 * they missed today, in the company's timezone, in virtual time; a company's counts for those who see every box and call.
 */
@Import(HomePageTest.VirtualTime.class)
class HomePageTest extends IntegrationTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Autowired
    SimClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Voicemails voicemails;

    @Autowired
    dev.switchboard.directory.Members members;

    @Test
    void theHomePageCountsNewVoicemailAndTodaysMissedCallsOfTheAgentOrOfTheCompany() {
        var owner = api().signUpNewCompany("Home Counts Heating");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        assertThat(owner.put("/api/v1/company", Map.of("name", "Home Counts Heating", "timezone", "America/Chicago",
                "business_numbers", List.of(unusedNumber()))).status()).isEqualTo(200);
        var ann = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Ann Lee")).json().get("id").asString());
        var bob = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Bob Stone")).json().get("id").asString());
        var cy = owner.post("/api/v1/members", Map.of("name", "Cy Park")).json().get("id").asString();
        var annAgent = owner.newUser("AGENT", ann.toString());
        var cyAgent = owner.newUser("AGENT", cy);

        var elevenToday = clock.instant().minusSeconds(3600);
        // 23:30 on Tuesday in Chicago: the same day as now in UTC, yesterday in the company's timezone.
        var lateYesterday = Instant.parse("2026-11-25T05:30:00Z");
        var heard = new UUID[1];
        var deleted = new UUID[1];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            call(company, elevenToday, "INBOUND", "MISSED", null, ann);
            call(company, elevenToday, "INBOUND", "VOICEMAIL", null, ann);
            call(company, elevenToday, "INBOUND", "ABANDONED", null, bob);
            call(company, elevenToday, "INBOUND", "ANSWERED", ann, ann);
            // Ann's own call out, not picked up by her: no call she missed.
            call(company, elevenToday, "OUTBOUND", "ABANDONED", null, ann);
            call(company, lateYesterday, "INBOUND", "MISSED", null, ann);
            voicemails.deposit(ann, null, "+17735550101", elevenToday, 12, null);
            voicemails.deposit(ann, null, "+17735550102", elevenToday, 12, null);
            heard[0] = voicemails.deposit(ann, null, "+17735550103", elevenToday, 12, null);
            deleted[0] = voicemails.deposit(ann, null, "+17735550104", elevenToday, 12, null);
            voicemails.deposit(null, null, "+17735550105", elevenToday, 12, null);
            voicemails.deposit(bob, null, "+17735550106", elevenToday, 12, null);
        }));
        assertThat(owner.patch("/api/v1/voicemail/messages/" + heard[0], Map.of("heard", true)).status()).isEqualTo(200);
        assertThat(owner.delete("/api/v1/voicemail/messages/" + deleted[0]).status()).isEqualTo(204);

        var annHome = webLogin(annAgent.email(), "their-password").get("/");
        assertThat(annHome.status()).isEqualTo(200);
        assertThat(annHome.body())
                .contains("id=\"new-voicemail\" href=\"/voicemail\">2 new voicemails in your mailbox<")
                .contains("id=\"general-voicemail\" href=\"/voicemail?box=general\">1 new voicemail in the General mailbox<")
                .as("the missed and the voicemail call that rang her today; not Bob's, her answered one, her call out or yesterday's")
                .contains("id=\"missed-calls\" href=\"/calls?from=2026-11-25&amp;to=2026-11-25&amp;direction=INBOUND"
                        + "&amp;outcome=MISSED,ABANDONED,VOICEMAIL&amp;member=" + ann + "\">2 calls not answered today<");
        var annWeb = webLogin(annAgent.email(), "their-password");
        assertThat(rowsOfTheMissedCallsLink(annWeb)).as("the log the line opens lists the calls it counts, not her answered one")
                .isEqualTo(2);

        var ownerWeb = webLogin(owner.email(), "correct-horse");
        // Past the setup wizard, which a company without hours or a rule is sent to.
        assertThat(ownerWeb.post("/setup/skip").status()).isEqualTo(302);
        var ownerHome = ownerWeb.get("/").body();
        assertThat(ownerHome)
                // The members' boxes, the General box apart (it was counted in both, reading as five).
                .contains("id=\"new-voicemail\" href=\"/voicemail\">3 new voicemails in the members&#39; mailboxes<")
                .contains(">1 new voicemail in the General mailbox<")
                .contains("id=\"missed-calls\" href=\"/calls?from=2026-11-25&amp;to=2026-11-25&amp;direction=INBOUND"
                        + "&amp;outcome=MISSED,ABANDONED,VOICEMAIL\">3 calls not answered today<");
        assertThat(ownerHome).as("the timezone by the name people call it; whose boxes the Voicemail page holds")
                .contains("Timezone <strong>America/Chicago (Central Time)</strong>")
                .contains("Messages in every member&#39;s box and the shared box");
        assertThat(rowsOfTheMissedCallsLink(ownerWeb)).as("the log the line opens lists the three counted, not the answered one")
                .isEqualTo(3);
        // The Analytics tab's counts open the log filtered to the calls they count: today's and this week's (since Monday,
        // with yesterday's missed call; Ann's unanswered call out is no missed call).
        var analytics = ownerWeb.get("/settings/communications/phone/analytics").body();
        // Every call, the calls in, missed or abandoned, voicemail, the calls out: each count, then the rows its link opens.
        assertThat(countsAndTheirRows(ownerWeb, analytics, "today")).containsExactly(5, 5, 4, 4, 2, 2, 1, 1, 1, 1);
        assertThat(countsAndTheirRows(ownerWeb, analytics, "week")).containsExactly(6, 6, 5, 5, 3, 3, 1, 1, 1, 1);
        assertThat(analytics).as("one is one call").contains("<span class=\"num\">1</span> call out</a>").doesNotContain("1</span> calls out");

        var cyHome = webLogin(cyAgent.email(), "their-password").get("/").body();
        assertThat(cyHome).as("nothing waiting is said, not hidden")
                .contains("id=\"new-voicemail\" href=\"/voicemail\">No new voicemail in your mailbox<")
                .contains(">1 new voicemail in the General mailbox<")
                .contains(">No unanswered calls today<")
                .contains("Messages in your box and the shared box");
    }

    /**
     * A technician who set herself Away (or do-not-disturb) at a job and forgot saw nothing of it on the home page, only
     * on My status, while her calls went to voicemail: the home page says first whether calls reach her, and why not.
     */
    @Test
    void theHomePageSaysWhetherCallsReachTheMemberNowAndIfNotWhy() {
        var owner = api().signUpNewCompany("Home Reach Heating");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        assertThat(owner.put("/api/v1/company", Map.of("name", "Home Reach Heating", "timezone", "America/Chicago",
                "business_numbers", List.of(unusedNumber()))).status()).isEqualTo(200);
        var sip = "sip:aisha-" + UUID.randomUUID().toString().substring(0, 8) + "@phones.sip.telnyx.com";
        var direct = unusedNumber();
        var aisha = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Aisha Khan", "sip_address", sip, "phone_extension", "103",
                "direct_inward_dial", direct)).json().get("id").asString());
        var agent = webLogin(owner.newUser("AGENT", aisha.toString()).email(), "their-password");
        assertThat(agent.get("/").body()).contains("<span>Calls reach you now.</span> <a href=\"/me\">My status</a>")
                .as("her own extension and direct line, to give out").contains("Your extension <strong>103</strong>")
                .contains("direct line <strong>" + dev.switchboard.shared.PhoneNumber.parse(direct, "US").display("US") + "</strong>");

        assertThat(agent.post("/me/status", "status", "AWAY", "reason", "At a job site").status()).isEqualTo(302);
        assertThat(agent.get("/").body()).contains("class=\"warning\"")
                .contains("<span>Calls do not ring you now: your status is Away (At a job site).</span>");

        assertThat(agent.post("/me/status", "status", "AVAILABLE").status()).isEqualTo(302);
        assertThat(agent.post("/me/dnd", "until", "2026-11-25T17:00").status()).isEqualTo(302);
        assertThat(agent.get("/").body()).contains("Calls do not ring you now: do-not-disturb is on until Wed 25 Nov 2026, 5:00 PM.");
        assertThat(agent.post("/me/dnd", "clear", "true").status()).isEqualTo(302);

        // On a call, as many as she takes at once: said of one call as one call.
        TenantContext.runAs(company, () -> assertThat(members.claimToDialOut(aisha, true)).isTrue());
        assertThat(agent.get("/").body()).contains("Calls do not ring you now: you are on a call, as many as you take at once.");
        assertThat(agent.get("/me").body()).contains("Calls do not ring you now: you are on a call, as many as you take at once.")
                .doesNotContain("1 calls");

        var ownerWeb = webLogin(owner.email(), "correct-horse");
        assertThat(ownerWeb.post("/setup/skip").status()).isEqualTo(302);
        assertThat(ownerWeb.get("/").body()).as("a login that takes no calls is told nothing of it").doesNotContain("id=\"reach\"")
                .doesNotContain("id=\"my-line\"");
    }

    /** The Analytics tab's linked counts of one period (calls, calls in, missed or abandoned, voicemail, calls out), each then the rows its link opens. */
    private static List<Integer> countsAndTheirRows(WebClient web, String analytics, String period) {
        var section = analytics.substring(analytics.indexOf("id=\"" + period + "-stats\""));
        section = section.substring(0, section.indexOf("</div>"));
        var links = java.util.regex.Pattern.compile("<a class=\"count-(\\w+)\" href=\"([^\"]+)\"><span class=\"num\">(\\d+)</span>")
                .matcher(section);
        var found = new java.util.ArrayList<Integer>();
        while (links.find()) {
            var log = web.get(links.group(2).replace("&amp;", "&"));
            assertThat(log.status()).as(log.body()).isEqualTo(200);
            found.add(Integer.parseInt(links.group(3)));
            found.add(log.body().split("class=\"call-row\"", -1).length - 1);
        }
        return found;
    }

    /**
     * The rows of the call log page the home page's missed-calls line links to, checked to be as many as the line says: the
     * count and the page it opens agree.
     */
    private static int rowsOfTheMissedCallsLink(WebClient web) {
        var home = web.get("/").body();
        var line = java.util.regex.Pattern.compile("id=\"missed-calls\" href=\"([^\"]+)\">(\\d+) calls? not answered today<").matcher(home);
        assertThat(line.find()).as(home).isTrue();
        var log = web.get(line.group(1).replace("&amp;", "&"));
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        int rows = log.body().split("class=\"call-row\"", -1).length - 1;
        assertThat(rows).as("the rows of " + line.group(1) + " are the count the home page says").isEqualTo(Integer.parseInt(line.group(2)));
        return rows;
    }

    private void call(CompanyId company, Instant at, String direction, String outcome, UUID answeredBy, UUID rang) {
        var id = UUID.randomUUID();
        jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                  billable_seconds, outcome, answered_by, answered_at)
                values (:c, :id, :dir, '+17735550001', '+13125550100', 'ENDED', :at, :ended, 60, 60, :outcome, :by,
                        case when :answered then cast(:at as timestamptz) end)
                """).param("c", company.value()).param("id", id).param("dir", direction).param("at", Timestamp.from(at))
                .param("ended", Timestamp.from(at.plusSeconds(60))).param("outcome", outcome).param("by", answeredBy)
                .param("answered", answeredBy != null).update();
        jdbc.sql("""
                insert into call_legs (company_id, call_id, leg_id, role, member_id, destination, state, started_at, ended_at)
                values (:c, :id, :leg, 'MEMBER', :member, 'sip:someone@test.sip.telnyx.com', 'ENDED', :at, :at)
                """).param("c", company.value()).param("id", id).param("leg", "leg-" + UUID.randomUUID())
                .param("member", rang).param("at", Timestamp.from(at)).update();
    }
}
