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

    @Autowired
    javax.sql.DataSource dataSource;

    /** A new company's owner, the company and its one member, who can take {@code limit} calls at once. */
    private record OneMember(dev.switchboard.support.ApiClient owner, CompanyId company, UUID id) {
    }

    private OneMember oneMember(String company, String name, int limit) {
        var owner = api().signUpNewCompany(company);
        var id = UUID.fromString(owner.post("/api/v1/members", Map.of("name", name, "phone_extension", "101", "max_concurrent_calls", limit))
                .json().get("id").asString());
        return new OneMember(owner, CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString()), id);
    }

    @Test
    void claimIfFreePassesOverAMemberAnotherTransactionHoldsAndClaimsOnceItIsLetGo() throws Exception {
        var setup = oneMember("Skip Co", "Rita", 3);
        var owner = setup.owner();
        var company = setup.company();
        var id = setup.id();
        try (var other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var setting = other.prepareStatement("select set_config('app.company_id', ?, true)")) {
                setting.setString(1, company.value().toString());
                setting.execute();
            }
            try (var lock = other.prepareStatement("select 1 from team_availability where member_id = ? for update")) {
                lock.setObject(1, id);
                assertThat(lock.executeQuery().next()).isTrue();
            }
            // Another call holds Rita's row: passed over at once (a waiting claim would block here until the rollback).
            assertThat(TenantContext.callAs(company, () -> members.claimIfFree(id))).isFalse();
            other.rollback();
        }
        assertThat(TenantContext.callAs(company, () -> members.claimIfFree(id))).isTrue();
        assertThat(TenantContext.callAs(company, () -> members.get(id)).availability().activeCalls()).isEqualTo(1);
        owner.put("/api/v1/members/" + id + "/status", Map.of("status", "AWAY"));
        assertThat(TenantContext.callAs(company, () -> members.claimIfFree(id))).as("not available").isFalse();
    }

    @Test
    void manyConcurrentClaimsNeverExceedTheLimit() throws Exception {
        var setup = oneMember("Claims Co", "Max", 2);
        var owner = setup.owner();
        var company = setup.company();
        var id = setup.id();
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
