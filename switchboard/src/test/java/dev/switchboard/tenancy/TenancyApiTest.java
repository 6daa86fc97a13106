package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class TenancyApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void healthIsUp() {
        var health = api().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().toString()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theDemoOwnerCanLogInThroughTheLoginFormWithCsrf() {
        var browser = api();
        var page = browser.get("/login");
        assertThat(page.status()).isEqualTo(200);
        var csrf = page.body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        assertThat(csrf).isNotBlank().doesNotContain("<");

        var withoutCsrf = browser.postForm("/login", Map.of("email", "owner@demo.test", "password", "demo"));
        assertThat(withoutCsrf.status()).isEqualTo(403);

        var login = browser.postForm("/login", Map.of("email", "owner@demo.test", "password", "demo", "_csrf", csrf));
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).doesNotContain("error");
        var home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Demo Plumbing").contains("owner@demo.test").contains(">Owner<");
    }

    @Test
    void theDemoCompanyHasEightMembersOnExtensions101To108() {
        var demo = api().login("owner@demo.test", "demo");
        var members = demo.get("/api/v1/members").json();
        assertThat(members.size()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(members.get(i).get("phone_extension").asString()).isEqualTo(String.valueOf(101 + i));
            assertThat(members.get(i).get("direct_inward_dial").asString()).startsWith("+1");
        }
        var queues = demo.get("/api/v1/queues").json();
        assertThat(queues.size()).isEqualTo(1);
        assertThat(queues.get(0).get("name").asString()).isEqualTo("Service desk");
        assertThat(queues.get(0).get("member_ids").size()).isEqualTo(3);
        var company = demo.get("/api/v1/company").json();
        assertThat(company.get("name").asString()).isEqualTo("Demo Plumbing");
        assertThat(company.get("timezone").asString()).isEqualTo("America/Chicago");
        assertThat(company.get("business_numbers").size()).isEqualTo(1);
        var vip = demo.get("/api/v1/customers").json();
        assertThat(vip.toString()).contains("VIP");
        assertThat(demo.get("/api/v1/jobs").json().size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aSignedUpCompanyStartsEmptyAndGets404ForTheDemoCompanysMembers() {
        var demo = api().login("owner@demo.test", "demo");
        var demoMember = demo.get("/api/v1/members").json().get(0).get("id").asString();
        var customer = demo.get("/api/v1/customers").json().get(0).get("id").asString();

        var fresh = api().signUpNewCompany("Fresh Cleaning");
        assertThat(fresh.get("/api/v1/members").json().size()).isZero();
        assertThat(fresh.get("/api/v1/customers").json().size()).isZero();
        assertThat(fresh.get("/api/v1/jobs").json().size()).isZero();
        assertThat(fresh.get("/api/v1/members/" + demoMember).status()).isEqualTo(404);
        assertThat(fresh.put("/api/v1/members/" + demoMember + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(404);
        assertThat(fresh.get("/api/v1/customers/" + customer).status()).isEqualTo(404);
        assertThat(fresh.get("/api/v1/members/eligible?member_id=" + demoMember).status()).isEqualTo(404);
        assertThat(demo.get("/api/v1/members/" + demoMember).json().get("availability").get("status").asString())
                .isEqualTo("AVAILABLE");
    }

    @Test
    void signupRefusesBadInputNamingTheFieldAndCreatesNothing() {
        var before = jdbc.sql("select company_count()").query(Long.class).single();
        var bad = api().post("/api/v1/signup", Map.of("company_name", "X", "timezone", "Mars/Olympus",
                "owner_email", "x@test.example", "owner_password", "long-enough"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorField()).isEqualTo("timezone");
        var shortPassword = api().post("/api/v1/signup", Map.of("company_name", "X", "timezone", "Europe/London",
                "owner_email", "x@test.example", "owner_password", "short"));
        assertThat(shortPassword.errorField()).isEqualTo("owner_password");
        var taken = api().post("/api/v1/signup", Map.of("company_name", "X", "timezone", "Europe/London",
                "owner_email", "OWNER@demo.test", "owner_password", "long-enough"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorField()).isEqualTo("owner_email");
        assertThat(jdbc.sql("select company_count()").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void tokensAreShownOnceStoredHashedListedAndRevocable() {
        var owner = api().signUpNewCompany("Tokens Co");
        var email = owner.get("/api/v1/me").json().get("email").asString();
        var issued = api().post("/api/v1/auth/token", Map.of("email", email, "password", "correct-horse", "name", "CRM sync"));
        assertThat(issued.status()).isEqualTo(201);
        var secret = issued.json().get("token").asString();
        var id = issued.json().get("id").asString();

        var client = api().withToken(secret);
        var list = client.get("/api/v1/auth/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("CRM sync").doesNotContain(secret);

        assertThat(client.delete("/api/v1/auth/tokens/" + id).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/members").status()).isEqualTo(401);
        // Issued and revoked, each in the audit log with who and which token (never its secret).
        var audit = owner.get("/api/v1/audit-log?entity_type=api_token").json();
        var actions = new java.util.ArrayList<String>();
        audit.forEach(e -> {
            if (e.get("entity_id").asString().equals(id)) {
                actions.add(e.get("action").asString());
                assertThat(e.get("actor").asString()).isEqualTo(email);
            }
        });
        assertThat(actions).containsExactlyInAnyOrder("create", "revoke");
        assertThat(audit.toString()).contains("CRM sync").doesNotContain(secret);
        assertThat(api().withToken("sbk_not-a-token").get("/api/v1/members").status()).isEqualTo(401);
        assertThat(api().get("/api/v1/members").status()).isEqualTo(401);
    }

    @Test
    void revokingARevokedTokenAgainChangesNothingAndWritesNoSecondAuditEntry() {
        var owner = api().signUpNewCompany("Revoke Twice Co");
        var spare = api().post("/api/v1/auth/token", Map.of("email", owner.email(), "password", "correct-horse", "name", "Spare"));
        var spareId = spare.json().get("id").asString();
        var inUse = owner.get("/api/v1/auth/tokens").json().findValuesAsString("id").stream().filter(t -> !t.equals(spareId))
                .findFirst().orElseThrow();
        assertThat(owner.delete("/api/v1/auth/tokens/" + spareId).status()).isEqualTo(204);
        var revokedAt = owner.get("/api/v1/auth/tokens").json().findValues("revoked_at").toString();

        assertThat(owner.delete("/api/v1/auth/tokens/" + spareId).status()).as("already revoked: still done").isEqualTo(204);

        assertThat(owner.get("/api/v1/auth/tokens").json().findValues("revoked_at").toString()).isEqualTo(revokedAt);
        var revokes = 0;
        for (var e : owner.get("/api/v1/audit-log?entity_type=api_token").json()) {
            if (e.get("entity_id").asString().equals(spareId) && e.get("action").asString().equals("revoke")) {
                revokes++;
            }
        }
        assertThat(revokes).as("one revocation, one audit entry").isEqualTo(1);
        // AnspareId user's token, revoked or not, is still not found.
        var agent = owner.newUser("AGENT", null);
        assertThat(agent.delete("/api/v1/auth/tokens/" + spareId).status()).isEqualTo(404);
        assertThat(agent.delete("/api/v1/auth/tokens/" + inUse).status()).isEqualTo(404);
    }

    @Test
    void tokenHashesNotSecretsAreInTheDatabase(@Autowired org.springframework.transaction.support.TransactionTemplate tx) {
        var owner = api().signUpNewCompany("Hash Co");
        var me = owner.get("/api/v1/me").json();
        var issued = api().post("/api/v1/auth/token", Map.of("email", me.get("email").asString(), "password", "correct-horse"));
        var secret = issued.json().get("token").asString();
        var company = dev.switchboard.shared.CompanyId.of(me.get("company_id").asString());
        var hashes = dev.switchboard.platform.TenantContext.callAs(company, () -> tx.execute(s ->
                jdbc.sql("select token_hash from api_tokens").query(String.class).list()));
        assertThat(hashes).isNotEmpty().doesNotContain(secret).contains(ApiTokens.hash(secret));
    }

    @Test
    void failedLoginsAreThrottledPerAccount() {
        var owner = api().signUpNewCompany("Throttle Co");
        var email = owner.get("/api/v1/me").json().get("email").asString();
        for (int i = 0; i < 5; i++) {
            var wrong = api().post("/api/v1/auth/token", Map.of("email", email, "password", "wrong-" + i));
            assertThat(wrong.status()).isEqualTo(401);
        }
        var locked = api().post("/api/v1/auth/token", Map.of("email", email, "password", "correct-horse"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("detail").asString()).contains("too many failed logins");
    }

    @Test
    void rolesAreEnforced() {
        var owner = api().signUpNewCompany("Roles Co");
        var agentMember = owner.post("/api/v1/members", Map.of("name", "Agent Al", "phone_extension", "301")).json().get("id").asString();
        var otherMember = owner.post("/api/v1/members", Map.of("name", "Other Olga", "phone_extension", "302")).json().get("id").asString();
        var agentEmail = "agent-" + UUID.randomUUID() + "@test.example";
        var supervisorEmail = "sup-" + UUID.randomUUID() + "@test.example";
        assertThat(owner.post("/api/v1/users", Map.of("email", agentEmail, "password", "agent-pass", "role", "AGENT",
                "member_id", agentMember)).status()).isEqualTo(201);
        assertThat(owner.post("/api/v1/users", Map.of("email", supervisorEmail, "password", "super-pass", "role", "SUPERVISOR"))
                .status()).isEqualTo(201);
        var agent = api().login(agentEmail, "agent-pass");
        var supervisor = api().login(supervisorEmail, "super-pass");

        assertThat(agent.put("/api/v1/members/" + agentMember + "/status", Map.of("status", "AWAY")).status()).isEqualTo(200);
        assertThat(agent.put("/api/v1/members/" + agentMember + "/do-not-disturb",
                Map.of("until", java.time.Instant.now().plusSeconds(3600).toString())).status()).isEqualTo(200);
        assertThat(agent.put("/api/v1/members/" + otherMember + "/status", Map.of("status", "AWAY")).status()).isEqualTo(403);
        assertThat(agent.put("/api/v1/members/" + agentMember, Map.of("name", "Al", "phone_extension", "301")).status()).isEqualTo(403);
        assertThat(agent.post("/api/v1/members", Map.of("name", "New")).status()).isEqualTo(403);
        assertThat(agent.get("/api/v1/audit-log").status()).isEqualTo(403);
        assertThat(agent.get("/api/v1/members").status()).isEqualTo(200);

        assertThat(supervisor.get("/api/v1/members").status()).isEqualTo(200);
        assertThat(supervisor.get("/api/v1/users").status()).isEqualTo(200);
        assertThat(supervisor.put("/api/v1/company", Map.of("name", "Mine now", "timezone", "UTC")).status()).isEqualTo(403);
        assertThat(supervisor.post("/api/v1/members", Map.of("name", "New")).status()).isEqualTo(403);
        // A colleague's vacation is not a supervisor's to set; their status is (an agent set Away by the queue put back).
        assertThat(supervisor.put("/api/v1/members/" + otherMember + "/vacation", Map.of("start_date", "2030-01-07",
                "end_date", "2030-01-11")).status()).isEqualTo(403);
        assertThat(owner.get("/api/v1/members/" + otherMember).json().get("availability").get("vacation").isNull()).isTrue();
        var audit = owner.get("/api/v1/audit-log?entity_type=team_availability").json();
        assertThat(audit.get(0).get("actor").asString()).isEqualTo(agentEmail);
        assertThat(supervisor.put("/api/v1/members/" + otherMember + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/members/" + otherMember).json().get("availability").get("status").asString()).isEqualTo("OFFLINE");
        assertThat(owner.get("/api/v1/audit-log?entity_type=team_availability").json().get(0).get("actor").asString())
                .isEqualTo(supervisor.email());
    }

    @Test
    void theOnlyOwnerCannotBeDisabledOrDemotedButOneOfTwoCan() {
        var owner = api().signUpNewCompany("Last Owner Co");
        var me = owner.get("/api/v1/me").json().get("user_id").asString();
        var disabled = owner.put("/api/v1/users/" + me, java.util.Map.of("enabled", false));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(422);
        assertThat(disabled.errorField()).isEqualTo("enabled");
        assertThat(owner.get("/api/v1/me").status()).as("still signed in").isEqualTo(200);
        var demoted = owner.put("/api/v1/users/" + me, java.util.Map.of("role", "ADMIN"));
        assertThat(demoted.errorField()).isEqualTo("role");
        var secondEmail = "second-" + java.util.UUID.randomUUID() + "@test.example";
        var second = owner.post("/api/v1/users", java.util.Map.of("email", secondEmail, "password", "correct-horse-2", "role", "OWNER"));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        // Not by their own hand (as removing one's own login), but by the other owner.
        var self = owner.put("/api/v1/users/" + me, java.util.Map.of("enabled", false));
        assertThat(self.status()).as(self.body()).isEqualTo(422);
        assertThat(self.body()).contains("you cannot disable your own login");
        assertThat(api().login(secondEmail, "correct-horse-2").put("/api/v1/users/" + me, java.util.Map.of("enabled", false)).status())
                .as("another owner remains").isEqualTo(200);
    }

    @Test
    void companySettingsValidateNumbersAndTimezone() {
        var owner = api().signUpNewCompany("Settings Co");
        var bad = owner.put("/api/v1/company", Map.of("name", "Settings Co", "timezone", "America/Chicago",
                "business_numbers", java.util.List.of("+1 312 555 0177", "not a number")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorField()).isEqualTo("business_numbers[1]");
        var taken = owner.put("/api/v1/company", Map.of("name", "Settings Co", "timezone", "America/Chicago",
                "business_numbers", java.util.List.of("+13125550100")));
        assertThat(taken.status()).isEqualTo(409);
        var ok = owner.put("/api/v1/company", Map.of("name", "Settings Co", "timezone", "Europe/London",
                "business_numbers", java.util.List.of("(312) 555-0177")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("business_numbers").get(0).asString()).isEqualTo("+13125550177");
        assertThat(ok.json().get("timezone").asString()).isEqualTo("Europe/London");
    }

    @Test
    void openApiDocumentsTheApi() {
        var docs = api().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/members").contains("/api/v1/signup").contains("/api/v1/auth/token");
        assertThat(api().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
