package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A merge PATCH holds the fields it changes to the text rule ({@link Text}), not the ones it leaves: a record stored
 * before the rule existed, holding a control character in a field, could not be patched at all (the merged record
 * was read as a request body, and the old field refused) until that field was fixed, which its user may not even
 * see. Setting that field to a bad value is still refused, and to a good one fixes it.
 */
class MergePatchOfOldTextTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aPatchOfAnotherFieldIsTakenAndOneSettingABadValueIsStillRefused() {
        var owner = api().signUpNewCompany("Old Text Co");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var member = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")).json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(member)))
                .json().get("rule").get("id").asString();
        // Stored before the text checks existed.
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            jdbc.sql("update team_members set name = :n where id = cast(:id as uuid)").param("n", "Ann\u001b[1m").param("id", member).update();
            jdbc.sql("update call_routing_rules set name = :n where id = cast(:id as uuid)").param("n", "Rota\u0007tion").param("id", rule).update();
        }));

        var patched = owner.mergePatch("/api/v1/members/" + member, Map.of("ring_timeout_seconds", 40));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("ring_timeout_seconds").asInt()).isEqualTo(40);
        assertThat(patched.json().get("name").asString()).as("left as it was").isEqualTo("Ann\u001b[1m");
        var rulePatched = owner.mergePatch("/api/v1/routing-rules/" + rule, Map.of("enabled", false));
        assertThat(rulePatched.status()).as(rulePatched.body()).isEqualTo(200);

        var refused = owner.mergePatch("/api/v1/members/" + member, Map.of("name", "Ann\u0007", "ring_timeout_seconds", 50));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).isEqualTo("name: must not contain control characters (U+0007)");
        assertThat(owner.get("/api/v1/members/" + member).json().get("ring_timeout_seconds").asInt()).as("nothing changed").isEqualTo(40);

        var fixed = owner.mergePatch("/api/v1/members/" + member, Map.of("name", "Ann"));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().get("name").asString()).isEqualTo("Ann");
    }
}
