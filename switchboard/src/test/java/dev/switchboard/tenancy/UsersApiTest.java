package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The users API's rules: what it refuses, and what it records. */
class UsersApiTest extends IntegrationTest {

    @Test
    void aHugeDisplayNameIsRefusedNamingTheFieldAndCreatesNothing() {
        var owner = api().signUpNewCompany("Names Co");
        var before = owner.get("/api/v1/users").json().size();
        var created = owner.post("/api/v1/users", Map.of("email", "big-" + UUID.randomUUID() + "@test.example",
                "password", "long-enough", "role", "AGENT", "display_name", "x".repeat(100_000)));
        assertThat(created.status()).isEqualTo(422);
        assertThat(created.errorField()).isEqualTo("display_name");
        assertThat(owner.get("/api/v1/users").json().size()).isEqualTo(before);
    }

    @Test
    void aPasswordChangeIsAuditedAsOne() {
        var owner = api().signUpNewCompany("Password Audit Co");
        var agent = owner.post("/api/v1/users", Map.of("email", "pw-" + UUID.randomUUID() + "@test.example",
                "password", "long-enough", "role", "AGENT")).json().get("id").asString();
        assertThat(owner.put("/api/v1/users/" + agent, Map.of("password", "a-new-password")).status()).isEqualTo(200);
        var entry = owner.get("/api/v1/audit-log?entity_type=user").json().get(0);
        assertThat(entry.get("entity_id").asString()).isEqualTo(agent);
        assertThat(entry.get("action").asString()).contains("password");
        assertThat(entry.toString()).doesNotContain("a-new-password").doesNotContain("bcrypt");
    }

    @Test
    void aDisabledOwnerCanBeRemovedWhileAnotherOwnerRemains() {
        var owner = api().signUpNewCompany("Two Owners Co");
        var second = owner.post("/api/v1/users", Map.of("email", "second-" + UUID.randomUUID() + "@test.example",
                "password", "long-enough", "role", "OWNER")).json().get("id").asString();
        assertThat(owner.put("/api/v1/users/" + second, Map.of("enabled", false)).status()).isEqualTo(200);
        var removed = owner.delete("/api/v1/users/" + second);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        var me = owner.get("/api/v1/me").json().get("user_id").asString();
        assertThat(owner.delete("/api/v1/users/" + me).status()).as("the only owner left").isEqualTo(422);
    }

