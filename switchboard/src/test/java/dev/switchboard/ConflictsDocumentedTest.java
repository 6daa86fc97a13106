package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.HeldTransaction;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestNumbers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The API's 409 answers are in the OpenAPI document, as problem documents, so a client generated from it reads the
 * refusal, as {@link MediaDeleteDocumentedTest} checks for an audio file ({@link ApiContractTest} sends only requests
 * that are accepted or refused for their input): the deletes refused while something still uses the thing (a routing
 * rule, an IVR menu, a queue, a schedule, a team member: in_use naming each place); saving a taken value (unique: a
 * member's extension or email, a rule's, menu's or queue's name, a customer's external id, a sign-up's owner email, a
 * business number, a login's email). A queue's 409 state, while callers wait, is checked by QueueFlowTest, a voicemail message's by
 * VoicemailTrashTest.
 */
class ConflictsDocumentedTest extends IntegrationTest {

    JsonNode docs;
    ApiClient owner;

    /** {@code answer} is a 409 with {@code rule}, and {@code path}'s {@code method} documents it, naming the rule. */
    private void documented(String path, String method, ApiClient.Response answer, String rule) {
        documented(docs, path, method, answer, rule);
    }

    /** As {@link #documented(String, String, ApiClient.Response, String)}, against {@code docs} (/v3/api-docs). */
    static void documented(JsonNode docs, String path, String method, ApiClient.Response answer, String rule) {
        var operation = docs.path("paths").path(path).path(method);
        assertThat(operation.path("responses").path("409").path("description").asText()).as(method + " " + path).contains(rule);
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.errorRule()).isEqualTo(rule);
        assertThat(ApiContractTest.disagreement(docs, operation, answer)).as(method + " " + path).isNull();
    }

    private String created(ApiClient.Response response, String... at) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var node = response.json();
        for (var field : at) {
            node = node.get(field);
        }
        return node.get("id").asString();
    }

    @Test
    void theConflictsOfDeletingWhatIsInUseAndOfAddingATakenMemberAreAnswersTheDocumentLists() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        owner = api().signUpNewCompany("Documented Conflicts");
        var ann = created(owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "email", "ann@example.com")));

        documented("/api/v1/members", "post", owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "101")), "unique");
        documented("/api/v1/members", "post", owner.post("/api/v1/members", Map.of("name", "Bob", "email", "ANN@example.com")), "unique");

        var queue = created(owner.post("/api/v1/queues", Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann))));
        var schedule = created(owner.post("/api/v1/schedules", Map.of("name", "Shop", "ranges",
                List.of(Map.of("day", "MONDAY", "start", "09:00", "end", "17:00")))));
        var hours = created(owner.post("/api/v1/routing-rules", Map.of("name", "Shop hours", "type", "BUSINESS_HOURS", "schedule_id",
                schedule, "open_target", Map.of("kind", "QUEUE", "queue_id", queue), "closed_target", Map.of("kind", "VOICEMAIL"))), "rule");
        var menu = created(owner.post("/api/v1/ivr-menus", Map.of("name", "Main menu", "greeting_text", "Press 1 for the shop, 2 for Ann.",
                "options", Map.of("1", Map.of("kind", "RULE", "rule_id", hours), "2", Map.of("kind", "MEMBER", "member_id", ann)))), "menu");
        created(owner.post("/api/v1/routing-rules", Map.of("name", "Front desk", "type", "IVR", "ivr_menu_id", menu)), "rule");

        documented("/api/v1/members/{id}", "delete", owner.delete("/api/v1/members/" + ann), "in_use");
        documented("/api/v1/queues/{id}", "delete", owner.delete("/api/v1/queues/" + queue), "in_use");
        documented("/api/v1/schedules/{id}", "delete", owner.delete("/api/v1/schedules/" + schedule), "in_use");
        documented("/api/v1/routing-rules/{id}", "delete", owner.delete("/api/v1/routing-rules/" + hours), "in_use");
        documented("/api/v1/ivr-menus/{id}", "delete", owner.delete("/api/v1/ivr-menus/" + menu), "in_use");
    }

    @Test
    void theConflictsOfSavingATakenValueAreAnswersTheDocumentLists() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        owner = api().signUpNewCompany("Documented Taken Values");
        var ann = created(owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "email", "ann@example.com")));
        var bob = created(owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")));
        documented("/api/v1/members/{id}", "put", owner.put("/api/v1/members/" + bob, Map.of("name", "Bob", "phone_extension", "101")),
                "unique");
        documented("/api/v1/members/{id}", "patch", owner.mergePatch("/api/v1/members/" + bob, Map.of("email", "ann@example.com")),
                "unique");

        Map<String, Object> rule = Map.of("name", "Weekdays", "type", "SIMULTANEOUS", "member_ids", List.of(ann));
        created(owner.post("/api/v1/routing-rules", rule), "rule");
        var other = created(owner.post("/api/v1/routing-rules", Map.of("name", "Other", "type", "SIMULTANEOUS", "member_ids",
                List.of(ann))), "rule");
        documented("/api/v1/routing-rules", "post", owner.post("/api/v1/routing-rules", rule), "unique");
        documented("/api/v1/routing-rules/{id}", "put", owner.put("/api/v1/routing-rules/" + other, rule), "unique");
        documented("/api/v1/routing-rules/{id}", "patch", owner.mergePatch("/api/v1/routing-rules/" + other, Map.of("name", "Weekdays")),
                "unique");

        Map<String, Object> menu = Map.of("name", "Main", "greeting_text", "Press 1 for Ann.", "options",
                Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)));
        created(owner.post("/api/v1/ivr-menus", menu), "menu");
        var second = created(owner.post("/api/v1/ivr-menus", Map.of("name", "Second", "greeting_text", "Press 1 for Ann.", "options",
                Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)))), "menu");
        documented("/api/v1/ivr-menus", "post", owner.post("/api/v1/ivr-menus", menu), "unique");
        documented("/api/v1/ivr-menus/{id}", "put", owner.put("/api/v1/ivr-menus/" + second, menu), "unique");
        documented("/api/v1/ivr-menus/{id}", "patch", owner.mergePatch("/api/v1/ivr-menus/" + second, Map.of("name", "Main")), "unique");

        Map<String, Object> queue = Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann));
        created(owner.post("/api/v1/queues", queue));
        var sales = created(owner.post("/api/v1/queues", Map.of("name", "Sales", "strategy", "FIXED_ORDER", "member_ids", List.of(ann))));
        documented("/api/v1/queues", "post", owner.post("/api/v1/queues", queue), "unique");
        documented("/api/v1/queues/{id}", "put", owner.put("/api/v1/queues/" + sales, queue), "unique");
        documented("/api/v1/queues/{id}", "patch", owner.mergePatch("/api/v1/queues/" + sales, Map.of("name", "Support")), "unique");

        created(owner.post("/api/v1/customers", Map.of("name", "Ana Ruiz", "external_id", "CRM-1")));
        var ben = created(owner.post("/api/v1/customers", Map.of("name", "Ben Ode", "external_id", "CRM-2")));
        documented("/api/v1/customers", "post", owner.post("/api/v1/customers", Map.of("name", "Cy", "external_id", "CRM-1")), "unique");
        documented("/api/v1/customers/{id}", "put", owner.put("/api/v1/customers/" + ben,
                Map.of("name", "Ben Ode", "external_id", "CRM-1")), "unique");
        created(owner.post("/api/v1/customers", Map.of("name", "Dee Lane", "phone_numbers", List.of("+13125550187"))));
        documented("/api/v1/customers", "post", owner.post("/api/v1/customers", Map.of("name", "Dee Lane", "phone_numbers",
                List.of("+13125550187"))), "duplicate");
        documented("/api/v1/customers/{id}", "put", owner.put("/api/v1/customers/" + ben,
                Map.of("name", "Dee Lane", "phone_numbers", List.of("+13125550187"))), "duplicate");
    }

    @Test
    void theConflictsOfSigningUpWithATakenEmailOrTakingABusinessNumberAreAnswersTheDocumentLists() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        owner = api().signUpNewCompany("Documented Company");
        documented("/api/v1/signup", "post", api().post("/api/v1/signup", Map.of("company_name", "Twin", "timezone", "America/Chicago",
                "owner_email", owner.email(), "owner_password", "correct-horse")), "unique");
        // Another company's number (the one TenancyApiTest takes too).
        documented("/api/v1/company", "put", owner.put("/api/v1/company", Map.of("name", "Documented Company", "timezone",
                "America/Chicago", "business_numbers", List.of("+13125550100"))), "unique");
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    /**
     * Two companies taking one business number at once: both pass the check, the unique index refuses the second, which
     * is answered as the check answers (409 unique naming business_numbers; it was a 409 naming no field, "the change
     * conflicts with existing data", that the document did not list), and nothing of its save is kept.
     */
    @Test
    void aBusinessNumberTakenByAnotherCompanyAtTheSameMomentIsTheConflictTheDocumentLists() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        owner = api().signUpNewCompany("Documented Racer");
        var other = api().signUpNewCompany("Documented Other Racer");
        var otherCompany = CompanyId.of(other.get("/api/v1/me").json().get("company_id").asString());
        var number = TestNumbers.unused("+1312");
        // The other company's save, as Companies.update writes it, still open when ours checks the number.
        var answer = new HeldTransaction(tx, jdbc).whileHeld(otherCompany,
                () -> jdbc.sql("insert into company_numbers (company_id, number, position) values (:c, :n, 0)")
                        .param("c", otherCompany.value()).param("n", number).update(),
                HeldTransaction.A_ROW_LOCK, "our save (at the number's unique index)",
                () -> owner.put("/api/v1/company", Map.of("name", "Documented Racer Renamed", "timezone",
                        "America/Chicago", "business_numbers", List.of(number))));
        documented("/api/v1/company", "put", answer, "unique");
        assertThat(answer.errorField()).isEqualTo("business_numbers");
        var company = owner.get("/api/v1/company").json();
        assertThat(company.get("name").asString()).as("nothing saved").isEqualTo("Documented Racer");
        assertThat(company.get("business_numbers").size()).isZero();
    }

    /**
     * Extensions given out while a member is added with one of them: the unique index refuses the second, answered naming
     * phone_extension (it was the 409 naming no field), and none of the extensions is given out.
     */
    @Test
    void anExtensionTakenWhileExtensionsAreGivenOutIsTheConflictTheDocumentLists() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        owner = api().signUpNewCompany("Documented Extensions");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var dan = created(owner.post("/api/v1/members", Map.of("name", "Dan")));
        // A member added with extension 101, as Members.create writes it, still open when the extensions are given out.
        var answer = new HeldTransaction(tx, jdbc).whileHeld(company,
                () -> jdbc.sql("insert into team_members (company_id, id, name, phone_extension, created_at, updated_at)"
                                + " values (:c, :id, 'Eve', '101', now(), now())")
                        .param("c", company.value()).param("id", java.util.UUID.randomUUID()).update(),
                HeldTransaction.A_ROW_LOCK, "giving out 101 (the member added with it)",
                () -> owner.post("/api/v1/members/assign-extensions", Map.of("start", 101)));
        documented("/api/v1/members/assign-extensions", "post", answer, "unique");
        assertThat(answer.errorField()).isEqualTo("phone_extension");
        assertThat(owner.get("/api/v1/members/" + dan).json().get("phone_extension").isNull()).as("none given out").isTrue();
    }

    /**
     * A login's email is unique across companies, compared ignoring case (the unique index answers, so two requests at
     * once for one email are answered the same): adding or changing a login to a taken one is a 409 the document lists.
     */
    @Test
    void theConflictsOfGivingALoginATakenEmailAreAnswersTheDocumentLists() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        owner = api().signUpNewCompany("Documented Logins");
        var other = api().signUpNewCompany("Documented Other Logins");
        var taken = other.email().toUpperCase(java.util.Locale.ROOT);
        var before = owner.get("/api/v1/users").json().size();
        documented("/api/v1/users", "post", owner.post("/api/v1/users", Map.of("email", taken, "password", "long-enough",
                "role", "AGENT")), "unique");
        assertThat(owner.get("/api/v1/users").json().size()).as("nobody added").isEqualTo(before);
        var email = "agent-" + java.util.UUID.randomUUID() + "@test.example";
        var agent = created(owner.post("/api/v1/users", Map.of("email", email, "password", "long-enough", "role", "AGENT")));
        documented("/api/v1/users/{id}", "put", owner.put("/api/v1/users/" + agent, Map.of("email", taken)), "unique");
        assertThat(owner.get("/api/v1/users/" + agent).json().get("email").asString()).as("unchanged").isEqualTo(email);
    }
}
