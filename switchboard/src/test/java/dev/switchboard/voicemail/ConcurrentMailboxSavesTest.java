package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.HeldTransaction;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.tenancy.Actor;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two saves of one mailbox at the same moment: the second waits for the first, then reads the box as the first left it
 * and saves over it, so both are answered 200, the last wins (a field it leaves out keeps the first's value) and each is
 * audited from what it changed. The box's row was deleted and inserted again, and the second save met the first's new row
 * in the unique index: a 409 naming no field, "the change conflicts with existing data", and nothing saved.
 */
class ConcurrentMailboxSavesTest extends IntegrationTest {

    @Autowired
    Mailboxes mailboxes;
    @Autowired
    dev.switchboard.directory.Members members;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    ApiClient owner;
    CompanyId company;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Mailbox Racers");
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
    }

    @Test
    void aMembersBoxSavedWhileAnotherSaveOfItIsOpenIsSavedOverItOnceThatCommits() throws Exception {
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann")).json().get("id").asString();
        var path = "/api/v1/members/" + ann + "/voicemail";
        // Saved once already: the box has its row, which the open save replaces.
        assertThat(owner.put(path, Map.of("max_message_seconds", 90)).status()).isEqualTo(200);

        var answer = savedWhileAnotherSaveIsOpen(UUID.fromString(ann), path);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var settings = owner.get(path).json().get("settings");
        assertThat(settings.get("greeting_text").asString()).as("the last save wins").isEqualTo("Call back later.");
        assertThat(settings.get("retention_days").asInt()).as("the first save's change is kept").isEqualTo(30);
        assertThat(settings.get("max_message_seconds").asInt()).isEqualTo(90);
        assertBothAudited(ann);
    }

    @Test
    void theGeneralBoxFirstSavedByTwoSavesAtOnceIsSavedByBoth() throws Exception {
        var path = "/api/v1/voicemail/settings";

        var answer = savedWhileAnotherSaveIsOpen(null, path);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var settings = owner.get(path).json().get("settings");
        assertThat(settings.get("greeting_text").asString()).as("the last save wins").isEqualTo("Call back later.");
        assertThat(settings.get("retention_days").asInt()).as("the first save's change is kept").isEqualTo(30);
        assertBothAudited("general");
    }

    /**
     * A member's box saved while the member is being deleted waits for the delete and is then answered as a save sent after
     * it, 404 naming the member, with nothing saved: not the box's foreign key failing, a 409 naming no field. So for a box
     * saved before (its row goes with the member) and one never saved.
     */
    @Test
    void aBoxSavedWhileItsMemberIsBeingDeletedIsAnsweredNotFoundNamingTheMemberAndSavesNothing() throws Exception {
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob")).json().get("id").asString();
        assertThat(owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("max_message_seconds", 90)).status()).isEqualTo(200);

        for (var member : new String[] {ann, bob}) {
            var answer = new HeldTransaction(tx, jdbc).whileHeld(company,
                    () -> members.delete(Actor.system(company), UUID.fromString(member)),
                    HeldTransaction.A_ROW_LOCK, "the save of the box",
                    () -> owner.put("/api/v1/members/" + member + "/voicemail",
                            Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Call back later.")));

            assertThat(answer.status()).as(answer.body()).isEqualTo(404);
            assertThat(answer.json().get("detail").asString()).isEqualTo("team member " + member + " not found");
            long boxes = dev.switchboard.platform.TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql(
                    "select count(*) from voicemail_boxes where company_id = :c and member_id = :m")
                    .param("c", company.value()).param("m", UUID.fromString(member)).query(Long.class).single()));
            assertThat(boxes).as("no box saved for a member who is gone").isZero();
        }
        var audited = new ArrayList<String>();
        owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().forEach(e -> audited.add(e.get("after").toString()));
        assertThat(audited).as("the refused saves are not audited").noneMatch(after -> after.contains("Call back later."));
    }

    /**
     * Box {@code memberId}'s retention set to 30 days by a save still open (as {@link Mailboxes#update} writes it), while
     * the API sets a spoken greeting at {@code path}: the API's answer, once the open save has committed.
     */
    private ApiClient.Response savedWhileAnotherSaveIsOpen(UUID memberId, String path) throws Exception {
        return new HeldTransaction(tx, jdbc).whileHeld(company,
                () -> mailboxes.update(Actor.system(company), memberId, new MailboxSettings.Input(null, null, null, null, null, null, null,
                        null, null, null, null, 30, null, null, null)),
                HeldTransaction.ANY_LOCK, "the second save",
                () -> owner.put(path, Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Call back later.")));
    }

    /** Two entries for box {@code entityId}, the later one's before being the first save's after. */
    private void assertBothAudited(String entityId) {
        var entries = new ArrayList<JsonNode>();
        owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().forEach(e -> {
            if (e.get("entity_id").asString().equals(entityId) && e.get("action").asString().equals("update")) {
                entries.add(e);
            }
        });
        var last = entries.get(0);
        var first = entries.get(1);
        assertThat(first.get("actor").asString()).isEqualTo("system");
        assertThat(first.get("after").get("retention_days").asInt()).isEqualTo(30);
        assertThat(last.get("actor").asString()).isEqualTo(owner.email());
        assertThat(last.get("before")).as("the last save read the box as the first left it").isEqualTo(first.get("after"));
        assertThat(last.get("after").get("greeting_text").asString()).isEqualTo("Call back later.");
    }
}
