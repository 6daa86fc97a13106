package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A company with one of everything (members and the users linked to them, a customer and a job, a rule, a menu, a queue,
 * a schedule, a holiday, an override, calls, voicemail messages, a media file), another company, and a valid request for
 * every operation of the REST API ({@link #apiRequests}): what {@link RoleAccessMatrixTest} sends to check who may do
 * what and {@link ApiContractTest} to check the answers against {@code /v3/api-docs}. Kept in one place, so that a new
 * operation's fixture is written once and both tests send it.
 */
abstract class ApiFixture extends IntegrationTest {

    /** Who sends a request: a user of each role of the fixture's company, the owner of another company, and nobody. */
    enum Who {
        OWNER, ADMIN, SUPERVISOR, AGENT, OTHER_COMPANY, NOBODY
    }

    final java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();

    /** Which year the next holiday import asks for (from this year to five ahead, as the import allows). */
    final java.util.concurrent.atomic.AtomicInteger imports = new java.util.concurrent.atomic.AtomicInteger();

    /** A number new at each call, for names, times and extensions that must differ from the last send's. */
    int n() {
        return sends.incrementAndGet();
    }

    /** An id made for one send, known as this company's (another company's user must get 404 for it). */
    String fresh(String id) {
        companyIds.add(id);
        return id;
    }

    /** A pending callback in the queue's line (a caller who asked to be called back), made for one send. */
    String freshCallback() {
        var id = UUID.randomUUID();
        TenantContext.runAs(CompanyId.of(companyId.toString()), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into queue_entries (company_id, id, queue_id, from_number, joined_at, state, callback_number)
                values (:c, :id, :q, :n, now(), 'CALLBACK', :n)""")
                .param("c", companyId).param("id", id).param("q", UUID.fromString(queue)).param("n", "+1773555" + (1000 + n() % 9000))
                .update()));
        return id.toString();
    }

    /** A voicemail message for {@code member} (null: the general box), made for one send. */
    String freshMessage(String member) {
        return freshMessage(member, false);
    }

    /** A voicemail message for {@code member}, in the Deleted folder (to restore or delete forever), made for one send. */
    String freshDeletedMessage(String member) {
        return freshMessage(member, true);
    }

    private String freshMessage(String member, boolean deleted) {
        var id = UUID.randomUUID();
        TenantContext.runAs(CompanyId.of(companyId.toString()), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into voicemail_messages (company_id, id, member_id, from_number, received_at, duration_seconds, transcription,
                  deleted_at, deleted_by)
                values (:c, :id, :m, '+17735550126', now(), 12, 'Fresh', case when :deleted then now() end,
                  case when :deleted then 'owner@example.com' end)""").param("c", companyId).param("id", id)
                .param("m", member == null ? null : UUID.fromString(member)).param("deleted", deleted).update()));
        return fresh(id.toString());
    }

    /**
     * A number of the company's to place pretend calls to: its first, or one given it now (the General tab's and the setup's
     * forms change them).
     */
    String ownNumber() {
        var numbers = owner.get("/api/v1/company").json().path("business_numbers");
        if (numbers.size() > 0) {
            return numbers.get(0).asString();
        }
        var number = unusedNumber();
        var put = owner.put("/api/v1/company", Map.of("name", "Matrix Co", "timezone", "America/Chicago", "default_region", "US",
                "business_numbers", List.of(number)));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        return number;
    }

    /** The line the test-call page's calls are placed to (see {@link #answeredTestCall}): a member, and their direct number. */
    String testLine;
    String testLineNumber;

    /** The pretend caller's call {@link #answeredTestCall} gave last, by its simulator id. */
    String testCall;

    /**
     * A pretend caller's call in progress, to press keys on or hang up as the test-call page does: placed to a line of its
     * own (a member whose phone answers) and bridged, so that it stays as it is until someone acts on it. The same call
     * while it is in progress (a refusal or a key leaves it so); a new one once it is over (hung up). Placed to the
     * company's number, as it was, it went to the general voicemail (the fixture's override closes the company) and went
     * on in real time: its greeting ended some 5 s after the answer and its message 120 s later (the box's longest), each
     * a change of the company's {@code calls} and {@code call_events} under the checksums of whichever refusal was being
     * checked then.
     */
    String answeredTestCall() {
        if (testCall != null && owner.get("/api/v1/simulator/calls/" + testCall).json().get("state").asString().equals("ANSWERED")) {
            return testCall;
        }
        phones();
        if (testLineNumber == null) {
            var number = unusedNumber();
            var line = fresh(created(owner.post("/api/v1/members", Map.of("name", "Test line", "direct_inward_dial", number)), null));
            var sip = "sip:test-line-" + line + "@test.sip.telnyx.com";
            var patched = owner.patch("/api/v1/members/" + line, Map.of("sip_address", sip, "max_concurrent_calls", 10));
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            // Picked up at once (the demo's phones wait 4 s): the call is ready as soon as it is placed.
            simulator.phone(sip, new dev.switchboard.simulator.PhoneScript.AnswerAfter(java.time.Duration.ZERO));
            testLine = line;
            testLineNumber = number;
        }
        available(testLine);
        var from = "+1773555" + String.format("%04d", 1000 + n());
        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", from, "to", testLineNumber));
        assertThat(placed.status()).as(placed.body()).isIn(200, 201);
        var id = placed.json().get("id").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> bridged(Set.of(from)).size() == 1
                        && owner.get("/api/v1/simulator/calls/" + id).json().get("state").asString().equals("ANSWERED"));
        testCall = id;
        return id;
    }

    /** The password of a sender's login in this fixture (the other company's is its owner's, signed up as ours was). */
    static String password(Who who) {
        return who == Who.OWNER || who == Who.OTHER_COMPANY ? "correct-horse" : "their-password";
    }

    String freshCustomer() {
        return fresh(created(owner.post("/api/v1/customers", Map.of("name", "Spare " + n())), null));
    }

    String freshRule() {
        return fresh(created(owner.post("/api/v1/routing-rules", Map.of("name", "Spare " + n(), "type", "ROUND_ROBIN",
                "member_ids", List.of(agentMember))), "rule"));
    }

    /** An uploaded prompt nothing uses, made for one send (a delete). */
    String freshMedia() {
        try {
            return fresh(created(owner.upload("/api/v1/media", "file", "spare.wav", "audio/wav", TestAudio.wav()), "file"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String freshHoliday() {
        return fresh(created(owner.post("/api/v1/holidays", Map.of("name", "Spare " + n(), "date", "2027-04-0" + (1 + n() % 9))), null));
    }

    /** A token of the user signed in with {@code email}, by id. */
    String ownToken(String email, String password) {
        var name = "Spare " + n();
        var issued = api().post("/api/v1/auth/token", Map.of("email", email, "password", password, "name", name));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        for (var t : api().withToken(issued.json().get("token").asString()).get("/api/v1/auth/tokens").json()) {
            if (t.get("name").asString().equals(name)) {
                return t.get("id").asString();
            }
        }
        throw new AssertionError("token " + name + " not listed");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    dev.switchboard.simulator.TelnyxSimulator simulator;

    BadInputFuzz fuzz;

    // --- the fixture: company A with one of everything, its people, and another company ---

    ApiClient owner;
    ApiClient admin;
    ApiClient supervisor;
    ApiClient agent;
    ApiClient other;
    ApiClient nobody;
    UUID companyId;
    String agentMember;
    String memberB;
    String supervisorMember;
    String customer;
    String job;
    String rule;
    String menu;
    String queue;
    String schedule;
    String holiday;
    String override;
    String victimUser;
    String loginEmail;
    String spareToken;
    UUID callOwn;
    UUID callOther;
    UUID messageOwn;
    UUID messageOther;
    UUID messageGeneral;
    UUID messageSupervisor;
    UUID queueEntry;
    final List<String> companyIds = new ArrayList<>();

    void fixture() {
        fuzz = new BadInputFuzz(port, jdbc, tx);
        owner = api().signUpNewCompany("Matrix Co");
        companyId = UUID.fromString(owner.get("/api/v1/me").json().get("company_id").asString());
        agentMember = created(owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")), null);
        memberB = created(owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "202",
                "call_forwarding_enabled", true, "call_forwarding_number", "+13125550177")), null);
        admin = owner.newUser("ADMIN", null);
        supervisorMember = created(owner.post("/api/v1/members", Map.of("name", "Sue", "phone_extension", "203")), null);
        supervisor = owner.newUser("SUPERVISOR", supervisorMember);
        agent = owner.newUser("AGENT", agentMember);
        var login = owner.newUser("AGENT", null);
        loginEmail = login.email();
        victimUser = created(owner.post("/api/v1/users", Map.of("email", "victim-" + UUID.randomUUID() + "@test.example",
                "password", "their-password", "role", "AGENT")), null);
        owner.login(owner.email(), "correct-horse");
        // Another user's token to every sender (the login's, which none of them is): revoking it is "not found" to all.
        spareToken = login.get("/api/v1/auth/tokens").json().get(0).get("id").asString();
        customer = created(owner.post("/api/v1/customers", Map.of("name", "Carla", "phone_numbers", List.of("+17735550123"))), null);
        job = created(owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Boiler", "status", "SCHEDULED")), null);
        rule = created(owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN",
                "member_ids", List.of(agentMember, memberB))), "rule");
        menu = created(owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", agentMember)))), "menu");
        queue = created(owner.post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(agentMember))), null);
        schedule = created(owner.post("/api/v1/schedules", Map.of("name", "Shop",
                "ranges", List.of(Map.of("day", "MONDAY", "start", "09:00", "end", "17:00")))), null);
        holiday = created(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY",
                "greeting_text", "Closed")), null);
        override = created(owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL",
                "until", Instant.now().plusSeconds(86_400).toString(), "reason", "Staff meeting")), null);
        callOwn = UUID.randomUUID();
        callOther = UUID.randomUUID();
        messageOwn = UUID.randomUUID();
        messageOther = UUID.randomUUID();
        messageGeneral = UUID.randomUUID();
        messageSupervisor = UUID.randomUUID();
        TenantContext.runAs(CompanyId.of(companyId.toString()), () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                      billable_seconds, outcome, answered_by)
                    values (:c, :own, 'INBOUND', '+17735550001', '+13125550100', 'ENDED', now() - interval '3 minutes', now(), 60, 60,
                            'ANSWERED', :ann),
                           (:c, :other, 'INBOUND', '+17735550002', '+13125550100', 'ENDED', now() - interval '2 minutes', now(), 60, 60,
                            'ANSWERED', :bob)
                    """).param("c", companyId).param("own", callOwn).param("other", callOther)
                    .param("ann", UUID.fromString(agentMember)).param("bob", UUID.fromString(memberB)).update();
            jdbc.sql("""
                    insert into voicemail_messages (company_id, id, member_id, from_number, received_at, duration_seconds, transcription)
                    values (:c, :own, :ann, '+17735550123', now(), 12, 'For Ann'),
                           (:c, :other, :bob, '+17735550124', now(), 12, 'For Bob'),
                           (:c, :general, null, '+17735550125', now(), 12, 'For anyone'),
                           (:c, :sue, :sueMember, '+17735550127', now(), 12, 'For Sue')
                    """).param("c", companyId).param("own", messageOwn).param("other", messageOther).param("general", messageGeneral)
                    .param("ann", UUID.fromString(agentMember)).param("bob", UUID.fromString(memberB))
                    .param("sue", messageSupervisor).param("sueMember", UUID.fromString(supervisorMember)).update();
        }));
        // Something to play: the fixture's messages' audio, its calls' recordings and a prompt, all one uploaded file.
        try {
            media = created(owner.upload("/api/v1/media", "file", "greeting.wav", "audio/wav", TestAudio.wav()), "file");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        queueEntry = UUID.randomUUID();
        TenantContext.runAs(CompanyId.of(companyId.toString()), () -> tx.executeWithoutResult(s -> {
            jdbc.sql("update voicemail_messages set media_id = :m where company_id = :c").param("m", UUID.fromString(media))
                    .param("c", companyId).update();
            jdbc.sql("update calls set recording_media_id = :m where company_id = :c").param("m", UUID.fromString(media))
                    .param("c", companyId).update();
            jdbc.sql("""
                    insert into queue_entries (company_id, id, queue_id, from_number, joined_at, state, ended_at)
                    values (:c, :id, :q, '+17735550128', now() - interval '1 minute', 'COMPLETED', now())""")
                    .param("c", companyId).param("id", queueEntry).param("q", UUID.fromString(queue)).update();
        }));
        other = api().signUpNewCompany("Other Co");
        nobody = api();
        companyIds.addAll(List.of(companyId.toString(), agentMember, memberB, supervisorMember, customer, job, rule, menu, queue, schedule, holiday,
                override, victimUser, spareToken, callOwn.toString(), callOther.toString(), messageOwn.toString(),
                messageOther.toString(), messageGeneral.toString(), messageSupervisor.toString(), media, queueEntry.toString()));
    }

    static String created(ApiClient.Response response, String wrapper) {
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        var node = wrapper == null ? response.json() : response.json().get(wrapper);
        return node.get("id").asString();
    }

    ApiClient client(Who who) {
        return switch (who) {
            case OWNER -> owner;
            case ADMIN -> admin;
            case SUPERVISOR -> supervisor;
            case AGENT -> agent;
            case OTHER_COMPANY -> other;
            case NOBODY -> nobody;
        };
    }

    /**
     * An operation as sent: its key (method, path with this fixture's ids, a variant), a JSON body made again at each send
     * (null: none; fresh names and times, so that each allowed sender's save is a change of its own), or a CSV or an
     * upload. The path is the fixture's: the refusals and another company are sent it, while everything it names is there.
     * {@code allowed}, when given, makes the path for one allowed send (a row of its own to delete, a live call to
     * transfer, a token of the sender's own to revoke), so that each allowed sender has something to do. {@code table}: the
     * table an allowed write must change; {@link #NO_ROW} for an operation that writes no row of the company to see (a
     * preview, the pretend caller's keys, which act later through the carrier). {@code mine}: about the sender's own team
     * member, whose id replaces the agent's in the path and body (the agent's stays for a sender linked to none).
     */
    record Req(String key, Supplier<Object> body, String contentType, boolean mine, java.util.function.Function<Who, String> allowed,
            String table, java.util.function.Function<Who, String> refused, ReadBack readBack) {

        Req(String key, Supplier<Object> body, String contentType, boolean mine, java.util.function.Function<Who, String> allowed,
                String table) {
            this(key, body, contentType, mine, allowed, table, null, null);
        }

        String method() {
            return key.substring(0, key.indexOf(' '));
        }

        String path() {
            return key.split(" ", 3)[1];
        }

        Req asMine() {
            return new Req(key, body, contentType, true, allowed, table, refused, readBack);
        }

        /** An allowed send changes {@code table}. */
        Req changes(String table) {
            return new Req(key, body, contentType, mine, allowed, table, refused, readBack);
        }

        /** An allowed send goes to the path made for it. */
        Req forAllowed(java.util.function.Function<Who, String> path) {
            return new Req(key, body, contentType, mine, path, table, refused, readBack);
        }

        /** A refused send goes to the path made for it (a live call, which a refusal must leave as it was). */
        Req forRefused(java.util.function.Function<Who, String> path) {
            return new Req(key, body, contentType, mine, allowed, table, path, readBack);
        }

        /** An allowed send's fields are read back from another address than its own, or in another shape. */
        Req readsBack(java.util.function.UnaryOperator<String> path, java.util.function.UnaryOperator<JsonNode> view) {
            return new Req(key, body, contentType, mine, allowed, table, refused, new ReadBack(path, view));
        }
    }

    /**
     * Where an allowed PUT or PATCH is read back, so that "done" is its fields holding what was sent and not only a row
     * touched (its {@code updated_at}): the GET to send, made from the path the write was sent to, and the part of its
     * answer that holds the sent fields, under the same names. Without one, the write's own path is read, the answer
     * itself (or the {@code rule} or {@code menu} it is wrapped in).
     */
    record ReadBack(java.util.function.UnaryOperator<String> path, java.util.function.UnaryOperator<JsonNode> view) {

        static final ReadBack SAME = new ReadBack(p -> p, a -> a.has("rule") ? a.get("rule") : a.has("menu") ? a.get("menu") : a);
    }

    /**
     * The first field of {@code sent} that {@code read} does not hold with the value sent ("field: sent X, reads Y"), or
     * null when every one does. Objects are compared on the fields sent only (the rest is the row's own); lists element by
     * element; values by their text, and instants as instants (the database keeps microseconds).
     */
    static String differs(JsonNode sent, JsonNode read, String at) {
        var where = at.isEmpty() ? "the body" : at;
        if (sent.isObject()) {
            if (read == null || !read.isObject()) {
                return where + ": sent " + sent + ", reads " + read;
            }
            for (var name : sent.propertyNames()) {
                var d = differs(sent.get(name), read.get(name), at.isEmpty() ? name : at + "." + name);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (sent.isArray()) {
            if (read == null || !read.isArray() || read.size() != sent.size()) {
                return where + ": sent " + sent + ", reads " + read;
            }
            for (int i = 0; i < sent.size(); i++) {
                var d = differs(sent.get(i), read.get(i), at + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (read == null || read.isMissingNode() || read.isContainer()) {
            return where + ": sent " + sent + ", reads " + read;
        }
        if (sent.asString().equals(read.asString())) {
            return null;
        }
        try {
            var s = Instant.parse(sent.asString()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            if (s.equals(Instant.parse(read.asString()))) {
                return null;
            }
        } catch (java.time.DateTimeException e) {
            // not an instant: they differ
        }
        return where + ": sent " + sent + ", reads " + read;
    }

    /** The table of an operation that writes no row of the company an answer could be checked against. */
    static final String NO_ROW = "";

    Req req(String key) {
        return new Req(key, null, "application/json", false, null, null);
    }

    Req req(String key, Supplier<Object> body) {
        return new Req(key, body, "application/json", false, null, null);
    }

    /**
     * The team member {@code who} is ("own" in the policy): the supervisor's own, else the agent's. Their own voicemail
     * message is their box's: the supervisor's, else the agent's.
     */
    String ownMember(Who who) {
        return who == Who.SUPERVISOR ? supervisorMember : agentMember;
    }

    /** Another member (set up for each send that takes one away) and the members' phones, for what needs them. */
    String freshMember() {
        return fresh(created(owner.post("/api/v1/members", Map.of("name", "Spare " + n())), null));
    }

    /** {@code member} available to take a call now: status AVAILABLE, no vacation, no do-not-disturb. */
    void available(String member) {
        var path = "/api/v1/members/" + member;
        assertThat(owner.put(path + "/status", Map.of("status", "AVAILABLE")).status()).isEqualTo(200);
        owner.delete(path + "/vacation");
        owner.delete(path + "/do-not-disturb");
    }

    /** Each member's direct number, given with a phone (a SIP address the demo's phones answer) when first needed. */
    final Map<String, String> directNumbers = new LinkedHashMap<>();

    /** A desk's direct number: a member with no phone, so a pretend call to it goes to voicemail and rings nobody. */
    String deskNumber;

    void phones() {
        if (!directNumbers.isEmpty()) {
            return;
        }
        ownNumber();
        for (var member : List.of(agentMember, memberB, supervisorMember)) {
            var number = unusedNumber();
            var patched = owner.patch("/api/v1/members/" + member, Map.of("sip_address", "sip:m-" + member + "@test.sip.telnyx.com",
                    "direct_inward_dial", number, "max_concurrent_calls", 10));
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            directNumbers.put(member, number);
        }
        deskNumber = unusedNumber();
        assertThat(owner.post("/api/v1/members", Map.of("name", "Desk", "direct_inward_dial", deskNumber)).status()).isEqualTo(201);
    }

    /**
     * {@code member}, given a SIP phone no other company has: the member forms and bodies save fixed addresses, which the
     * companies of this class's other tests (one simulated phone per address) have too, and a demo phone shared with
     * another company is refused.
     */
    String phoneOfTheirOwn(String member) {
        phones();
        var patched = owner.patch("/api/v1/members/" + member, Map.of("sip_address", "sip:m-" + member + "@test.sip.telnyx.com",
                "call_forwarding_enabled", false, "simultaneous_ring_enabled", false));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        return member;
    }

    /** Calls answered by a member and in progress, to transfer: one per allowed transfer, placed all at once and bridged. */
    final Map<String, java.util.Deque<String>> liveCalls = new LinkedHashMap<>();

    /**
     * A call in progress between a caller and {@code member}, taken from those placed and bridged at the first ask (and
     * again when {@code member}'s are all taken: the API's transfers and the web's each take theirs).
     */
    String liveCall(String member) {
        var left = liveCalls.get(member);
        if (left == null || left.isEmpty()) {
            phones();
            var placed = new LinkedHashMap<String, String>();
            // The allowed senders' (owner, admin and agent: Ann's; owner, admin and supervisor: Bob's; the supervisor: Sue's)
            // and one each for the refusals of Ann's and Bob's.
            for (var e : Map.of(agentMember, 4, memberB, 4, supervisorMember, 1).entrySet()) {
                available(e.getKey());
                for (int i = 0; i < e.getValue(); i++) {
                    var from = "+1773555" + String.format("%04d", 5000 + n());
                    var call = owner.post("/api/v1/simulator/calls", Map.of("from", from, "to", directNumbers.get(e.getKey())));
                    assertThat(call.status()).as(call.body()).isEqualTo(201);
                    placed.put(from, e.getKey());
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> bridged(placed.keySet()).size() == placed.size());
            bridged(placed.keySet()).forEach((from, id) -> liveCalls.computeIfAbsent(placed.get(from), k -> new java.util.ArrayDeque<>())
                    .add(fresh(id)));
        }
        return liveCalls.get(member).pop();
    }

    /** The call in progress each refused transfer is sent, by the member who has it: one for all the refusals. */
    final Map<String, String> refusedCalls = new LinkedHashMap<>();

    /** The call a transfer was sent for ({@code /api/v1/calls/<id>/transfer}). */
    static UUID transferred(String path) {
        return UUID.fromString(path.replaceAll(".*/calls/([^/]+)/transfer$", "$1"));
    }

    /** Whether the call is in progress: bridged to someone, not ended. */
    boolean inProgress(UUID call) {
        return TenantContext.callAs(CompanyId.of(companyId.toString()), () -> tx.execute(s -> jdbc.sql("""
                select count(*) from calls where company_id = :c and id = :id and phase = 'BRIDGED' and ended_at is null""")
                .param("c", companyId).param("id", call).query(Integer.class).single())) == 1;
    }

    /**
     * Why an allowed transfer did not begin, or null: it began when the call's transfers end with one to the number sent,
     * asked by the sender, and the number was dialled for it (a leg of the call to that number).
     */
    String transferBegan(Who who, Sent sent) {
        var call = transferred(sent.path());
        var number = BadInputFuzz.JSON.readTree(sent.body()).get("number").asString();
        var transfers = owner.get("/api/v1/call-logs/" + call).json().at("/call/transfers");
        var last = transfers.isArray() && !transfers.isEmpty() ? transfers.get(transfers.size() - 1) : null;
        if (last == null || !number.equals(last.path("to_number").asString(null))) {
            return "no transfer to " + number + " in the call's transfers: " + transfers;
        }
        if (!client(who).email().equals(last.path("requested_by").asString(null))) {
            return "the transfer is not said to be asked by " + who + ": " + last;
        }
        int legs = TenantContext.callAs(CompanyId.of(companyId.toString()), () -> tx.execute(s -> jdbc.sql("""
                select count(*) from call_legs where company_id = :c and call_id = :id and destination = :n""")
                .param("c", companyId).param("id", call).param("n", number).query(Integer.class).single()));
        return legs == 0 ? "no leg of the call dialled " + number : null;
    }

    /** Of the calls from {@code numbers}, those bridged to a member now: caller's number -> call id. */
    Map<String, String> bridged(Set<String> numbers) {
        var found = new LinkedHashMap<String, String>();
        TenantContext.runAs(CompanyId.of(companyId.toString()), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                select from_number, id from calls where company_id = :c and phase = 'BRIDGED' and ended_at is null""")
                .param("c", companyId).query((rs, i) -> found.put(rs.getString(1), rs.getString(2))).list()));
        found.keySet().retainAll(numbers);
        return found;
    }

    /** A pretend call (the demo simulator's) to the desk, which takes voicemail: by id, answered when asked. */
    String testCall(boolean answered) {
        phones();
        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", "+1773555" + String.format("%04d", 6000 + n()), "to", deskNumber));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var id = placed.json().get("id").asString();
        if (answered) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> owner.get("/api/v1/simulator/calls/" + id).json().get("state").asString().equals("ANSWERED"));
        }
        return id;
    }

    String answeredDeskCall;

    String answeredDeskCall() {
        if (answeredDeskCall == null) {
            answeredDeskCall = testCall(true);
        }
        return answeredDeskCall;
    }

    /** {@code member} with a vacation to end, or a do-not-disturb to lift ({@code what}): by id. */
    String with(String what, String member) {
        var path = "/api/v1/members/" + member;
        var set = what.equals("vacation") ? owner.put(path + "/vacation", Map.of("start_date", "2027-02-01", "end_date", "2027-02-05"))
                : owner.put(path + "/do-not-disturb", Map.of("until", Instant.now().plusSeconds(7_200).toString()));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        return member;
    }

    @Autowired
    dev.switchboard.directory.Members members;

    /** The last voicemail PIN a request of the fixture sent. */
    String lastPin;

    /** Whether {@code pin} is member {@code id}'s voicemail PIN now, as the voicemail by phone checks it. */
    boolean pinMatches(String id, String pin) {
        return TenantContext.callAs(CompanyId.of(companyId.toString()), () -> tx.execute(s -> members.voicemailPinMatches(UUID.fromString(id), pin)))
                .orElse(false);
    }

    /** {@code member}, given a voicemail PIN (by the owner), so that removing it is a change. */
    String withPin(String member) {
        var set = owner.put("/api/v1/members/" + member + "/voicemail-pin", Map.of("voicemail_pin", "2468"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        return member;
    }

    /** A token of {@code who}'s own, to revoke: by id. */
    String ownToken(Who who) {
        return fresh(ownToken(client(who).email(), password(who)));
    }

    /** The media file the fixture's messages and calls play (an uploaded prompt, as GET /api/v1/media describes). */
    String media;

    Map<String, Req> apiRequests() {
        var r = new ArrayList<Req>();
        var m = agentMember;
        r.add(req("POST /api/v1/signup", () -> Map.of("company_name", "Matrix Signup", "timezone", "America/Chicago",
                "owner_email", "signup-" + UUID.randomUUID() + "@test.example", "owner_password", "correct-horse")).changes("company_count"));
        r.add(req("POST /api/v1/auth/token", () -> Map.of("email", loginEmail, "password", "their-password", "name", "matrix " + n()))
                .changes("api_tokens"));
        r.add(req("GET /api/v1/auth/tokens"));
        r.add(req("DELETE /api/v1/auth/tokens/" + spareToken + " (own)").changes("api_tokens")
                .forAllowed(who -> "/api/v1/auth/tokens/" + ownToken(who)));
        // Allowed to nobody: refused to all, with a 404 (NO_ROW: no allowed send to check a change of).
        r.add(req("DELETE /api/v1/auth/tokens/" + spareToken + " (another's)").changes(NO_ROW));
        r.add(req("GET /api/v1/me"));
        r.add(req("GET /api/v1/company"));
        // The company's numbers kept: the calls below are placed from and to them.
        r.add(req("PUT /api/v1/company", () -> Map.of("name", "Matrix Co " + n(), "timezone", "America/Chicago", "default_region", "US",
                "business_numbers", List.of(ownNumber()))).changes("companies"));
        r.add(req("GET /api/v1/users"));
        r.add(req("GET /api/v1/users/" + victimUser));
        r.add(req("POST /api/v1/users", () -> Map.of("email", "u-" + UUID.randomUUID() + "@test.example", "password", "their-password",
                "role", "AGENT")).changes("users"));
        r.add(req("PUT /api/v1/users/" + victimUser, () -> Map.of("display_name", "Una " + n(), "role", "AGENT", "enabled", true))
                .changes("users"));
        r.add(req("DELETE /api/v1/users/" + victimUser).changes("users").forAllowed(who -> "/api/v1/users/" + fresh(created(
                owner.post("/api/v1/users", Map.of("email", "gone-" + UUID.randomUUID() + "@test.example", "password", "their-password",
                        "role", "AGENT")), null))));
        r.add(req("GET /api/v1/audit-log"));
        r.add(req("GET /api/v1/members"));
        r.add(req("GET /api/v1/members/" + memberB));
        r.add(req("GET /api/v1/members/eligible"));
        r.add(req("POST /api/v1/members", () -> Map.of("name", "Dee " + n())).changes("team_members"));
        // Bob keeps his phone and number (the live calls ring him): the writes that replace a member go to one of their own.
        r.add(req("PUT /api/v1/members/" + memberB, () -> Map.of("name", "Bo " + n(), "phone_extension", String.valueOf(600 + n()),
                "ring_timeout_seconds", 30)).changes("team_members").forAllowed(who -> "/api/v1/members/" + freshMember()));
        r.add(req("PATCH /api/v1/members/" + memberB, () -> Map.of("ring_timeout_seconds", 15 + n() % 70)).changes("team_members"));
        r.add(req("DELETE /api/v1/members/" + memberB).changes("team_members").forAllowed(who -> "/api/v1/members/" + freshMember()));
        // Someone without an extension for the assigning to give one to.
        r.add(req("POST /api/v1/members/assign-extensions", () -> {
            owner.post("/api/v1/members", Map.of("name", "Nox " + n()));
            return Map.of("start", 101);
        }).changes("team_members"));
        // Whole seconds: the database keeps microseconds, rounded.
        var in = Instant.now().plusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (var variant : List.of("own", "another's")) {
            boolean own = variant.equals("own");
            var id = own ? m : memberB;
            var suffix = " (" + variant + ")";
            var members = "/api/v1/members/";
            java.util.function.Function<Who, String> whose = who -> own ? ownMember(who) : memberB;
            r.add(req("PUT " + members + id + "/status" + suffix, () -> Map.of("status", n() % 2 == 0 ? "AWAY" : "OFFLINE",
                    "reason", "lunch " + n())).changes("team_availability").readsBack(ApiFixture::member,
                    a -> BadInputFuzz.NODES.objectNode().put("status", a.at("/availability/status").asString())
                            .put("reason", a.at("/availability/status_reason").asString(null))));
            r.add(req("PUT " + members + id + "/vacation" + suffix, () -> {
                var start = java.time.LocalDate.of(2027, 1, 1).plusDays(n());
                return Map.of("start_date", start.toString(), "end_date", start.plusDays(4).toString());
            }).changes("team_availability").readsBack(ApiFixture::member, a -> a.at("/availability/vacation")));
            r.add(req("DELETE " + members + id + "/vacation" + suffix).changes("team_availability")
                    .forAllowed(who -> members + with("vacation", whose.apply(who)) + "/vacation"));
            r.add(req("PUT " + members + id + "/do-not-disturb" + suffix, () -> Map.of("until", in.plusSeconds(n() * 60L).toString()))
                    .changes("team_availability").readsBack(ApiFixture::member, a -> BadInputFuzz.NODES.objectNode()
                            .put("until", a.at("/availability/do_not_disturb_until").asString(null))));
            r.add(req("DELETE " + members + id + "/do-not-disturb" + suffix).changes("team_availability")
                    .forAllowed(who -> members + with("do-not-disturb", whose.apply(who)) + "/do-not-disturb"));
            r.add(req("GET " + members + id + "/voicemail" + suffix));
            // As the fixture's phones answer (at once), so the calls below are answered as before.
            r.add(req("PUT /api/v1/simulator/phones/" + id + suffix, () -> {
                phones();
                return Map.of("answers", "ANSWER", "after_seconds", 0);
            }).changes(NO_ROW).forAllowed(who -> "/api/v1/simulator/phones/" + phoneOfTheirOwn(whose.apply(who))));
            // A number of their own that rings nothing (both switches off): the live calls below ring the members' phones.
            r.add(req("PATCH " + members + id + "/forwarding" + suffix, () -> Map.of("call_forwarding_number",
                    "+1773555" + String.format("%04d", 4000 + n()), "call_forwarding_enabled", false, "simultaneous_ring_enabled", false))
                    .changes("team_members").readsBack(ApiFixture::member, a -> a));
            r.add(req("PUT " + members + id + "/greeting" + suffix, () -> Map.of("greeting_type", "TEXT_TO_SPEECH",
                    "greeting_text", "Leave me a message " + n())).changes("voicemail_boxes")
                    .readsBack(p -> p.replace("/greeting", "/voicemail"), a -> a.get("settings")));
            r.add(new Req("POST " + members + id + "/greeting/audio" + suffix, null, "multipart/form-data", false, null,
                    "voicemail_boxes"));
            r.add(req("PUT " + members + id + "/voicemail/notifications" + suffix, () -> Map.of("email_enabled", true,
                    "email_addresses", java.util.List.of("me" + n() + "@matrix.example"))).changes("voicemail_boxes")
                    .readsBack(p -> p.replace("/voicemail/notifications", "/voicemail"), a -> a.get("settings")));
            // Read back as the PIN the member's voicemail by phone now takes (it is never shown).
            r.add(req("PUT " + members + id + "/voicemail-pin" + suffix, () -> Map.of("voicemail_pin", lastPin = "5" + String.format("%04d", n() % 10_000) + "9"))
                    .changes("team_members").readsBack(ApiFixture::member, a -> BadInputFuzz.NODES.objectNode()
                            .put("voicemail_pin", pinMatches(a.get("id").asString(), lastPin) ? lastPin : "(not the PIN sent)")));
            r.add(req("DELETE " + members + id + "/voicemail-pin" + suffix).changes("team_members")
                    .forAllowed(who -> members + withPin(whose.apply(who)) + "/voicemail-pin"));
            var message = "/api/v1/voicemail/messages/" + (own ? messageOwn : messageOther);
            java.util.function.Function<Who, String> freshMessage = who -> "/api/v1/voicemail/messages/"
                    + freshMessage(own ? ownMember(who) : memberB);
            r.add(req("GET " + message + suffix));
            r.add(req("GET " + message + "/audio" + suffix));
            r.add(req("PATCH " + message + suffix, () -> Map.of("heard", true)).changes("voicemail_messages").forAllowed(freshMessage));
            r.add(req("DELETE " + message + suffix).changes("voicemail_messages").forAllowed(freshMessage));
            r.add(req("POST " + message + "/move" + suffix, () -> Map.of("box", "general")).changes("voicemail_messages")
                    .forAllowed(w -> freshMessage.apply(w) + "/move"));
            // Only a deleted message can be restored or deleted forever: each allowed sender gets one of their own; a refusal
            // is sent the fixture's message, refused before its state is looked at.
            java.util.function.Function<Who, String> freshDeleted = who -> "/api/v1/voicemail/messages/"
                    + freshDeletedMessage(own ? ownMember(who) : memberB);
            r.add(req("POST " + message + "/restore" + suffix).changes("voicemail_messages").forAllowed(w -> freshDeleted.apply(w) + "/restore"));
            r.add(req("POST " + message + "/permanent-delete" + suffix).changes("voicemail_messages")
                    .forAllowed(w -> freshDeleted.apply(w) + "/permanent-delete"));
            // Calls in progress, to a number: each allowed sender's own, the refusals one between a caller and the agent (the
            // own variant's) or Bob (another's), which a refusal leaves as it was and in progress (an ended call would be
            // refused whoever asked).
            r.add(req("POST /api/v1/calls/" + (own ? callOwn : callOther) + "/transfer" + suffix,
                    () -> Map.of("number", "+1773555" + String.format("%04d", 7000 + n()))).changes("calls")
                    .forAllowed(who -> "/api/v1/calls/" + liveCall(own ? ownMember(who) : memberB) + "/transfer")
                    .forRefused(who -> "/api/v1/calls/" + refusedCalls.computeIfAbsent(own ? agentMember : memberB, this::liveCall)
                            + "/transfer"));
            var call = "/api/v1/call-logs/" + (own ? callOwn : callOther);
            r.add(req("GET " + call + suffix));
            r.add(req("GET " + call + "/recording" + suffix));
            r.add(req("PATCH " + call + suffix, () -> Map.of("notes", "Called back " + n(), "tags", List.of("vip")))
                    .changes("calls").readsBack(p -> p, a -> a.get("call")));
        }
        // Linked to a customer and job of their own each time (a change for every sender): the agent's own call, which an
        // agent may note but not link, as they change no customer or job.
        r.add(req("PATCH /api/v1/call-logs/" + callOwn + " (customer and job)", () -> {
            var c = freshCustomer();
            var j = created(owner.post("/api/v1/jobs", Map.of("customer_id", c, "title", "Visit " + n(), "status", "OPEN")), null);
            return Map.of("customer_id", c, "job_id", j);
        }).changes("calls").readsBack(p -> p, a -> a.get("call")));
        r.add(req("PUT /api/v1/members/" + memberB + "/voicemail", () -> Map.of("greeting_type", "TEXT_TO_SPEECH",
                "greeting_text", "Bob here " + n())).changes("voicemail_boxes").readsBack(p -> p, a -> a.get("settings")));
        r.add(req("GET /api/v1/customers"));
        r.add(req("GET /api/v1/customers/lookup?number=%2B17735550123"));
        r.add(req("GET /api/v1/customers/" + customer));
        r.add(req("POST /api/v1/customers", () -> Map.of("name", "Carl " + n(), "phone_numbers", List.of("+1773555" + (1000 + n()))))
                .changes("customers"));
        r.add(req("PUT /api/v1/customers/" + customer, () -> Map.of("name", "Carla " + n(), "phone_numbers", List.of("+17735550123")))
                .changes("customers"));
        r.add(req("DELETE /api/v1/customers/" + customer).changes("customers").forAllowed(who -> "/api/v1/customers/" + freshCustomer()));
        r.add(new Req("POST /api/v1/customers/import", () -> "name,phone\nDora " + n() + ",+1773555" + (2000 + n()) + "\n", "text/csv",
                false, null, "customers"));
        r.add(req("GET /api/v1/jobs"));
        r.add(req("GET /api/v1/jobs/" + job));
        r.add(req("POST /api/v1/jobs", () -> Map.of("customer_id", customer, "title", "Leak " + n(), "status", "SCHEDULED")).changes("jobs"));
        r.add(req("PUT /api/v1/jobs/" + job, () -> Map.of("customer_id", customer, "title", "Boiler " + n(), "status", "SCHEDULED"))
                .changes("jobs"));
        r.add(req("DELETE /api/v1/jobs/" + job).changes("jobs").forAllowed(who -> "/api/v1/jobs/" + fresh(created(owner.post("/api/v1/jobs",
                Map.of("customer_id", customer, "title", "Spare", "status", "OPEN")), null))));
        r.add(req("GET /api/v1/business-hours"));
        r.add(req("PUT /api/v1/business-hours", () -> Map.of("ranges", List.of(Map.of("day", "MONDAY", "start", "08:00",
                "end", String.format("%02d:00", 12 + n() % 10))))).changes("schedule_ranges"));
        r.add(req("GET /api/v1/business-hours/preview"));
        r.add(req("GET /api/v1/business-hours/open"));
        r.add(req("GET /api/v1/business-hours/overrides"));
        r.add(req("POST /api/v1/business-hours/overrides", () -> Map.of("kind", "CLOSED_UNTIL", "until", in.plusSeconds(n() * 60L).toString(),
                "reason", "Training " + n())).changes("schedule_overrides"));
        r.add(req("DELETE /api/v1/business-hours/overrides/" + override).changes("schedule_overrides")
                .forAllowed(who -> "/api/v1/business-hours/overrides/" + fresh(created(owner.post("/api/v1/business-hours/overrides",
                        Map.of("kind", "CLOSED_UNTIL", "until", Instant.now().plusSeconds(7_200).toString(), "reason", "Spare")), null))));
        r.add(req("GET /api/v1/schedules"));
        r.add(req("GET /api/v1/schedules/" + schedule));
        Supplier<Object> scheduleBody = () -> Map.of("name", "Desk " + n(), "ranges", List.of(Map.of("day", "WEDNESDAY", "start", "11:00",
                "end", "13:00")));
        r.add(req("POST /api/v1/schedules", scheduleBody).changes("schedules"));
        r.add(req("PUT /api/v1/schedules/" + schedule, scheduleBody).changes("schedules"));
        r.add(req("DELETE /api/v1/schedules/" + schedule).changes("schedules").forAllowed(who -> "/api/v1/schedules/" + fresh(created(
                owner.post("/api/v1/schedules", scheduleBody.get()), null))));
        Supplier<Object> holidayBody = () -> Map.of("name", "Day " + n(), "date", "2027-03-" + String.format("%02d", 1 + n() % 28),
                "recurrence", "YEARLY", "greeting_text", "Closed");
        r.add(req("GET /api/v1/holidays"));
        r.add(req("GET /api/v1/holidays/" + holiday));
        r.add(req("GET /api/v1/holidays/" + holiday + "/occurrences"));
        r.add(req("GET /api/v1/holidays/countries"));
        r.add(req("POST /api/v1/holidays/preview", holidayBody).changes(NO_ROW));
        r.add(req("POST /api/v1/holidays", holidayBody).changes("company_holidays"));
        r.add(req("PUT /api/v1/holidays/" + holiday, holidayBody).changes("company_holidays"));
        r.add(req("DELETE /api/v1/holidays/" + holiday).changes("company_holidays").forAllowed(who -> "/api/v1/holidays/" + freshHoliday()));
        r.add(req("POST /api/v1/holidays/import", () -> Map.of("country", "US", "year", java.time.Year.now().getValue()
                + imports.getAndIncrement() % 6)).changes("company_holidays"));
        r.add(req("GET /api/v1/routing-rules"));
        r.add(req("GET /api/v1/routing-rules/" + rule));
        r.add(req("POST /api/v1/routing-rules", () -> Map.of("name", "Overflow " + n(), "type", "SIMULTANEOUS", "member_ids", List.of(m)))
                .changes("call_routing_rules"));
        r.add(req("PUT /api/v1/routing-rules/" + rule, () -> Map.of("name", "Rotation " + n(), "type", "ROUND_ROBIN",
                "member_ids", List.of(m, memberB))).changes("call_routing_rules"));
        r.add(req("PATCH /api/v1/routing-rules/" + rule, () -> Map.of("name", "Rotation " + n())).changes("call_routing_rules"));
        r.add(req("DELETE /api/v1/routing-rules/" + rule).changes("call_routing_rules").forAllowed(who -> "/api/v1/routing-rules/" + freshRule()));
        // The newest rule is last: up moves it.
        r.add(req("POST /api/v1/routing-rules/" + rule + "/move", () -> Map.of("direction", "up")).changes("call_routing_rules")
                .forAllowed(who -> "/api/v1/routing-rules/" + freshRule() + "/move"));
        // The order as it is, turned round: a change at each send.
        r.add(req("PUT /api/v1/routing-rules/order", () -> {
            var ids = new ArrayList<>(owner.get("/api/v1/routing-rules").json().findValuesAsString("id"));
            java.util.Collections.reverse(ids);
            return Map.of("rule_ids", ids);
        }).changes("call_routing_rules").readsBack(p -> "/api/v1/routing-rules", list -> {
            var ids = BadInputFuzz.NODES.arrayNode();
            list.forEach(item -> ids.add((item.has("rule") ? item.get("rule") : item).get("id").asString()));
            return BadInputFuzz.NODES.objectNode().set("rule_ids", ids);
        }));
        r.add(req("GET /api/v1/ivr-menus"));
        r.add(req("GET /api/v1/ivr-menus/" + menu));
        Supplier<Object> menuBody = () -> Map.of("name", "Side " + n(), "greeting_text", "Press 1.", "options",
                Map.of("1", Map.of("kind", "VOICEMAIL")));
        r.add(req("POST /api/v1/ivr-menus", menuBody).changes("ivr_menus"));
        r.add(req("PUT /api/v1/ivr-menus/" + menu, menuBody).changes("ivr_menus"));
        r.add(req("PATCH /api/v1/ivr-menus/" + menu, () -> Map.of("name", "Main " + n())).changes("ivr_menus"));
        r.add(req("DELETE /api/v1/ivr-menus/" + menu).changes("ivr_menus").forAllowed(who -> "/api/v1/ivr-menus/" + fresh(created(
                owner.post("/api/v1/ivr-menus", menuBody.get()), "menu"))));
        r.add(req("GET /api/v1/phone-settings"));
        r.add(req("PUT /api/v1/phone-settings", () -> Map.of("default_ring_seconds", 10 + n() % 100)).changes("phone_settings"));
        r.add(req("POST /api/v1/routing/simulate", () -> Map.of("from", "+17735550123", "to", ownNumber(),
                "at", "2026-11-25T18:00:00Z")).changes(NO_ROW));
        r.add(req("GET /api/v1/queues"));
        r.add(req("GET /api/v1/queues/" + queue));
        r.add(req("GET /api/v1/queues/" + queue + "/callers"));
        r.add(req("GET /api/v1/queues/" + queue + "/entries/" + queueEntry + "/history"));
        r.add(req("DELETE /api/v1/queues/" + queue + "/callbacks/" + freshCallback()).changes("queue_entries")
                .forAllowed(who -> "/api/v1/queues/" + queue + "/callbacks/" + fresh(freshCallback())));
        r.add(req("GET /api/v1/queues/" + queue + "/stats"));
        r.add(req("POST /api/v1/queues", () -> Map.of("name", "Support " + n(), "member_ids", List.of(m))).changes("call_queues"));
        r.add(req("PUT /api/v1/queues/" + queue, () -> Map.of("name", "Sales " + n(), "member_ids", List.of(m))).changes("call_queues"));
        r.add(req("PATCH /api/v1/queues/" + queue, () -> Map.of("max_wait_seconds", 300 + n())).changes("call_queues"));
        r.add(req("DELETE /api/v1/queues/" + queue).changes("call_queues").forAllowed(who -> "/api/v1/queues/" + fresh(created(
                owner.post("/api/v1/queues", Map.of("name", "Spare " + n(), "member_ids", List.of(m))), null))));
        r.add(req("GET /api/v1/voicemail/settings"));
        r.add(req("PUT /api/v1/voicemail/settings", () -> Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "You reached us " + n()))
                .changes("voicemail_boxes").readsBack(p -> p, a -> a.get("settings")));
        r.add(req("GET /api/v1/voicemail/messages"));
        // Click-to-call rings the member's phone first: they have one, and are free to take it.
        java.util.function.Function<String, Supplier<Object>> clickToCall = member -> () -> {
            phones();
            available(member);
            return Map.of("member_id", member, "number", "+1773555" + String.format("%04d", 8000 + n()));
        };
        r.add(new Req("POST /api/v1/calls (as themselves)", null, "application/json", false, null, "calls")
                .forAllowed(who -> "/api/v1/calls"));
        r.add(req("POST /api/v1/calls (as another)", clickToCall.apply(memberB)).changes("calls"));
        r.add(req("GET /api/v1/call-logs"));
        r.add(req("GET /api/v1/call-logs/members"));
        r.add(req("GET /api/v1/analytics"));
        r.add(req("GET /api/v1/text-opt-outs"));
        // The pretend caller acts through the carrier, after the answer: what they do is checked on it.
        r.add(req("POST /api/v1/simulator/calls", () -> {
            phones();
            return Map.of("from", "+1773555" + String.format("%04d", 9000 + n()), "to", deskNumber);
        }).changes(NO_ROW));
        r.add(req("GET /api/v1/simulator/calls/v3:none").forAllowed(who -> "/api/v1/simulator/calls/" + answeredDeskCall()));
        r.add(req("POST /api/v1/simulator/calls/v3:none/digits", () -> Map.of("digits", "1")).changes(NO_ROW)
                .forAllowed(who -> "/api/v1/simulator/calls/" + answeredDeskCall() + "/digits"));
        r.add(req("POST /api/v1/simulator/calls/v3:none/hangup").changes(NO_ROW)
                .forAllowed(who -> "/api/v1/simulator/calls/" + testCall(false) + "/hangup"));
        r.add(req("POST /api/v1/simulator/texts", () -> Map.of("from", "+17735550123", "to", ownNumber(), "text", "HELLO " + n()))
                .changes(NO_ROW));
        r.add(req("GET /api/v1/simulator/phones"));
        r.add(req("GET /api/v1/simulator/phones/" + memberB).forAllowed(who -> {
            phones();
            return "/api/v1/simulator/phones/" + memberB;
        }));
        r.add(new Req("POST /api/v1/media", null, "multipart/form-data", false, null, "media_files"));
        r.add(req("GET /api/v1/media/" + media));
        r.add(req("GET /api/v1/media"));
        r.add(req("DELETE /api/v1/media/" + media).changes("media_files").forAllowed(who -> "/api/v1/media/" + freshMedia()));
        // Keyed as the policy names them: ids as {id}, the query left out.
        var byKey = new LinkedHashMap<String, Req>();
        for (var req : r) {
            var key = req.key();
            var own = (key.contains("/members/" + m) || key.contains("/voicemail/messages/" + messageOwn)) && key.endsWith(" (own)");
            if (key.equals("POST /api/v1/calls (as themselves)")) {
                // Each sender's own member (the agent's for those linked to none; the supervisor's own), ready at each send.
                req = new Req(key, () -> {
                    available(supervisorMember);
                    return clickToCall.apply(m).get();
                }, req.contentType(), true, null, "calls");
            }
            if (byKey.put(template(key), own ? req.asMine() : req) != null) {
                throw new IllegalStateException("two requests for " + template(key));
            }
        }
        return byKey;
    }

    /** The member a write to one of their parts ({@code /api/v1/members/<id>/status}) was sent to, to read it back. */
    static String member(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** "GET /api/v1/members/<uuid> (own)" as the policy writes it: "GET /api/v1/members/{id} (own)". */
    static String template(String key) {
        return key.replaceAll("\\?[^ ]*", "")
                .replaceAll("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "/{id}")
                .replaceAll("/v3:none", "/{id}");
    }

    /** A request as {@code who} sends it: its path and body made now (before the rows are counted), for them. */
    record Sent(String method, String path, String contentType, String body) {
    }

    Sent prepare(Who who, Req req, boolean allowed) {
        var path = allowed && req.allowed() != null ? req.allowed().apply(who)
                : !allowed && req.refused() != null ? req.refused().apply(who) : req.path();
        var made = req.body() == null ? null : req.body().get();
        var body = made == null ? null : made instanceof String s ? s : ApiClient.json(made);
        if (req.mine() && !ownMember(who).equals(agentMember)) {
            var own = ownMember(who);
            body = body == null ? null : body.replace(agentMember, own);
            path = path.replace(agentMember, own).replace(messageOwn.toString(), messageSupervisor.toString());
        }
        return new Sent(req.method(), path, req.contentType(), body);
    }

    ApiClient.Response send(Who who, Sent req) {
        var c = client(who);
        if (req.contentType().startsWith("multipart")) {
            try {
                return c.upload(req.path(), "file", "greeting.wav", "audio/wav", TestAudio.wav());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (req.body() == null) {
            return switch (req.method()) {
                case "GET" -> c.get(req.path());
                case "DELETE" -> c.delete(req.path());
                default -> c.send(req.method(), req.path(), "application/json", "");
            };
        }
        return c.send(req.method(), req.path(), req.contentType(), req.body());
    }

    /** Every operation under /api/v1 in the app's OpenAPI document, as "METHOD /path/{id}". */
    Set<String> operationsInOpenApi() {
        var docs = api().get("/v3/api-docs").json();
        var found = new TreeSet<String>();
        for (var path : docs.get("paths").propertyNames()) {
            if (!path.startsWith("/api/v1/")) {
                continue;
            }
            for (var method : docs.get("paths").get(path).propertyNames()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    found.add(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{id}"));
                }
            }
        }
        return found;
    }}
