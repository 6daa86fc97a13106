package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Claims race in the database, as two app nodes would: nobody is offered calls beyond their limit. */
class MemberClaimTest extends IntegrationTest {

    @Autowired
    Members members;

    @Test
    void manyConcurrentClaimsNeverExceedTheLimit() throws Exception {
        var owner = api().signUpNewCompany("Claims Co");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var id = UUID.fromString(owner.post("/api/v1/members", Map.of("name", "Max", "phone_extension", "101", "max_concurrent_calls", 2))
                .json().get("id").asString());
        var pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        var won = new AtomicInteger();
        for (int i = 0; i < 40; i++) {
            pool.submit(() -> {
                start.await();
                if (TenantContext.callAs(company, () -> members.claim(id))) {
                    won.incrementAndGet();
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(won.get()).isEqualTo(2);
        var member = TenantContext.callAs(company, () -> members.get(id));
        assertThat(member.availability().activeCalls()).isEqualTo(2);
        assertThat(member.availability().state()).isEqualTo(MemberState.RINGING);

        TenantContext.runAs(company, () -> members.release(id, false));
        TenantContext.runAs(company, () -> members.release(id, false));
        TenantContext.runAs(company, () -> members.release(id, false));
        var released = TenantContext.callAs(company, () -> members.get(id));
        assertThat(released.availability().activeCalls()).isZero();
        assertThat(released.availability().state()).isEqualTo(MemberState.IDLE);
        owner.put("/api/v1/members/" + id + "/status", Map.of("status", "AWAY"));
        assertThat(TenantContext.callAs(company, () -> members.claim(id))).isFalse();
    }
}
