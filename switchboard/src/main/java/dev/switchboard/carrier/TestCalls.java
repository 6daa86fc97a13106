package dev.switchboard.carrier;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.tenancy.Companies;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Test calls in demo mode: a simulated caller dials one of the company's own numbers, presses digits
 * and hangs up. Used by the REST API and the test-call page; not available with a real carrier.
 */
@Service
public class TestCalls {

    private final ObjectProvider<TelnyxSimulator> simulator;
    private final Companies companies;
    /** How many test calls are kept before the ones that are over are forgotten. */
    static final int KEPT = 200;

    /**
     * The test calls placed, each with the company that placed it: its own, whoever owns the number it dialled later (a
     * direct line given up and taken by another company must not hand that company this one's calls).
     */
    private final Map<String, Placing> callers = new ConcurrentHashMap<>();

    private record Placing(dev.switchboard.shared.CompanyId company, Caller caller) {
    }

    private final dev.switchboard.directory.Members members;
    private final dev.switchboard.calls.CallLogs logs;

    /** The demo's real-time clock for the simulator; none in virtual time (tests), where the simulator's clock is the app's. */
    private final ObjectProvider<DemoCarrierConfiguration.Ticker> ticker;

    TestCalls(ObjectProvider<TelnyxSimulator> simulator, Companies companies, dev.switchboard.directory.Members members,
            dev.switchboard.calls.CallLogs logs, ObjectProvider<DemoCarrierConfiguration.Ticker> ticker) {
        this.simulator = simulator;
        this.ticker = ticker;
        this.companies = companies;
        this.members = members;
        this.logs = logs;
    }

    /**
     * The numbers a test call may dial: the company's business numbers and its members' direct lines, each a number
     * the company owns and the app takes calls to.
     */
    public List<dev.switchboard.shared.PhoneNumber> dialable() {
        var numbers = new java.util.LinkedHashMap<String, dev.switchboard.shared.PhoneNumber>();
        companies.current().businessNumbers().forEach(n -> numbers.putIfAbsent(n.e164(), n));
        members.list().stream().map(dev.switchboard.directory.TeamMember::directInwardDial).filter(java.util.Objects::nonNull)
                .forEach(n -> numbers.putIfAbsent(n.e164(), n));
        return List.copyOf(numbers.values());
    }

    /**
     * Whose each {@link #dialable} number is, in words, by its E.164: "main number" for a business number, "Rita Moreno's
     * direct line" for a member's, so that the page's list says what a call to it tests, not only its digits.
     */
    public java.util.Map<String, String> whose() {
        var whose = new java.util.LinkedHashMap<String, String>();
        companies.current().businessNumbers().forEach(n -> whose.putIfAbsent(n.e164(), "main number"));
        members.list().stream().filter(m -> m.directInwardDial() != null)
                .forEach(m -> whose.putIfAbsent(m.directInwardDial().e164(), m.name() + "'s direct line"));
        return whose;
    }

    /** How the demo rings a member's phones answer: {@code answers} one of {@link #ANSWERS}, after so many seconds. */
    public record DemoPhone(java.util.UUID memberId, String name, String answers, Integer afterSeconds) {
    }

    /** What a demo phone may do when rung, in the words the API takes. */
    public static final List<String> ANSWERS = List.of("ANSWER", "NEVER", "REJECT", "BUSY", "MACHINE");

    /**
     * How each member's phones answer the demo's calls (their SIP phone's script; the forwarding number is set with it). The
     * demo's phones all answered after 4 seconds, so nobody could see a missed call, a round robin's next member, a
     * transfer nobody took or a call to voicemail without first setting members away.
     */
    public List<DemoPhone> phones() {
        var sim = demo();
        return members.list().stream().filter(m -> address(m) != null).map(m -> view(m, sim.phoneScript(address(m)))).toList();
    }

