package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JSON body whose text PostgreSQL cannot store (the NUL character), in a field no service checks for it, is
 * bad input, nothing stored. It used to be answered 409 "conflicts with existing data", then 422 naming the whole
 * body (the database's refusal, ApiExceptionHandler's backstop for what no check caught); the JSON reader now refuses
 * it as a control character ({@link Text}), naming the field.
 */
class UnstorableInputTest extends IntegrationTest {

    @Test
    void textWithTheNulCharacterIsA422AndNothingIsStored() {
        var owner = api().signUpNewCompany("Nul Co");
        var before = owner.get("/api/v1/customers").json().size();
        var refused = owner.post("/api/v1/customers", Map.of("name", "Acme\u0000 Heating"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.errorField()).isEqualTo("name");
        assertThat(refused.json().get("detail").asString()).contains("NUL character");
        assertThat(owner.get("/api/v1/customers").json()).hasSize(before);
        assertThat(owner.post("/api/v1/customers", Map.of("name", "Acme Heating")).status()).isEqualTo(201);
    }
}
