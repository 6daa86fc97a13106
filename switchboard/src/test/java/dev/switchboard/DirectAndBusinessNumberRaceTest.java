package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.directory.MemberInput;
import dev.switchboard.directory.Members;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.HeldTransaction;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestNumbers;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A number given as a member's direct number while another company adds it as a business number (or the other way
 * round): two tables with no constraint across them, where both saves passed the check and the number had two owners.
 * The second save waits for the first (the number's lock), then sees it and is refused as the check refuses a taken
 * number (409 unique naming its field, as the document lists), and nothing of it is kept.
 */
class DirectAndBusinessNumberRaceTest extends IntegrationTest {

    @Autowired
    Members members;
    @Autowired
    Companies companies;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    JsonNode docs;
    ApiClient one;
    ApiClient two;
    CompanyId oneId;
    CompanyId twoId;
    String ann;
    String number;

    @BeforeEach
    void companies() throws Exception {
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        one = api().signUpNewCompany("Number Racer One");
        two = api().signUpNewCompany("Number Racer Two");
        oneId = CompanyId.of(one.get("/api/v1/me").json().get("company_id").asString());
        twoId = CompanyId.of(two.get("/api/v1/me").json().get("company_id").asString());
        ann = one.post("/api/v1/members", Map.of("name", "Ann")).json().get("id").asString();
        number = TestNumbers.unused("+1312");
    }

    @Test
    void aBusinessNumberAddedWhileAMemberIsGivenItAsTheirDirectNumberIsRefused() throws Exception {
        var answer = whileOpen(oneId, () -> members.update(Actor.system(oneId), UUID.fromString(ann),
                        current -> withDirectNumber(current, number)),
                () -> two.put("/api/v1/company", Map.of("name", "Number Racer Two Renamed", "timezone", "America/Chicago",
                        "business_numbers", List.of(number))));

        ConflictsDocumentedTest.documented(docs, "/api/v1/company", "put", answer, "unique");
        assertThat(answer.errorField()).isEqualTo("business_numbers");
        var company = two.get("/api/v1/company").json();
        assertThat(company.get("name").asString()).as("nothing saved").isEqualTo("Number Racer Two");
        assertThat(company.get("business_numbers").size()).isZero();
        assertThat(one.get("/api/v1/members/" + ann).json().get("direct_inward_dial").asString()).isEqualTo(number);
    }

    @Test
    void aDirectNumberGivenWhileAnotherCompanyAddsItAsABusinessNumberIsRefused() throws Exception {
        var answer = whileOpen(twoId, () -> companies.update(Actor.system(twoId),
                        new Companies.Settings("Number Racer Two", "America/Chicago", null, List.of(number))),
                () -> one.mergePatch("/api/v1/members/" + ann, Map.of("direct_inward_dial", number, "role", "Dispatcher")));

        ConflictsDocumentedTest.documented(docs, "/api/v1/members/{id}", "patch", answer, "unique");
        assertThat(answer.errorField()).isEqualTo("direct_inward_dial");
        var member = one.get("/api/v1/members/" + ann).json();
        assertThat(member.get("direct_inward_dial").isNull()).as("nothing saved").isTrue();
        assertThat(member.get("role").isNull()).isTrue();
        assertThat(two.get("/api/v1/company").json().get("business_numbers").get(0).asString()).isEqualTo(number);
    }

    /**
     * Two members given one direct number at the same moment: the second save waits for the first (the number's lock),
     * then is refused saying whose the number is, as the check says it of a number already taken: a colleague's by their
     * name, another company's as another account's (whose is not this company's to know); nothing of it is kept.
     */
    @Test
    void aDirectNumberGivenWhileAColleagueIsGivenItSaysWhoseItIs() throws Exception {
        var bob = one.post("/api/v1/members", Map.of("name", "Bob Stone")).json().get("id").asString();
        assertRefusedWhileAnnIsGivenIt(one, bob, " is already the direct number of Ann");
    }

    @Test
    void aDirectNumberGivenWhileAnotherCompanysMemberIsGivenItSaysItBelongsToAnotherAccount() throws Exception {
        var cat = two.post("/api/v1/members", Map.of("name", "Cat Lee")).json().get("id").asString();
        assertRefusedWhileAnnIsGivenIt(two, cat, " is already in use: it belongs to another account");
    }

    /**
     * Member {@code member} given the number (by {@code client}, of their company) while Ann's save giving it to her is
     * open: refused once that commits, saying the number and then {@code whose}, with nothing of it saved.
     */
    private void assertRefusedWhileAnnIsGivenIt(ApiClient client, String member, String whose) throws Exception {
        var answer = whileOpen(oneId, () -> members.update(Actor.system(oneId), UUID.fromString(ann),
                        current -> withDirectNumber(current, number)),
                () -> client.mergePatch("/api/v1/members/" + member, Map.of("direct_inward_dial", number, "role", "Dispatcher")));

        ConflictsDocumentedTest.documented(docs, "/api/v1/members/{id}", "patch", answer, "unique");
        assertThat(answer.errorField()).isEqualTo("direct_inward_dial");
        assertThat(answer.json().get("errors").get(0).get("message").asString()).as(answer.body())
                .isEqualTo(new dev.switchboard.shared.PhoneNumber(number).international() + whose);
        var saved = client.get("/api/v1/members/" + member).json();
        assertThat(saved.get("direct_inward_dial").isNull()).as("nothing saved").isTrue();
        assertThat(saved.get("role").isNull()).isTrue();
    }

    /**
     * {@code request}'s answer, sent while the transaction of {@code first} (a save in {@code company}) is still open, and
     * waiting for the number's lock until it commits.
     */
    private ApiClient.Response whileOpen(CompanyId company, Supplier<?> first, Callable<ApiClient.Response> request) throws Exception {
        return new HeldTransaction(tx, jdbc).whileHeld(company, first::get, HeldTransaction.AN_ADVISORY_LOCK, "the second save", request);
    }

    private static MemberInput withDirectNumber(MemberInput m, String did) {
        return new MemberInput(m.name(), m.email(), m.role(), m.phoneExtension(), did, m.extensionEnabled(), m.voicemailPin(),
                m.clearVoicemailPin(), m.callForwardingEnabled(), m.callForwardingNumber(), m.simultaneousRingEnabled(),
                m.confirmForwardedCalls(), m.ringTimeoutSeconds(), m.voicemailGreetingUrl(), m.sipAddress(), m.maxConcurrentCalls());
    }
}
