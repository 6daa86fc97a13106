package dev.switchboard;

import static dev.switchboard.BadInputFuzz.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import dev.switchboard.support.AppErrors;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The call-facing endpoints' success paths, fuzzed: {@link ApiBadInputFuzzTest} sends them to a company with no number, no
 * call and no message, where even a valid request is refused before most of the work. Here a company has a business
 * number, members with phones in the in-process simulator (virtual time), a live answered call, a ringing call, a
 * finished call with its log, and a voicemail message with its audio; another company has a live call and a message of
 * its own. Each endpoint (click-to-call, transfer, the call log's notes and tags, a message's heard flag and deletion,
 * and the demo's simulated calls, digits, hangups and texts) gets seeded mutations of its valid request, and each
 * answer must be: never a 5xx, no ERROR logged; a 4xx a problem document naming the field or the problem, with both
 * companies' rows unchanged, no command sent to the carrier (the simulator's command log unchanged) and both live
 * calls as they were (bridged, the same legs). Another company's id in the path is a 404 that changes nothing. A request
 * taken (2xx) leaves alone the calls it is not about: the other company's, the ringing one (keys its caller presses while
 * hearing the ringback reach nobody), and the live one unless it transferred or hung it up.
 *
 * <p>One seed is one request, from {@code fuzz.seed} (1) for {@code fuzz.n} (600) seeds: {@code -Dfuzz.seed=N -Dfuzz.n=1}
 * reproduces one. A request accepted (2xx) may change things; what it started (a phone ringing) is ended after it,
 * and what it used up (a transferred call, a deleted message) is made again, so the next seed finds the same fixture.
 */
