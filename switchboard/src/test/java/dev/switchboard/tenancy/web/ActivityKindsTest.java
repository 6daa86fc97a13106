package dev.switchboard.tenancy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tenancy.AuditLog;
import org.junit.jupiter.api.Test;

/** The Activity page's filter and the API's entity_type take the same kinds: one added to one is added to the other. */
class ActivityKindsTest {

    @Test
    void thePageOffersTheKindsTheApiTakes() {
        assertThat(ActivityKinds.ALL.keySet()).containsExactlyInAnyOrderElementsOf(AuditLog.ENTITY_TYPES);
    }
}
