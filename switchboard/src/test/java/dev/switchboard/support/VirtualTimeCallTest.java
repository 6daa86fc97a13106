package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.TelnyxSimulator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        var set = owner.put("/api/v1/company", Map.of("name", name, "timezone", "America/Chicago", "business_numbers", List.of(number)));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
    }

    /** Advances virtual time a second at a time (a minute at most) until the caller last heard what {@code lastHeard} accepts. */
    protected void until(dev.switchboard.simulator.Caller caller, java.util.function.Predicate<String> lastHeard) {
        for (int i = 0; i < 60 && (caller.heard().isEmpty() || !lastHeard.test(caller.heard().getLast())); i++) {
            sim.advance(java.time.Duration.ofSeconds(1));
        }
        assertThat(caller.heard().getLast()).matches(lastHeard);
    }

    protected static String randomNumber(String areaCode) {
        return TestNumbers.unused("+1" + areaCode);
    }

    /** Runs {@code work} in a transaction as the test's company. */
    protected <T> T inCompany(Supplier<T> work) {
        return TenantContext.callAs(company, () -> tx.execute(s -> work.get()));
    }

    /** Ann (extension 101) and Bob (102), with SIP phones of their own, set up by {@link #newCompanyWithAnnAndBob}. */
    protected String ann;
    protected String bob;
    protected String annSip;
    protected String bobSip;

    /** As {@link #newCompany}, with two members, Ann and Bob, whose SIP phones ring {@code ringSeconds} at the most. */
    protected void newCompanyWithAnnAndBob(String name, int ringSeconds) {
        newCompany(name);
        var tag = UUID.randomUUID().toString().substring(0, 8);
        annSip = "sip:ann-" + tag + "@test.sip.telnyx.com";
        bobSip = "sip:bob-" + tag + "@test.sip.telnyx.com";
        ann = member(Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip, "ring_timeout_seconds", ringSeconds));
        bob = member(Map.of("name", "Bob", "phone_extension", "102", "sip_address", bobSip, "ring_timeout_seconds", ringSeconds));
    }

    /** A new member of the company with an extension, a SIP address and a 20 s ring timeout; returns its id. */
    protected String member(String name, String ext, String sip) {
        return member(Map.of("name", name, "phone_extension", ext, "sip_address", sip, "ring_timeout_seconds", 20));
    }

    /** A new member as {@code body} says; returns its id. */
    protected String member(Map<String, Object> body) {
        var r = owner.post("/api/v1/members", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** The simulator's legs to {@code address} (a SIP address or a number), oldest first. */
    protected List<Leg> legsTo(String address) {
        return sim.legs().stream().filter(l -> address.equals(l.to())).toList();
    }

    /** The decision trace of the company's latest call, as the API shows it. */
    protected String trace() {
        return owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").toString();
    }

    /** The company's latest call, as its row. */
    protected Map<String, Object> call() {
        return inCompany(() -> jdbc.sql("select * from calls where company_id = :c order by started_at desc limit 1")
                .param("c", company.value()).query().singleRow());
    }

    /** A call from {@code from} the caller hangs up after 5 s of ringing: missed. Returns its id. */
    protected String missedCallFrom(String from) {
        var caller = sim.call(from, number);
        sim.advance(java.time.Duration.ofSeconds(5));
        caller.hangUp();
        sim.advance(java.time.Duration.ofSeconds(1));
        var call = call();
        assertThat(call.get("outcome")).isEqualTo("MISSED");
        return call.get("id").toString();
    }

    /** The texts the simulated carrier has sent to {@code to}. */
    protected List<dev.switchboard.simulator.TelnyxSimulator.Message> textsTo(String to) {
        return sim.messages().stream().filter(m -> m.to().equals(to)).toList();
    }

    /** How many times the call's journey was closed (its "Ended" events): once, however its signals came. */
    protected long endings(String id) {
        return inCompany(() -> jdbc.sql("select count(*) from call_events where company_id = :c and call_id = :id and kind = 'Ended'")
                .param("c", company.value()).param("id", UUID.fromString(id)).query(Long.class).single());
    }

    private static final tools.jackson.databind.json.JsonMapper COMMAND_JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The bodies of the {@code action} commands the carrier took for {@code leg}, in order. */
    protected List<tools.jackson.databind.JsonNode> commandsTo(Leg leg, String action) {
        var path = "/v2/calls/" + java.net.URLEncoder.encode(leg.callControlId(), java.nio.charset.StandardCharsets.UTF_8) + "/actions/" + action;
        return sim.commands().stream().filter(c -> c.path().equals(path) && c.status() == 200).map(c -> COMMAND_JSON.readTree(c.body())).toList();
    }

    /** How many calls a member is on or being rung for right now. */
    protected int activeCalls(String member) {
        return inCompany(() -> jdbc.sql("select active_calls from team_availability where company_id = :c and member_id = :m")
                .param("c", company.value()).param("m", UUID.fromString(member)).query(Integer.class).single());
    }
}
