package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may place a call from a member's phone is settled before the rest of the body is read: an agent naming a colleague
 * (or an id that is nobody's) is refused with 403 for that alone, whatever the number, and the refusal says nothing about
 * the number nor whether the id is a member's. Their own member with a bad number is still a 422 naming the number.
 */
class ClickToCallAuthorizationTest extends IntegrationTest {

    ApiClient owner;
    ApiClient agent;
    String ann;
    String bob;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Click Auth Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")).json().get("id").asString();
        agent = owner.newUser("AGENT", ann);
    }

    @Test
    void anAgentNamingAColleagueWithABadNumberIsRefusedForTheColleagueFirst() {
        var refused = agent.post("/api/v1/calls", Map.of("member_id", bob, "number", "not a number"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("only from your own phone").doesNotContain("number\"").doesNotContain("e164");
    }

    @Test
    void anAgentNamingAnIdThatIsNobodysLearnsNothingOfIt() {
        var colleague = agent.post("/api/v1/calls", Map.of("member_id", bob, "number", "not a number"));
        var nobody = agent.post("/api/v1/calls", Map.of("member_id", UUID.randomUUID().toString(), "number", "not a number"));
        assertThat(nobody.status()).as(nobody.body()).isEqualTo(403);
        assertThat(nobody.json().get("detail")).isEqualTo(colleague.json().get("detail"));
        assertThat(nobody.body()).doesNotContain("no member");
    }

    @Test
    void anAgentsOwnPhoneWithABadNumberIsStillTheNumbersProblem() {
        var refused = agent.post("/api/v1/calls", Map.of("member_id", ann, "number", "not a number"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("number");
    }

    @Test
    void anOwnerMayNameAnyMemberAndGetsTheNumbersProblem() {
        var refused = owner.post("/api/v1/calls", Map.of("member_id", bob, "number", "not a number"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("number");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    /** A transfer of a colleague's call is refused for the call (403) before its body is read: no member nor rule checked. */
    @Test
    void anAgentTransferringAColleaguesCallIsRefusedForTheCallBeforeTheBody() {
        var company = UUID.fromString(owner.get("/api/v1/me").json().get("company_id").asString());
        var call = UUID.randomUUID();
        TenantContext.runAs(CompanyId.of(company.toString()), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                  billable_seconds, outcome, answered_by)
                values (:c, :id, 'INBOUND', '+17735550001', '+13125550100', 'ENDED', now() - interval '3 minutes', now(), 60, 60,
                        'ANSWERED', :bob)""")
                .param("c", company).param("id", call).param("bob", UUID.fromString(bob)).update()));
        for (var body : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("member_id", UUID.randomUUID().toString()),
                Map.of("number", "not a number"))) {
            var refused = agent.post("/api/v1/calls/" + call + "/transfer", body);
            assertThat(refused.status()).as(body + ": " + refused.body()).isEqualTo(403);
            assertThat(refused.body()).as(body.toString()).doesNotContain("no member").doesNotContain("one of");
        }
    }
}
