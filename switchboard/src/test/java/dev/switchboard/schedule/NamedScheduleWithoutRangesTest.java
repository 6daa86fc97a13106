package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamedScheduleWithoutRangesTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Empty Schedule Co");
    }

    @Test
    void aNamedScheduleSavedWithoutRangesIsClosedAsItsWarningSays() {
        var created = owner.post("/api/v1/schedules", Map.of("name", "Night line", "ranges", List.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("every call is handled as after hours");
        var id = created.json().get("id").asString();
        var view = owner.get("/api/v1/schedules/" + id).json();
        assertThat(view.get("open_now").asBoolean()).isFalse();
        assertThat(view.get("reason").asString()).isEqualTo("outside business hours");
        // Business hours never set still count as always open.
        assertThat(owner.get("/api/v1/business-hours").json().get("open_now").asBoolean()).isTrue();
    }
}
