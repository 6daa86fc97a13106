package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.TelnyxSimulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whole calls through the in-process Telnyx simulator, each webhook processed as it is delivered.
 * Subclasses import their own {@code @Primary SimClock} (so each class has its own virtual time) and
 * set up a fresh company in Chicago with one business number.
 */
@TestPropertySource(properties = "switchboard.calls.inline-processing=true")
public abstract class VirtualTimeCallTest extends IntegrationTest {

    @Autowired
    protected TelnyxSimulator sim;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TransactionTemplate tx;

    protected ApiClient owner;
    protected CompanyId company;
    protected String number;

    /** Signs up {@code name} in America/Chicago with a fresh business number. */
    protected void newCompany(String name) {
        owner = api().signUpNewCompany(name);
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        number = randomNumber("312");
        assertThat(owner.put("/api/v1/company", Map.of("name", name, "timezone", "America/Chicago", "business_numbers", List.of(number)))
                .status()).isEqualTo(200);
    }

    protected static String randomNumber(String areaCode) {
        return "+1" + areaCode + (200 + ThreadLocalRandom.current().nextInt(700)) + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    }

    /** Runs {@code work} in a transaction as the test's company. */
    protected <T> T inCompany(Supplier<T> work) {
        return TenantContext.callAs(company, () -> tx.execute(s -> work.get()));
    }
}