    @Test
    void nobodyRemovesTheirOwnLoginAndATeamMemberHasOneLogin() {
        var owner = api().signUpNewCompany("One Login Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Ann")).json().get("id").asString();
        var adminEmail = "admin-" + UUID.randomUUID() + "@test.example";
        var adminId = owner.post("/api/v1/users", Map.of("email", adminEmail, "password", "long-enough", "role", "ADMIN",
                "member_id", member)).json().get("id").asString();
        var admin = api().login(adminEmail, "long-enough");
        var self = admin.delete("/api/v1/users/" + adminId);
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body()).contains("you cannot remove your own login");
        assertThat(owner.get("/api/v1/users/" + adminId).status()).isEqualTo(200);

        var before = owner.get("/api/v1/users").json().size();
        var second = owner.post("/api/v1/users", Map.of("email", "second-" + UUID.randomUUID() + "@test.example",
                "password", "long-enough", "role", "AGENT", "member_id", member));
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.errorField()).isEqualTo("member_id");
        assertThat(second.body()).contains("this team member already has a login (" + adminEmail + ")");
        assertThat(owner.get("/api/v1/users").json().size()).isEqualTo(before);
        var ownerId = owner.get("/api/v1/me").json().get("user_id").asString();
        assertThat(owner.put("/api/v1/users/" + ownerId, Map.of("member_id", member)).status()).isEqualTo(422);
        // The login keeps its own member when changed otherwise.
        assertThat(owner.put("/api/v1/users/" + adminId, Map.of("display_name", "Ann", "member_id", member)).status()).isEqualTo(200);
    }

    /**
     * An admin who sent {@code "enabled": false} for their own login was signed out and locked out at once, their tokens
     * revoked, with nobody told why (removing one's own login is refused for that reason). Refused naming the field;
     * another owner or admin disables it.
     */
    @Test
    void nobodyDisablesTheirOwnLogin() {
        var owner = api().signUpNewCompany("Own Disable Co");
        var adminEmail = "admin-" + UUID.randomUUID() + "@test.example";
        var adminId = owner.post("/api/v1/users", Map.of("email", adminEmail, "password", "long-enough", "role", "ADMIN"))
                .json().get("id").asString();
        var admin = api().login(adminEmail, "long-enough");
        var self = admin.put("/api/v1/users/" + adminId, Map.of("enabled", false));
        assertThat(self.status()).as(self.body()).isEqualTo(422);
        assertThat(self.errorField()).isEqualTo("enabled");
        assertThat(self.body()).contains("you cannot disable your own login");
        assertThat(admin.get("/api/v1/me").status()).as("still signed in").isEqualTo(200);
        assertThat(owner.get("/api/v1/users/" + adminId).json().get("enabled").asBoolean()).isTrue();
        // Another admin or owner can, and the admin's own other changes still go through.
        assertThat(admin.put("/api/v1/users/" + adminId, Map.of("display_name", "Ada", "enabled", true)).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/users/" + adminId, Map.of("enabled", false)).status()).isEqualTo(200);
    }

    /**
     * One login per team member holds in the database too (migration V1_48's unique index): two requests at once could
     * both pass Users' check and link one member twice. A second login linked past the check (inserted directly, as the
     * second of two racing requests would) is refused by the index, and Users answers it as its check does, on member_id,
     * not as a taken email nor a 500.
     */
    @Test
    void aSecondLoginLinkedToAMemberPastTheCheckIsRefusedByTheDatabaseAsByTheCheck(@Autowired JdbcClient jdbc,
            @Autowired org.springframework.transaction.support.TransactionTemplate tx, @Autowired Users users) {
        var owner = api().signUpNewCompany("Race Login Co");
        var company = dev.switchboard.shared.CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var member = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Ann")).json().get("id").asString());
        var first = owner.post("/api/v1/users", Map.of("email", "ann-" + UUID.randomUUID() + "@test.example", "password", "long-enough",
                "role", "AGENT", "member_id", member.toString()));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        var before = owner.get("/api/v1/users").json().size();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.switchboard.platform.TenantContext.runAs(company, () ->
                tx.executeWithoutResult(s -> jdbc.sql("""
                        insert into users (company_id, id, email, password_hash, role, display_name, member_id, created_at, updated_at)
                        values (:c, :id, :email, 'x', 'AGENT', 'Twin', :m, now(), now())
                        """).param("c", company.value()).param("id", UUID.randomUUID()).param("email", "twin-" + UUID.randomUUID() + "@test.example")
                        .param("m", member).update())))
                .as("the index refuses a second link").isInstanceOf(org.springframework.dao.DuplicateKeyException.class);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.switchboard.platform.TenantContext.runAs(company, () ->
                tx.executeWithoutResult(s -> users.insert(company.value(), UUID.randomUUID(), "twin-" + UUID.randomUUID() + "@test.example",
                        "long-enough", Role.AGENT, "Twin", member, true))))
                .isInstanceOfSatisfying(dev.switchboard.platform.InvalidInputException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("member_id");
                        assertThat(p.rule()).isEqualTo("linked");
                        assertThat(p.message()).isEqualTo("this team member already has a login; unlink it there first");
                    });
                });
        assertThat(owner.get("/api/v1/users").json().size()).as("nothing added").isEqualTo(before);
    }

    /** Two owners demoting each other at the same moment: one of them stays owner (each saw the other still there). */
    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        for (int round = 0; round < 8; round++) {
            var first = api().signUpNewCompany("Coup Co " + round);
            var email = "second-" + UUID.randomUUID() + "@test.example";
            var secondId = first.post("/api/v1/users", Map.of("email", email, "password", "long-enough", "role", "OWNER"))
                    .json().get("id").asString();
            var token = api().post("/api/v1/auth/token", Map.of("email", email, "password", "long-enough")).json().get("token").asString();
            var second = api().withToken(token);
            var firstId = first.get("/api/v1/me").json().get("user_id").asString();
            var barrier = new java.util.concurrent.CyclicBarrier(2);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var a = pool.submit(() -> {
                    barrier.await();
                    return first.put("/api/v1/users/" + secondId, Map.of("role", "ADMIN")).status();
                });
                var b = pool.submit(() -> {
                    barrier.await();
                    return second.put("/api/v1/users/" + firstId, Map.of("role", "ADMIN")).status();
                });
                var statuses = java.util.List.of(a.get(), b.get());
                assertThat(statuses).as("round " + round).contains(200);
            }
            var owners = first.get("/api/v1/users").json().valueStream()
                    .filter(u -> u.get("role").asString().equals("OWNER") && u.get("enabled").asBoolean()).count();
            assertThat(owners).as("owners left in round " + round).isEqualTo(1);
        }
    }

    @Test
    void aUserCreatedDisabledIsDisabled() {
        var owner = api().signUpNewCompany("Disabled From Start Co");
        var email = "later-" + UUID.randomUUID() + "@test.example";
        var created = owner.post("/api/v1/users", Map.of("email", email, "password", "long-enough", "role", "AGENT",
                "enabled", false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("enabled").asBoolean()).isFalse();
        assertThat(api().post("/api/v1/auth/token", Map.of("email", email, "password", "long-enough")).status()).isEqualTo(401);
    }

    @Test
    void anAuditLogLimitOutOfRangeIsRefused() {
        var owner = api().signUpNewCompany("Audit Limit Co");
        var zero = owner.get("/api/v1/audit-log?limit=0");
        assertThat(zero.status()).as(zero.body()).isEqualTo(422);
        assertThat(zero.errorField()).isEqualTo("limit");
    }

    @Test
    void anAuditLogFilterOfAKindTheLogNeverRecordsIsRefusedNotAnsweredAsAnEmptyLog() {
        var owner = api().signUpNewCompany("Audit Kinds Co");
        assertThat(owner.post("/api/v1/customers", Map.of("name", "Ann")).status()).isEqualTo(201);
        var documented = owner.get("/v3/api-docs").json().at("/paths/~1api~1v1~1audit-log/get/parameters").valueStream()
                .filter(p -> p.get("name").asString().equals("entity_type")).findFirst().orElseThrow().at("/schema/enum");
        assertThat(documented.size()).as("the kinds are documented").isGreaterThan(10);
        for (var kind : documented) {
            var listed = owner.get("/api/v1/audit-log?entity_type=" + kind.asString());
            assertThat(listed.status()).as(kind + ": " + listed.body()).isEqualTo(200);
        }
        assertThat(owner.get("/api/v1/audit-log?entity_type=customer").json()).hasSize(1);

        var plural = owner.get("/api/v1/audit-log?entity_type=customers");

        assertThat(plural.status()).as(plural.body()).isEqualTo(422);
        assertThat(plural.errorField()).isEqualTo("entity_type");
        assertThat(plural.body()).contains("'customers' is no kind of thing the log records").contains("customer, holiday");
    }

    @Test
    void aFullPageOfTheAuditLogLinksTheNextAsEveryPagedListDoes() {
        var owner = api().signUpNewCompany("Audit Paging Co");
        for (var name : List.of("Ann", "Bob", "Cy")) {
            assertThat(owner.post("/api/v1/customers", Map.of("name", name)).status()).isEqualTo(201);
        }
        var all = owner.get("/api/v1/audit-log?entity_type=customer").json();
        assertThat(all).hasSize(3);

        var first = owner.get("/api/v1/audit-log?entity_type=customer&limit=2");
        var link = first.header("Link");
        assertThat(link).as("a full page").isNotNull().endsWith(">; rel=\"next\"").contains("entity_type=customer")
                .contains("before_id=" + first.json().get(1).get("id").asLong());
        var next = owner.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json()).hasSize(1);
        assertThat(next.json().get(0).get("id")).isEqualTo(all.get(2).get("id"));
        assertThat(next.header("Link")).as("the last page").isNull();
    }
}
