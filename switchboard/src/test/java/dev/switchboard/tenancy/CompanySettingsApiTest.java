package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PUT /api/v1/company: what a field left out means. */
class CompanySettingsApiTest extends IntegrationTest {

    @Test
    void changingTheTimezoneAloneKeepsTheBusinessNumbers() {
        var owner = api().signUpNewCompany("Keep Numbers Co");
        var number = unusedNumber();
        var set = owner.put("/api/v1/company", Map.of("name", "Keep Numbers Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number)));
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        var changed = owner.put("/api/v1/company", Map.of("name", "Keep Numbers Co", "timezone", "Europe/London"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("timezone").asString()).isEqualTo("Europe/London");
        assertThat(changed.json().get("business_numbers").toString()).contains(number);

        var cleared = owner.put("/api/v1/company", Map.of("name", "Keep Numbers Co", "timezone", "Europe/London",
                "business_numbers", List.of()));
        assertThat(cleared.json().get("business_numbers").size()).as("an empty list removes them").isZero();
    }
}