    /** How {@code memberId}'s phone answers the demo's calls; 422 when they have no phone to ring. */
    public DemoPhone phone(java.util.UUID memberId) {
        var sim = demo();
        var member = members.get(memberId);
        if (address(member) == null) {
            throw noPhone(member);
        }
        return view(member, sim.phoneScript(address(member)));
    }

    private static InvalidInputException noPhone(dev.switchboard.directory.TeamMember member) {
        return new InvalidInputException("member_id", "no-phone", member.name()
                + " has no phone to ring: give them a SIP address, or a forwarding number with forwarding on, first");
    }

    /**
     * Sets how {@code memberId}'s phones (SIP address and forwarding number) answer the demo's calls: owners, admins and
     * supervisors anyone's, agents their own (as a status is set).
     */
    public DemoPhone setPhone(java.util.UUID memberId, String answers, Integer afterSeconds) {
        var sim = demo();
        var actor = dev.switchboard.tenancy.Actor.current().orElseThrow();
        if (actor.role() == dev.switchboard.tenancy.Role.AGENT) {
            dev.switchboard.directory.Members.requireSelfOrAdmin(actor, memberId, "demo phone");
        }
        var member = members.get(memberId);
        var how = answers == null ? "" : answers.strip().toUpperCase(java.util.Locale.ROOT);
        var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
        if (!ANSWERS.contains(how)) {
            problems.add(new dev.switchboard.platform.FieldProblem("answers", "enum", "must be one of " + String.join(", ", ANSWERS)));
        }
        boolean timed = how.equals("ANSWER") || how.equals("MACHINE");
        if (timed && (afterSeconds == null || afterSeconds < 0 || afterSeconds > 120)) {
            problems.add(new dev.switchboard.platform.FieldProblem("after_seconds", "range",
                    "is how long the phone rings before it picks up: 0 to 120 seconds"));
        } else if (!timed && afterSeconds != null) {
            problems.add(new dev.switchboard.platform.FieldProblem("after_seconds", "unexpected",
                    "is only for ANSWER and MACHINE (a phone that picks up)"));
        }
        if (address(member) == null) {
            problems.addAll(noPhone(member).problems());
        } else if (rung(member).stream().anyMatch(members::phoneOfAnotherCompany)) {
            // One simulated phone per address for every company on this demo: another's calls to it would change too.
            problems.add(new dev.switchboard.platform.FieldProblem("member_id", "shared", member.name()
                    + "'s phone is also a phone of another company on this demo, whose calls it would change too: give "
                    + member.name() + " an address of their own"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var script = switch (how) {
            case "ANSWER" -> dev.switchboard.simulator.PhoneScript.answerAfter(java.time.Duration.ofSeconds(afterSeconds));
            case "MACHINE" -> dev.switchboard.simulator.PhoneScript.machine(java.time.Duration.ofSeconds(afterSeconds));
            case "NEVER" -> new dev.switchboard.simulator.PhoneScript.NeverAnswer();
            case "REJECT" -> new dev.switchboard.simulator.PhoneScript.Reject();
            default -> new dev.switchboard.simulator.PhoneScript.Busy();
        };
        rung(member).forEach(a -> sim.phone(a, script));
        return view(member, script);
    }

    /** The address whose script stands for the member's phones: their SIP address, else their forwarding number. */
    private static String address(dev.switchboard.directory.TeamMember m) {
        var rung = rung(m);
        return rung.isEmpty() ? null : rung.getFirst();
    }

    /**
     * The addresses a call to the member rings: their SIP phone, and their forwarding number while forwarding or ringing
     * both is on (one saved with both off rings nothing, and may be another company's phone).
     */
    private static List<String> rung(dev.switchboard.directory.TeamMember m) {
        var rung = new java.util.ArrayList<String>();
        if (m.sipAddress() != null) {
            rung.add(m.sipAddress());
        }
        if (m.callForwardingNumber() != null && (m.callForwardingEnabled() || m.simultaneousRingEnabled())) {
            rung.add(m.callForwardingNumber().e164());
        }
        return rung;
    }

    private static DemoPhone view(dev.switchboard.directory.TeamMember m, dev.switchboard.simulator.PhoneScript script) {
        return switch (script) {
            case dev.switchboard.simulator.PhoneScript.AnswerAfter a -> new DemoPhone(m.id(), m.name(), "ANSWER", (int) a.after().toSeconds());
            case dev.switchboard.simulator.PhoneScript.AnswerThenPress a -> new DemoPhone(m.id(), m.name(), "ANSWER", (int) a.after().toSeconds());
            case dev.switchboard.simulator.PhoneScript.Machine a -> new DemoPhone(m.id(), m.name(), "MACHINE", (int) a.after().toSeconds());
            case dev.switchboard.simulator.PhoneScript.NeverAnswer n -> new DemoPhone(m.id(), m.name(), "NEVER", null);
            case dev.switchboard.simulator.PhoneScript.Reject r -> new DemoPhone(m.id(), m.name(), "REJECT", null);
            case dev.switchboard.simulator.PhoneScript.Busy b -> new DemoPhone(m.id(), m.name(), "BUSY", null);
        };
    }

    /** A simulated call as the caller experiences it: its state and every prompt heard so far. */
    public record Placed(String id, String from, String to, String state, List<String> heard) {
    }

    public boolean available() {
        return simulator.getIfAvailable() != null;
    }

    public Placed place(String fromText, String toText) {
        var sim = demo();
        InvalidInputException.all(() -> number("from", fromText), () -> ownNumber(toText));
        var from = number("from", fromText);
        var to = ownNumber(toText);
        if (callers.size() >= KEPT) {
            // Over calls are forgotten first; live ones stay reachable.
            callers.values().removeIf(c -> c.caller().state() == dev.switchboard.simulator.Leg.State.ENDED);
        }
        var caller = sim.call(from, to);
        callers.put(caller.callControlId(), new Placing(dev.switchboard.platform.TenantContext.require(), caller));
        return view(caller);
    }

    /** A simulated text as sent. */
    public record Texted(String id, String from, String to, String text) {
    }

    /** Longest text accepted: ten concatenated GSM-7 segments, as Telnyx's own limit for one message. */
    static final int TEXT_MAX = 1530;

    /**
     * A simulated person texts {@code text} to one of the company's numbers (a signed {@code message.received} webhook,
     * as Telnyx messaging delivers it): STOP there keeps that number from being texted back, START lets it be again.
     */
    public Texted text(String fromText, String toText, String text) {
        var sim = demo();
        InvalidInputException.all(() -> number("from", fromText), () -> ownNumber(toText), () -> checkText(text));
        var from = number("from", fromText);
        var to = ownNumber(toText);
        return new Texted(sim.receiveText(from, to, text), from, to, text);
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank() || text.length() > TEXT_MAX) {
            throw new InvalidInputException("text", "size", "must be 1 to " + TEXT_MAX + " characters, not blank");
        }
        if (text.indexOf('\0') >= 0) {
            // No SMS carries it, and the carrier's events are read without it: "START\u0000" was acted on as START.
            throw new InvalidInputException("text", "text", "must not contain the NUL character (\\u0000)");
        }
    }

    private String number(String field, String text) {
        try {
            return PhoneNumber.parse(text, companies.current().defaultRegion()).e164();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "e164", e.getMessage());
        }
    }

    /** {@code text} as one of the company's numbers, the {@code to} of a test call or text. */
    private String ownNumber(String text) {
        var to = number("to", text);
        var dialable = dialable();
        if (dialable.stream().noneMatch(n -> n.e164().equals(to))) {
            throw new InvalidInputException("to", "own-number", "must be one of the company's numbers: "
                    + String.join(", ", dialable.stream().map(Object::toString).toList()));
        }
        return to;
    }

    public Placed get(String id) {
        return view(caller(id));
    }

    /**
     * The company's test calls not over yet. The demo's phones never hang up by themselves: a test call left without
     * hanging up stayed on the line for good, whoever answered it at their call limit and skipped for every call after,
     * with no way back to its page to hang it up.
     */
    public List<Placed> ongoing() {
        demo();
        var company = dev.switchboard.platform.TenantContext.require();
        return callers.values().stream().filter(p -> p.company().equals(company)).map(Placing::caller)
                .filter(c -> c.state() != dev.switchboard.simulator.Leg.State.ENDED)
                .map(TestCalls::view).toList();
    }

    public Placed press(String id, String digits) {
        if (digits == null || !digits.matches("[0-9*#]{1,20}")) {
            throw new InvalidInputException("digits", "pattern", "must be 1 to 20 of 0-9, * and #");
        }
        var caller = caller(id);
        if (caller.state() != dev.switchboard.simulator.Leg.State.ANSWERED) {
            throw new dev.switchboard.platform.ConflictException("digits", "state", "keys reach nobody on a call that is "
                    + (caller.state() == dev.switchboard.simulator.Leg.State.ENDED ? "over" : "not answered yet"));
        }
        caller.press(digits);
        return view(caller);
    }

    /**
     * The test caller {@code id} hangs up; or, for the leg of a phone the app rang for one of the company's calls (a
     * member's, or the number a click-to-call or transfer dialled: the call's {@code legs}), the person who answered it
     * does. The demo's phones never hang up by themselves: without this a click-to-call never ended, and its member
     * stayed at their call limit, skipped for every call after.
     */
    public Placed hangUp(String id) {
        demo();
        if (!callers.containsKey(id)) {
            return hangUpPhone(id);
        }
        var caller = caller(id);
        if (caller.state() == dev.switchboard.simulator.Leg.State.ENDED) {
            throw new dev.switchboard.platform.ConflictException("call", "state", "the call is already over; there is nothing to hang up");
        }
        caller.hangUp();
        return view(caller);
    }

    private Placed hangUpPhone(String id) {
        var sim = demo();
        var callId = logs.findByLeg(id).orElseThrow(() -> new NotFoundException("simulated call", id));
        // An agent, only on a call they took part in, as they see the call log (403 otherwise).
        logs.get(dev.switchboard.tenancy.Actor.current().orElseThrow(), callId);
        var leg = sim.leg(id);
        if (leg == null || leg.incoming()) {
            throw new NotFoundException("simulated call", id);
        }
        if (leg.state() != dev.switchboard.simulator.Leg.State.ANSWERED) {
            throw new dev.switchboard.platform.ConflictException("call", "state", leg.state() == dev.switchboard.simulator.Leg.State.ENDED
                    ? "that phone's call is already over; there is nothing to hang up"
                    : "that phone has not answered yet; only an answered phone can be hung up");
        }
        try {
            sim.hangUpAnsweredPhone(id);
        } catch (IllegalStateException e) {
            // It ended (or was answered elsewhere and hung up) between the check and now.
            throw new dev.switchboard.platform.ConflictException("call", "state", "that phone's call is already over; there is nothing to hang up");
        }
        return new Placed(leg.callControlId(), leg.from(), leg.to(), leg.state().name(), leg.heard());
    }

    private Caller caller(String id) {
        demo();
        var placing = callers.get(id);
        if (placing == null || !placing.company().equals(dev.switchboard.platform.TenantContext.require())) {
            throw new NotFoundException("simulated call", id);
        }
        return placing.caller();
    }

    private TelnyxSimulator demo() {
        var sim = simulator.getIfAvailable();
        if (sim == null) {
            throw new NotFoundException("simulator", "(the carrier is real Telnyx; test calls exist only in demo mode)");
        }
        // What the caller does now happens now: the simulator's clock follows real time in steps of up to 200 ms, and a
        // call placed just after the office was closed was decided at an instant before, open.
        var clock = ticker.getIfAvailable();
        if (clock != null) {
            clock.catchUp();
        }
        return sim;
    }

    private static Placed view(Caller c) {
        return new Placed(c.callControlId(), c.leg().from(), c.leg().to(), c.state().name(), c.heard());
    }
}