@Import(CallApiBadInputFuzzTest.Noon.class)
class CallApiBadInputFuzzTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock callFuzzClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    /** A call as the simulator has it: the caller's leg (the demo's id for it) and the member's leg bridged to it. */
    record LiveCall(String callId, String callerLeg, String memberLeg) {
    }

    /** A company of the fixture: its owner, its phones, its calls and its voicemail. */
    final class Side {
        ApiClient owner;
        UUID companyId;
        String number;
        String ann;
        String annSip;
        String annDid;
        LiveCall live;
        String voicemailCall;
        String message;
    }

    final Side a = new Side();
    final Side b = new Side();
    String bob;
    String bobSip;
    String bobDid;
    String cy;
    String cySip;
    LiveCall ringing;
    BadInputFuzz fuzz;

    static final String OUTSIDE = "+17735550166";

    void setUpSide(Side s, String name) {
        newCompany(name);
        s.owner = owner;
        s.companyId = UUID.fromString(company.value().toString());
        s.number = number;
        var settings = owner.put("/api/v1/phone-settings", Map.of("default_strategy", "VOICEMAIL"));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        var tag = UUID.randomUUID().toString().substring(0, 8);
        s.annSip = "sip:ann-" + tag + "@test.sip.telnyx.com";
        s.annDid = randomNumber("312");
        s.ann = member(Map.of("name", "Ann", "phone_extension", "101", "sip_address", s.annSip, "direct_inward_dial", s.annDid,
                "ring_timeout_seconds", 30));
        sim.phone(s.annSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
    }

    void fixture() {
        setUpSide(b, "Other Call Fuzz Co");
        setUpSide(a, "Call Fuzz Co");
        var tag = UUID.randomUUID().toString().substring(0, 8);
        bobSip = "sip:bob-" + tag + "@test.sip.telnyx.com";
        cySip = "sip:cy-" + tag + "@test.sip.telnyx.com";
        bobDid = randomNumber("312");
        owner = a.owner;
        bob = member(Map.of("name", "Bob", "phone_extension", "102", "sip_address", bobSip, "direct_inward_dial", bobDid,
                "ring_timeout_seconds", 90));
        cy = member(Map.of("name", "Cy", "phone_extension", "103", "sip_address", cySip, "ring_timeout_seconds", 30));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        sim.phone(cySip, new PhoneScript.NeverAnswer());
        sim.phone(OUTSIDE, new PhoneScript.NeverAnswer());
        sim.phone("+17735550199", new PhoneScript.NeverAnswer());
        for (var s : List.of(b, a)) {
            leaveVoicemail(s);
            s.live = liveCall(s, "+17735550101", s.annDid, s.annSip);
        }
        ringing = liveCall(a, "+17735550102", bobDid, bobSip);
        fuzz = new BadInputFuzz(port, jdbc, tx);
    }

    /** A caller leaves a message in {@code s}'s general box and hangs up: a finished call with a log and a message with audio. */
    void leaveVoicemail(Side s) {
        var caller = sim.call(randomNumber("773"), s.number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard()).last().isEqualTo("(beep)");
        caller.leaveMessage(Duration.ofSeconds(15), "Please call me back about the boiler.");
        sim.advance(Duration.ofSeconds(1));
        s.voicemailCall = callIdOfLeg(s, caller.callControlId());
        var messages = s.owner.get("/api/v1/voicemail/messages").json();
        var message = messages.get(0);
        assertThat(message.get("audio_status").asString()).as(messages.toString()).isEqualTo("STORED");
        assertThat(message.get("call_id").asString()).isEqualTo(s.voicemailCall);
        s.message = message.get("id").asString();
    }

    /**
     * A demo test call from {@code from} to {@code to} (a member's direct line), placed through the API so its id is the
     * demo's, rung to {@code phone}: answered and bridged (Ann), or ringing (Bob never answers).
     */
    LiveCall liveCall(Side s, String from, String to, String phone) {
        var placed = s.owner.post("/api/v1/simulator/calls", Map.of("from", from, "to", to));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var legId = placed.json().get("id").asString();
        sim.advance(Duration.ofSeconds(2));
        var legs = sim.legs().stream().filter(l -> phone.equals(l.to()) && l.state() != Leg.State.ENDED).toList();
        assertThat(legs).as("the phone " + phone + " is rung").hasSize(1);
        var call = new LiveCall(callIdOfLeg(s, legId), legId, legs.getFirst().callControlId());
        assertThat(state(call)).as(phone).isEqualTo(phone.equals(bobSip) ? "ringing" : "bridged");
        return call;
    }

    String callIdOfLeg(Side s, String legId) {
        return TenantContext.callAs(CompanyId.of(s.companyId.toString()),
                () -> tx.execute(st -> jdbc.sql("select id from calls where company_id = :c and caller_leg_id = :l")
                        .param("c", s.companyId).param("l", legId).query(UUID.class).single())).toString();
    }

    /** How a fixture call is: bridged (caller and member talking), ringing (the member's phone rings), or what it became. */
    String state(LiveCall call) {
        var caller = sim.leg(call.callerLeg());
        var member = sim.leg(call.memberLeg());
        if (caller.state() == Leg.State.ENDED || member.state() == Leg.State.ENDED) {
            return "ended (caller " + caller.state() + ", member " + member.state() + ")";
        }
        if (member.state() == Leg.State.RINGING) {
            return "ringing";
        }
        if (caller.state() == Leg.State.ANSWERED && member.state() == Leg.State.ANSWERED && call.memberLeg().equals(caller.bridgedWith())
                && call.callerLeg().equals(member.bridgedWith())) {
            return "bridged";
        }
        return "caller " + caller.state() + " bridged with " + caller.bridgedWith() + ", member " + member.state() + " bridged with "
                + member.bridgedWith();
    }

    /** The fixture's calls as they are, to compare before and after a request. */
    String calls() {
        return "A live " + state(a.live) + "; A ringing " + state(ringing) + "; B live " + state(b.live);
    }

    boolean messageExists(Side s) {
        return s.owner.get("/api/v1/voicemail/messages/" + s.message).status() == 200;
    }

    /**
     * After an accepted request: ends every phone and caller it started (nothing of the fixture), then makes again what
     * it used up, so that every seed starts from the same fixture.
     */
    void restore() {
        var fixtureLegs = Set.of(a.live.callerLeg(), a.live.memberLeg(), ringing.callerLeg(), ringing.memberLeg(), b.live.callerLeg(),
                b.live.memberLeg());
        for (var leg : sim.legs()) {
            if (leg.state() != Leg.State.ENDED && !fixtureLegs.contains(leg.callControlId())) {
                sim.handle("POST", "/v2/calls/" + leg.callControlId() + "/actions/hangup", "{}");
            }
        }
        sim.advance(Duration.ZERO);
        if (!messageExists(a)) {
            leaveVoicemail(a);
        }
        if (!state(a.live).equals("bridged")) {
            hangUp(a.live);
            a.live = liveCall(a, "+17735550101", a.annDid, a.annSip);
        }
        if (!state(b.live).equals("bridged")) {
            hangUp(b.live);
            b.live = liveCall(b, "+17735550101", b.annDid, b.annSip);
        }
        if (!state(ringing).equals("ringing")) {
            hangUp(ringing);
            ringing = liveCall(a, "+17735550102", bobDid, bobSip);
        }
    }

    void hangUp(LiveCall call) {
        for (var leg : List.of(call.callerLeg(), call.memberLeg())) {
            if (sim.leg(leg).state() != Leg.State.ENDED) {
                sim.handle("POST", "/v2/calls/" + leg + "/actions/hangup", "{}");
            }
        }
        sim.advance(Duration.ZERO);
    }

    /** The endpoints with their valid requests on the fixture as it is now (ids change when a call is made again). */
    List<Endpoint> endpoints() {
        var list = new ArrayList<Endpoint>();
        list.add(new Endpoint("POST", "/api/v1/calls", "/api/v1/calls", () -> tree(Map.of("member_id", cy, "number", "+17735550199"))));
        list.add(new Endpoint("POST", "/api/v1/calls/{id}/transfer", "/api/v1/calls/" + a.live.callId() + "/transfer",
                () -> tree(Map.of("member_id", cy))));
        list.add(new Endpoint("POST", "/api/v1/calls/{id}/transfer", "/api/v1/calls/" + a.live.callId() + "/transfer",
                () -> tree(Map.of("number", OUTSIDE))));
        // A call still ringing cannot be transferred: its valid request is refused, and must change nothing either.
        list.add(new Endpoint("POST", "/api/v1/calls/{id}/transfer", "/api/v1/calls/" + ringing.callId() + "/transfer",
                () -> tree(Map.of("member_id", cy))));
        list.add(new Endpoint("PATCH", "/api/v1/call-logs/{id}", "/api/v1/call-logs/" + a.voicemailCall, () -> tree(Map.of(
                "notes", "Called back, booked Tuesday", "tags", List.of("vip", "boiler")))));
        list.add(new Endpoint("PATCH", "/api/v1/voicemail/messages/{id}", "/api/v1/voicemail/messages/" + a.message,
                () -> tree(Map.of("heard", true))));
        list.add(new Endpoint("DELETE", "/api/v1/voicemail/messages/{id}", "/api/v1/voicemail/messages/" + a.message, null));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls", "/api/v1/simulator/calls", () -> tree(Map.of("from", "+17735550123",
                "to", a.number))));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/digits", "/api/v1/simulator/calls/" + a.live.callerLeg() + "/digits",
                () -> tree(Map.of("digits", "1"))));
        // Keys pressed by a caller hearing the ringback while the member's phone rings: taken, and the call rings on.
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/digits", "/api/v1/simulator/calls/" + ringing.callerLeg() + "/digits",
                () -> tree(Map.of("digits", "1"))));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/hangup", "/api/v1/simulator/calls/" + a.live.callerLeg() + "/hangup",
                null));
        list.add(new Endpoint("POST", "/api/v1/simulator/texts", "/api/v1/simulator/texts", () -> tree(Map.of("from", "+17735550123",
                "to", a.number, "text", "STOP"))));
        return list;
    }

    /** The other company's ids an endpoint's path may be given: each must be as unknown to this company as nobody's. */
    List<String> foreignIds(Endpoint e) {
        return switch (e.template()) {
            case "/api/v1/calls/{id}/transfer" -> List.of(b.live.callId(), b.voicemailCall);
            case "/api/v1/call-logs/{id}" -> List.of(b.voicemailCall, b.live.callId());
            case "/api/v1/voicemail/messages/{id}" -> List.of(b.message);
            case "/api/v1/simulator/calls/{id}/digits", "/api/v1/simulator/calls/{id}/hangup" -> List.of(b.live.callerLeg());
            default -> List.of();
        };
    }

    /** Which call a request {@code e} taken changed that it is not about, or null: none. */
    String disturbed(Endpoint e) {
        if (!state(b.live).equals("bridged")) {
            return "accepted, and the other company's live call changed: " + state(b.live);
        }
        if (!movesTheLiveCall(e) && !state(a.live).equals("bridged")) {
            return "accepted, and the live call it is not about changed: " + state(a.live);
        }
        if (!state(ringing).equals("ringing")) {
            return "accepted, and the ringing call stopped ringing: " + state(ringing);
        }
        return null;
    }

    /** Whether {@code e} may end or move the live call when it is taken: its transfer and its hangup. */
    boolean movesTheLiveCall(Endpoint e) {
        return e.path().contains(a.live.callId()) || e.template().endsWith("/hangup");
    }

    String checksums() {
        return fuzz.checksum(a.companyId) + " || " + fuzz.checksum(b.companyId).replace(" ", " B.");
    }

    @Test
    void everyBadInputToACallFacingEndpointOnLiveCallsIsRefusedClearlyAndChangesNothing() {
        fixture();
        var bearer = a.owner.token();
        // Each valid request first, to know it is taken (or, for the ringing call's transfer, what it is refused for).
        var baselines = new HashMap<Integer, Set<String>>();
        var endpoints = endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            var e = endpoints().get(i);
            var answer = fuzz.send(new Sent(e.method(), e.path(), e.contentType(), e.body() == null ? null : json(e.body().get())), bearer);
            var fields = new java.util.HashSet<String>();
            if (e.path().contains(ringing.callId())) {
                assertThat(answer.status()).as("a transfer of a ringing call: " + answer.body()).isEqualTo(409);
                answer.json().path("errors").forEach(err -> fields.add(err.path("field").asString("")));
            } else {
                assertThat(answer.status()).as("the valid request of " + e.name() + " " + e.path() + ": " + answer.body()).isBetween(200, 299);
                assertThat(disturbed(e)).as("the valid request of " + e.name() + " " + e.path()).isNull();
                restore();
            }
            baselines.put(i, fields);
        }
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var capture = new AppErrors(logged);
        capture.start();
        root.addAppender(capture);
        long from = Long.getLong("fuzz.seed", 1);
        int count = Integer.getInteger("fuzz.n", 600);
        int foreignRefused = 0;
        var failures = new ArrayList<String>();
        var accepted = new TreeMap<String, Integer>();
        var refused = new TreeMap<String, Integer>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long seed = from + i;
                var r = new Random(seed);
                endpoints = endpoints();
                int index = r.nextInt(endpoints.size());
                var e = endpoints.get(index);
                var foreign = foreignIds(e);
                var m = BadInputFuzz.mutate(e, r, foreign);
                var before = checksums();
                var callsBefore = calls();
                int commandsBefore = sim.commands().size();
                logged.clear();
                Answer answer;
                try {
                    answer = fuzz.send(m.request(), bearer);
                } catch (RuntimeException ex) {
                    failures.add("SEED " + seed + " " + m.kind() + ": no answer (" + ex + ")\n   " + m.request());
                    continue;
                }
                var after = checksums();
                var commands = sim.commands().subList(commandsBefore, sim.commands().size());
                String problem = null;
                boolean foreignPath = m.kind().equals("path-id") && foreign.stream().anyMatch(m.request().path()::contains);
                if (answer.status() >= 500) {
                    problem = "answered " + answer.status();
                } else if (answer.status() >= 400) {
                    refused.merge(m.kind(), 1, Integer::sum);
                    problem = unclear(m, answer, baselines.get(index));
                    if (problem == null && foreignPath && answer.status() != 404) {
                        problem = "another company's id answered " + answer.status() + ", not 404";
                    }
                    foreignRefused += foreignPath ? 1 : 0;
                    if (problem == null && !after.equals(before)) {
                        problem = "refused but changed " + changed(before, after);
                    }
                    if (problem == null && !commands.isEmpty()) {
                        problem = "refused but sent the carrier " + commands.stream().map(c -> c.method() + " " + c.path()).toList();
                    }
                    if (problem == null && !calls().equals(callsBefore)) {
                        problem = "refused but the calls changed: before " + callsBefore + "; after " + calls();
                    }
                } else {
                    accepted.merge(m.kind() + " " + e.name() + (m.field() == null ? "" : " " + m.field()), 1, Integer::sum);
                    if (m.neverValid()) {
                        problem = "accepted (" + answer.status() + ") what is never valid";
                    } else {
                        problem = disturbed(e);
                    }
                }
                if (problem == null && !logged.isEmpty()) {
                    problem = "the app logged " + logged;
                }
                if (problem != null) {
                    failures.add("SEED " + seed + " " + m.kind() + (m.field() == null ? "" : " of " + m.field()) + ": " + problem
                            + "\n   " + m.request() + "\n   -> " + answer.status() + " "
                            + (answer.body().length() > 400 ? answer.body().substring(0, 400) : answer.body()));
                }
                if (answer.status() < 400 || problem != null) {
                    restore();
                }
            }
        } finally {
            root.detachAppender(capture);
        }
        System.out.println("CallApiBadInputFuzzTest ran " + count + " requests from seed " + from + " in " + (System.nanoTime() - t0) / 1_000_000
                + " ms (" + foreignRefused + " with another company's id in the path); refused by kind " + refused);
        accepted.forEach((k, v) -> System.out.println("CallApiBadInputFuzzTest accepted " + v + "x " + k));
        failures.forEach(f -> System.out.println("CallApiBadInputFuzzTest " + f));
        assertThat(failures).as(failures.size() + " of " + count + " requests failed (see the CallApiBadInputFuzzTest lines)").isEmpty();
    }
}
