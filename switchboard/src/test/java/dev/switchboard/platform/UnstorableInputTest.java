package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JSON body whose text PostgreSQL cannot store (the NUL character), in a field no service checks for it, is
 * bad input: 422 saying so, nothing stored. It used to be answered 409 "conflicts with existing data".
 */
class UnstorableInputTest extends IntegrationTest {

    @Test
    void textWithTheNulCharacterIsA422AndNothingIsStored() {
        var owner = api().signUpNewCompany("Nul Co");
        var before = owner.get("/api/v1/customers").json().size();
        var refused = owner.post("/api/v1/customers", Map.of("name", "Acme\u0000 Heating"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("detail").asString()).contains("NUL character");
        assertThat(owner.get("/api/v1/customers").json()).hasSize(before);
        assertThat(owner.post("/api/v1/customers", Map.of("name", "Acme Heating")).status()).isEqualTo(201);
    }
}
