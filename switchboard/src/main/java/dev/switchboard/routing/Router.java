package dev.switchboard.routing;

import dev.switchboard.directory.Eligibility;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.ScheduleOverride;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The routing decision, a function of the call, a {@link RoutingSnapshot} and the instant (members'
 * availability read through the snapshot's {@link RoutingSnapshot.Live}, for the members it may ring). The
 * precedence is DESIGN.md's:
 * <ol>
 *   <li>a number that is one member's direct line rings that member;</li>
 *   <li>an active holiday plays its greeting and follows its rule (else voicemail), unless an override is in force
 *       (it beats the holiday, as the schedule says: open, the rules; closed, the after-hours target);</li>
 *   <li>outside business hours, the after-hours target of the phone settings (voicemail by default);</li>
 *   <li>enabled rules by priority, the first whose conditions match;</li>
 *   <li>otherwise the whole team by the phone settings' default strategy (all at once or in turns), then the
 *       general voicemail. DESIGN.md sends such calls to the general voicemail straight away; the seed's manual
 *       setup (a business number and a "routing strategy" on the General tab, no rules) expects them to ring the team,
 *       and the default strategy had no other use. The routing simulation shows it as calls take it; a snapshot
 *       built by hand without it (a unit test) keeps the general voicemail, as does the default strategy VOICEMAIL
 *       (a company that rings nobody for such calls).</li>
 * </ol>
 * Members who cannot take the call are skipped with their reason in the trace, and as data in
 * {@link Decision#skipped()}. Targets that lead to
 * other rules are followed with a guard against loops (saved rules cannot loop, but a snapshot is
 * taken as it is).
 */
public final class Router {

    private static final int MAX_DEPTH = 10;

    /**
     * Members rung one after another (round robin) at most per call: ten ring timeouts is already
     * minutes of ringing; after them the caller goes on to the rule's no-answer target.
     */
    static final int MAX_SEQUENTIAL = 10;

    private Router() {
    }

    /**
     * The facts of the incoming call. {@code openJob}, when the caller is a customer with an open job, is the job the call
     * is probably about (see {@link dev.switchboard.directory.Jobs#latestOpen}); null otherwise. {@code holding}: the
     * members claimed for this very call already (a phone of theirs still up on it, as far as we know: a cancelled ring's
     * hangup not come yet), whose count of calls includes this one; a new ring of the call does not claim them again, so
     * this call does not count against their limit (empty for a call not yet rung).
     */
    public record Call(String from, String dialled, boolean knownCustomer, Set<String> customerTags, Instant at, OpenJob openJob,
            Set<UUID> holding, boolean transfer) {

        public Call {
            holding = holding == null ? Set.of() : Set.copyOf(holding);
        }

        /** A call as it is rung (not a transfer's ring). */
        public Call(String from, String dialled, boolean knownCustomer, Set<String> customerTags, Instant at, OpenJob openJob,
                Set<UUID> holding) {
            this(from, dialled, knownCustomer, customerTags, at, openJob, holding, false);
        }

        /** A call not rung yet. */
        public Call(String from, String dialled, boolean knownCustomer, Set<String> customerTags, Instant at, OpenJob openJob) {
            this(from, dialled, knownCustomer, customerTags, at, openJob, Set.of());
        }

        /** A call whose caller has no open job (or is not a customer), not rung yet. */
        public Call(String from, String dialled, boolean knownCustomer, Set<String> customerTags, Instant at) {
            this(from, dialled, knownCustomer, customerTags, at, null, Set.of());
        }

        /**
         * The same call transferred: it goes where it is sent, not to the caller's technician first (as if the caller had
         * no open job; the trace says it is the transfer, not the job, that skips them).
         */
        public Call forTransfer() {
            return new Call(from, dialled, knownCustomer, customerTags, at, null, holding, true);
        }
    }

    /**
     * The open job of the customer calling: whose it is, what it is, and who it is assigned to ({@code memberId}, null when
     * nobody is). A rule with {@link RoutingRule#assignedMemberFirst()} rings that member first.
     *
     * @param customerId the customer the job is for, the one the call log links to
     * @param sharedBy how many customers have the caller's number (the job is the most recently updated open one of all
     *     theirs); 0 or 1 when only this customer does
     */
    public record OpenJob(String customerName, UUID jobId, String jobTitle, UUID memberId, UUID customerId, int sharedBy) {
    }

    private static final java.time.format.DateTimeFormatter TRACE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy 'at' h:mm:ss a zzz", java.util.Locale.US);

    public static Decision decide(Call call, RoutingSnapshot s) {
        var trace = new Trace();
        var decision = decide(call, s, trace);
        return new Decision(decision.greeting(), decision.action(), decision.ruleId(), decision.record(), decision.trace(), trace.skipped);
    }

    /**
     * The lines of a trace, and the members skipped on the way as data ({@link #skip}). A trace the call engine hands in
     * (a plain list, for a menu key or a transfer during a call) gets the lines only: the call log keeps those.
     */
    private static final class Trace extends ArrayList<String> {
        final List<Decision.Skipped> skipped = new ArrayList<>();
    }

    /** Member {@code skipped} is not rung: the trace's line ("skipped Bob: offline"), and the entry when it keeps them. */
    private static void skip(List<String> trace, Decision.Skipped skipped) {
        trace.add("skipped " + skipped.name() + ": " + skipped.detail());
        if (trace instanceof Trace t) {
            t.skipped.add(skipped);
        }
    }

    private static Decision decide(Call call, RoutingSnapshot s, List<String> trace) {
        var local = call.at().atZone(s.zone());
        // As a dispatcher reads it ("2026-12-04T19:00:08.111229 America/Chicago" was ISO with microseconds), in the zone's
        // own abbreviation (CST or CDT: which side of a DST change) with the zone named for the unfamiliar.
        trace.add("call from " + call.from() + " to " + call.dialled() + " on " + TRACE_TIME.format(local) + " (" + s.zone().getId() + ")");

        var didOwner = s.memberWithDirectLine(call.dialled());
        if (didOwner.isPresent()) {
            var m = didOwner.get();
            trace.add(call.dialled() + " is the direct line of " + m.name());
            if (m.callForwardingNumber() != null && m.callForwardingNumber().e164().equals(call.from())) {
                trace.add(m.name() + " is calling their own line from their own phone: voicemail access");
                return new Decision(null, new Decision.MailboxLogin(m.id()), null, false, trace);
            }
            var action = ringMember(m, call, s, trace);
            return new Decision(null, action, null, s.settings().recordingDefault(), trace);
        }

        var closure = s.businessHours().holidayClosureAt(call.at());
        var holiday = closure.flatMap(c -> holiday(c.rule(), s));
        // After midnight, a night shift that started on the holiday is still the holiday's (the schedule says why).
        var when = closure.filter(c -> !c.day().equals(local.toLocalDate()))
                .map(c -> " (" + c.day() + "; the shift that started on it stays closed to its end)").orElse(" today");
        var override = holiday.isPresent() ? s.businessHours().overrideAt(call.at()) : Optional.<ScheduleOverride>empty();
        if (override.isPresent()) {
            // An override beats a holiday, as the schedule says: "open until the next change" on a holiday, the business
            // chose to open; "closed until ..." (a power cut), it chose to be closed, to the after-hours target, not to
            // whoever the holiday's rule would ring.
            trace.add("holiday" + when + ": " + holiday.get().name() + ", but " + (override.get().open() ? "opened" : "closed")
                    + " by an override");
            holiday = java.util.Optional.empty();
        }
        if (holiday.isPresent()) {
            var h = holiday.get();
            var greeting = h.greetingText() == null && h.greetingMediaId() == null ? null
                    : new Decision.Greeting(h.greetingText(), h.greetingVoice(), h.greetingLanguage(), h.greetingMediaId());
            trace.add("holiday" + when + ": " + h.name());
            if (h.routingRuleId() != null) {
                var rule = rule(s, h.routingRuleId());
                if (rule.isPresent() && rule.get().enabled()) {
                    trace.add("the holiday uses rule '" + rule.get().name() + "'");
                    var action = apply(rule.get(), call, s, trace, new HashSet<>(), 0);
                    return new Decision(greeting, action, rule.get().id(), rule.get().recordingEnabled(), trace);
                }
                trace.add("the holiday's rule is missing or disabled: voicemail");
            }
            return new Decision(greeting, generalVoicemail(s, trace), null, false, trace);
        }

        var state = s.businessHours().stateAt(call.at());
        if (!state.open()) {
            trace.add("closed (" + state.reason() + "): after-hours target " + s.describe(s.settings().afterHoursTarget()));
            // A closure's own message ("closed today because of the snow") first, as a holiday's greeting is.
            var message = s.businessHours().overrideAt(call.at()).filter(o -> !o.open() && o.greeting() != null);
            message.ifPresent(o -> trace.add("the override's message is said first"));
            var action = follow(s.settings().afterHoursTarget(), call, s, trace, new HashSet<>(), 0);
            return new Decision(message.map(o -> new Decision.Greeting(o.greeting(), null, null, null)).orElse(null), action, null,
                    s.settings().recordingDefault(), trace);
        }
        trace.add("open (" + state.reason() + ")");

        for (var rule : s.rules()) {
            if (rule.isTeam()) {
                // Last in the order: no rule of the company took the call.
                trace.add("no rule applies: the team, " + (rule.type() == RuleType.ROUND_ROBIN ? "in turns" : "all at once")
                        + " (the default strategy)");
                var action = apply(rule, call, s, trace, new HashSet<>(), 0);
                return new Decision(null, action, null, rule.recordingEnabled(), trace);
            }
            if (!rule.enabled()) {
                trace.add("rule '" + rule.name() + "' is disabled");
                continue;
            }
            if (rule.type() == RuleType.CONDITIONAL && !matches(rule, call, s)) {
                trace.add("rule '" + rule.name() + "' does not match");
                continue;
            }
            trace.add("rule '" + rule.name() + "' (" + rule.type().label() + ", priority " + rule.priority() + ") applies");
            var action = apply(rule, call, s, trace, new HashSet<>(), 0);
            return new Decision(null, action, rule.id(), rule.recordingEnabled(), trace);
        }
        trace.add(s.settings().defaultStrategy() == DefaultStrategy.VOICEMAIL
                ? "no rule applies: the general voicemail (the default strategy)" : "no rule applies");
        return new Decision(null, generalVoicemail(s, trace), null, s.settings().recordingDefault(), trace);
    }

    private static Decision.Action apply(RoutingRule rule, Call call, RoutingSnapshot s, List<String> trace, Set<UUID> visited, int depth) {
        if (!visited.add(rule.id()) || depth > MAX_DEPTH) {
            trace.add("rule '" + rule.name() + "' was already tried: general voicemail");
            return generalVoicemail(s, trace);
        }
        var timeout = Duration.ofSeconds(rule.ringTimeoutSeconds());
        return switch (rule.type()) {
            case DIRECT, ROUND_ROBIN, SIMULTANEOUS -> {
                var byId = new java.util.HashMap<UUID, TeamMember>();
                s.members().forEach(m -> byId.put(m.id(), m));
                var candidates = rule.memberIds().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
                boolean sequential = rule.type() == RuleType.ROUND_ROBIN;
                if (sequential) {
                    candidates = rotate(candidates, rule);
                }
                var technician = rule.assignedMemberFirst() && rule.type() != RuleType.DIRECT ? technicianFirst(rule, call, s, trace) : null;
                if (technician != null) {
                    // Rung first, or found unable to take the call (the reason already in the trace): not again with the others.
                    candidates = candidates.stream().filter(m -> !m.id().equals(technician.member().id())).toList();
                }
                var rings = ringable(candidates, timeout, call, s, trace, sequential ? MAX_SEQUENTIAL : Integer.MAX_VALUE);
                int before = trace.size();
                var noAnswer = noAnswer(rule, call, s, trace, visited, depth);
                if (!rings.isEmpty()) {
                    // Where a call nobody answers goes is a plan, not a step taken: a call Luis answered read "ring Luis
                    // ..., general voicemail, answered by Luis", as if it had reached the voicemail first.
                    if (trace.size() > before) {
                        trace.add(before, "if nobody answers:");
                    } else {
                        trace.add("if nobody answers: " + said(noAnswer, s));
                    }
                }
                Decision.Action plan;
                if (rings.isEmpty()) {
                    // Then where the call goes, as a plan's "if nobody answers" says it: the trace ended at "nobody in rule
                    // 'Office' can take the call", saying nothing of the voicemail the caller reached (or put the
                    // no-answer target's steps before it).
                    var nobody = (technician != null && technician.rings().isPresent() ? "nobody else in rule '" : "nobody in rule '")
                            + rule.name() + "' can take the call";
                    if (trace.size() > before) {
                        trace.add(before, nobody + ":");
                    } else {
                        trace.add(nobody + ": " + said(noAnswer, s));
                    }
                    plan = noAnswer;
                } else {
                    plan = new Decision.RingMembers(rings, rule.type() != RuleType.ROUND_ROBIN, noAnswer, rule.id());
                }
                // The technician alone, as a member rung directly (no turn of the rule taken), then the rule's plan.
                yield technician == null || technician.rings().isEmpty() ? plan
                        : new Decision.RingMembers(List.of(technician.rings().get()), true, plan, null);
            }
            case IVR -> new Decision.PlayMenu(rule.ivrMenuId());
            case BUSINESS_HOURS -> {
                var schedule = rule.scheduleId() == null ? s.businessHours() : s.schedules().get(rule.scheduleId());
                var open = schedule != null && schedule.isOpen(call.at());
                trace.add("rule '" + rule.name() + "': " + (open ? "open" : "closed"));
                yield follow(open ? rule.openTarget() : rule.closedTarget(), call, s, trace, visited, depth + 1);
            }
            case CONDITIONAL -> {
                if (matches(rule, call, s)) {
                    yield follow(rule.matchTarget(), call, s, trace, visited, depth + 1);
                }
                // Reached from a menu key, another rule or a transfer (the rules in order skip it before): say so, or where
                // the call went next reads as if the rule had sent it there.
                trace.add("this call does not match rule '" + rule.name() + "'");
                yield noAnswer(rule, call, s, trace, visited, depth);
            }
        };
    }

    /** The caller's technician, and where to ring them first (empty when they cannot take the call now). */
    private record Technician(TeamMember member, Optional<Decision.Ring> rings) {
    }

    /**
     * For a rule that rings the caller's technician first: the member the caller's open job is assigned to, whether or not
     * they are among the rule's members (the technician of the job knows it, even when they are not in the office's rule),
     * and their ring when they can take the call now, by the same checks as every member (vacation, do-not-disturb,
     * status, state, concurrent-call limit, extension disabled, a phone to ring), for their own ring timeout. Null when
     * there is nobody to ring first (not a customer, no open job, nobody assigned, or no longer in the directory), with
     * the reason in the trace.
     */
    private static Technician technicianFirst(RoutingRule rule, Call call, RoutingSnapshot s, List<String> trace) {
        var job = call.openJob();
        if (job == null) {
            trace.add("rule '" + rule.name() + "' rings the caller's technician first, but "
                    + (call.transfer() ? "not for a transfer, which goes where it is sent"
                            : call.knownCustomer() ? "the caller has no open job" : "the caller is not a known customer")
                    + ": its members as usual");
            return null;
        }
        var about = "caller is customer '" + job.customerName() + "' with open job '" + job.jobTitle() + "'"
                + (job.sharedBy() > 1 ? " (the most recently updated open job of the " + job.sharedBy() + " customers with this number)" : "");
        if (job.memberId() == null) {
            trace.add(about + " assigned to nobody: rule '" + rule.name() + "' as usual");
            return null;
        }
        var m = member(s, job.memberId()).orElse(null);
        if (m == null) {
            trace.add(about + " assigned to a member no longer in the directory: rule '" + rule.name() + "' as usual");
            return null;
        }
        var lines = new Trace();
        var rings = ringable(List.of(m), Duration.ofSeconds(m.ringTimeoutSeconds()), call, s, lines, 1);
        if (trace instanceof Trace t) {
            t.skipped.addAll(lines.skipped);
        }
        if (rings.isEmpty()) {
            trace.add(about + " assigned to " + m.name() + ": not ringing " + m.name() + " first");
            trace.addAll(lines);
            trace.add("rule '" + rule.name() + "' as usual");
            return new Technician(m, Optional.empty());
        }
        trace.add(about + " assigned to " + m.name() + ": ringing " + m.name() + " first");
        trace.addAll(lines);
        trace.add("then rule '" + rule.name() + "'" + (rule.memberIds().contains(m.id()) ? " without " + m.name() : ""));
        return new Technician(m, Optional.of(rings.getFirst()));
    }

    private static Decision.Action noAnswer(RoutingRule rule, Call call, RoutingSnapshot s, List<String> trace, Set<UUID> visited, int depth) {
        if (rule.isTeam()) {
            // The general voicemail as the phone settings have it: a hang-up message when voicemail is off (a VOICEMAIL
            // target is taken as it is, and would take a message the company said it does not take).
            return generalVoicemail(s, trace);
        }
        if (rule.noAnswerTarget() != null) {
            var action = follow(rule.noAnswerTarget(), call, s, trace, visited, depth + 1);
            // A hang-up reached because nobody answered (or nobody could take the call) is a missed call, not one
            // the routing refused.
            return action instanceof Decision.Hangup h ? new Decision.Hangup(h.message(), false) : action;
        }
        if (rule.voicemailEnabled()) {
            var single = rule.type() == RuleType.DIRECT && rule.memberIds().size() == 1 ? rule.memberIds().getFirst() : null;
            return new Decision.Voicemail(single);
        }
        return new Decision.Hangup("Sorry, nobody is available to take your call. Please try again later.");
    }

    /** Where a target leads now (for IVR choices made during a call); the trace gets the reasons. */
    public static Decision.Action resolve(Target target, Call call, RoutingSnapshot s, List<String> trace) {
        return follow(target, call, s, trace, new HashSet<>(), 0);
    }

    /**
     * As {@link #resolve}, as a decision of its own: where a menu key would lead this call, with the trace and the members
     * skipped on the way (what the what-if page shows for each key).
     */
    public static Decision resolved(Target target, Call call, RoutingSnapshot s) {
        var trace = new Trace();
        var action = resolve(target, call, s, trace);
        return new Decision(null, action, null, false, trace, trace.skipped);
    }

    /**
     * Rings one member now (their direct line, dial-by-extension, a target naming them), with their voicemail when they cannot
     * or do not answer; the trace says where the call goes. A call to an extension that was disabled, or a menu key to a
     * member who was offline, ended at "skipped Lena Novak: extension disabled", saying nothing of the voicemail the caller
     * then reached (only the direct line said it). The vacation auto-reply says it itself.
     */
    public static Decision.Action ringMember(TeamMember m, Call call, RoutingSnapshot s, List<String> trace) {
        var action = ringOne(m, Duration.ofSeconds(m.ringTimeoutSeconds()), new Decision.Voicemail(m.id()), call, s, trace);
        if (action instanceof Decision.RingMembers) {
            trace.add("if nobody answers: the voicemail of " + m.name());
        } else if (action instanceof Decision.Voicemail v && v.notice() == null) {
            trace.add("to the voicemail of " + m.name());
        }
        return action;
    }

    /** The general voicemail, or a hang-up message when voicemail is off. */
    public static Decision.Action fallback(RoutingSnapshot s, List<String> trace) {
        return generalVoicemail(s, trace);
    }

    private static Decision.Action follow(Target target, Call call, RoutingSnapshot s, List<String> trace, Set<UUID> visited, int depth) {
        if (target == null) {
            return generalVoicemail(s, trace);
        }
        return switch (target.kind()) {
            case MEMBER -> member(s, target.memberId())
                    .map(m -> ringMember(m, call, s, trace))
                    .orElseGet(() -> {
                        trace.add("target member " + target.memberId() + " no longer exists");
                        return generalVoicemail(s, trace);
                    });
            case RULE -> rule(s, target.ruleId()).map(r -> {
                if (!r.enabled()) {
                    trace.add("target rule '" + r.name() + "' is disabled");
                    int before = trace.size();
                    var action = noAnswer(r, call, s, trace, visited, depth);
                    if (trace.size() == before) {
                        // Its voicemail or hang-up says nothing itself: the trace of an after-hours menu whose rule was
                        // disabled ended at "is disabled", not saying the caller was sent to voicemail instead.
                        trace.add("so to its no-answer target: " + said(action, s));
                    }
                    return action;
                }
                trace.add("on to rule '" + r.name() + "'");
                return apply(r, call, s, trace, visited, depth + 1);
            }).orElseGet(() -> {
                trace.add("target rule " + target.ruleId() + " no longer exists");
                return generalVoicemail(s, trace);
            });
            // The general voicemail as the phone settings have it (off: a hang-up message); a member's box is asked for by name
            // (said: "menu 'Main': pressed 2" ended the trace of a caller sent to the billing box).
            case VOICEMAIL -> {
                if (target.memberId() == null) {
                    yield generalVoicemail(s, trace);
                }
                trace.add("to " + s.describe(target));
                yield new Decision.Voicemail(target.memberId());
            }
            case EXTERNAL_NUMBER -> {
                // Said, as a member's ring is: the trace of a rule whose no-answer target is the answering service read "if
                // nobody answers: as planned", and a menu key to an outside number said nothing of where the call went.
                var after = new ArrayList<String>();
                var noAnswer = generalVoicemail(s, after);
                trace.add("forward to " + target.number() + " for 30 s; if nobody answers there: " + String.join(", ", after));
                yield new Decision.Forward(target.number(), Duration.ofSeconds(30), noAnswer);
            }
            case HANGUP -> new Decision.Hangup(target.message(), true);
            case MAILBOX -> {
                trace.add("voicemail access");
                yield new Decision.MailboxLogin(null);
            }
            case QUEUE -> {
                trace.add("to " + s.queueName(target.queueId()));
                yield new Decision.Enqueue(target.queueId());
            }
        };
    }

    private static Decision.Action ringOne(TeamMember m, Duration timeout, Decision.Action noAnswer, Call call, RoutingSnapshot s,
            List<String> trace) {
        var rings = ringable(List.of(m), timeout, call, s, trace, 1);
        if (!rings.isEmpty()) {
            return new Decision.RingMembers(rings, true, noAnswer, null);
        }
        if (noAnswer instanceof Decision.Voicemail v && m.id().equals(v.memberId()) && v.notice() == null) {
            // Away on vacation with an auto-reply: the caller hears it before the member's voicemail greeting.
            var vacation = s.live().now(List.of(m)).stream().map(TeamMember::availability)
                    .filter(a -> a.onVacation(call.at(), s.zone())).map(dev.switchboard.directory.Availability::vacation)
                    .filter(x -> x.autoReply() && x.message() != null).findFirst();
            if (vacation.isPresent()) {
                trace.add(m.name() + "'s vacation auto-reply, then their voicemail");
                return new Decision.Voicemail(m.id(), vacation.get().message());
            }
        }
        return noAnswer;
    }

    /**
     * The members who can take the call now, in the given order, each with where to ring; the others in the
     * trace. Their availability is read now, a few members at a time: a sequential ring stops reading once it
     * has {@code limit} phones to ring (about twice as many members as it still needs, each time), so a
     * round robin over a large team reads only the members its call may reach.
     */
    private static List<Decision.Ring> ringable(List<TeamMember> members, Duration timeout, Call call, RoutingSnapshot s,
            List<String> trace, int limit) {
        var rings = new ArrayList<Decision.Ring>();
        int read = 0;
        while (read < members.size() && rings.size() < limit) {
            int batch = limit == Integer.MAX_VALUE ? members.size() : Math.max(4, 2 * (limit - rings.size()));
            var slice = members.subList(read, (int) Math.min(members.size(), (long) read + batch));
            var chunk = s.live().now(slice);
            if (!call.holding().isEmpty()) {
                // This call's own stale ring is among their calls: it is not claimed again (see the call's holding).
                chunk = chunk.stream().map(m -> call.holding().contains(m.id()) && m.availability().activeCalls() > 0
                        ? m.withAvailability(m.availability().withActiveCalls(m.availability().activeCalls() - 1)) : m).toList();
            }
            var now = new java.util.HashMap<UUID, TeamMember>();
            chunk.forEach(m -> now.put(m.id(), m));
            var report = Eligibility.evaluate(chunk, call.at(), s.zone());
            var eligible = new HashSet<UUID>();
            report.eligible().forEach(e -> eligible.add(e.memberId()));
            var excluded = new java.util.HashMap<UUID, Decision.Skipped>();
            report.excluded().forEach(x -> excluded.put(x.memberId(),
                    new Decision.Skipped(x.memberId(), x.name(), Decision.SkipReason.of(x.reason()), x.until(), x.detail())));
            int start = read;
            read += slice.size();
            for (int i = 0; i < slice.size(); i++) {
                if (rings.size() >= limit) {
                    read = start + i;
                    break;
                }
                var m = now.get(slice.get(i).id());
                if (m == null) {
                    skip(trace, new Decision.Skipped(slice.get(i).id(), slice.get(i).name(), Decision.SkipReason.NOT_IN_DIRECTORY, null,
                            "no longer in the directory"));
                    continue;
                }
                if (excluded.containsKey(m.id())) {
                    skip(trace, excluded.get(m.id()));
                }
                if (!eligible.contains(m.id())) {
                    continue;
                }
                var destinations = destinations(m);
                if (destinations.isEmpty()) {
                    // A forwarding number typed but "Forward calls" left off is no phone either: said so, not "no number".
                    skip(trace, new Decision.Skipped(m.id(), m.name(), Decision.SkipReason.NO_PHONE, null, m.callForwardingNumber() != null
                            ? "no phone (forwarding to their number is turned off, and no SIP address)"
                            : "no phone (no SIP address or forwarding number)"));
                    continue;
                }
                boolean confirm = confirmsForwarded(m, destinations);
                trace.add("ring " + m.name() + " at " + String.join(" and ", destinations) + " for " + timeout.toSeconds() + " s"
                        + (confirm ? " (whoever answers on " + m.callForwardingNumber().e164() + " must press 1)" : ""));
                rings.add(new Decision.Ring(m.id(), m.name(), destinations, timeout, confirm));
            }
        }
        int notTried = members.size() - read;
        if (notTried > 0) {
            trace.add(notTried + " more member(s) not tried: at most " + limit + " are rung in turn on one call");
        }
        return rings;
    }

    /**
     * Whether whoever answers member {@code m}'s forwarding number, among the {@code destinations} rung for them, is
     * asked to press 1 before the caller is put through: their own setting, when that number is rung at all.
     */
    public static boolean confirmsForwarded(TeamMember m, List<String> destinations) {
        return m.confirmForwardedCalls() && m.callForwardingNumber() != null && destinations.contains(m.callForwardingNumber().e164());
    }

    /** Where a member's phone rings ({@link TeamMember#phonesRung}: what My status tells them too). */
    public static List<String> destinations(TeamMember m) {
        return new ArrayList<>(m.phonesRung());
    }

    private static List<TeamMember> rotate(List<TeamMember> members, RoutingRule rule) {
        if (members.isEmpty()) {
            return members;
        }
        int start = Math.floorMod(rule.roundRobinNext(), members.size());
        var rotated = new ArrayList<TeamMember>(members.subList(start, members.size()));
        rotated.addAll(members.subList(0, start));
        return rotated;
    }

    private static boolean matches(RoutingRule rule, Call call, RoutingSnapshot s) {
        return rule.conditions() != null && rule.conditions().matches(
                new Conditions.Call(call.from(), call.dialled(), call.knownCustomer(), call.customerTags(), call.at()), s.zone());
    }

    /** Where {@code action} sends the call, in the trace's words, for an action whose own lines say nothing of it. */
    private static String said(Decision.Action action, RoutingSnapshot s) {
        return switch (action) {
            case Decision.Voicemail v when v.memberId() == null -> "general voicemail";
            case Decision.Voicemail v -> "the voicemail of " + member(s, v.memberId()).map(TeamMember::name).orElse("the member");
            case Decision.Hangup h -> "hang up with a message";
            default -> "as planned";
        };
    }

    private static Decision.Action generalVoicemail(RoutingSnapshot s, List<String> trace) {
        if (!s.settings().voicemailEnabled()) {
            trace.add("voicemail is off: hang up with a message");
            return new Decision.Hangup("Sorry, we cannot take your call right now. Please call again later.");
        }
        trace.add("general voicemail");
        return new Decision.Voicemail(null);
    }

    private static Optional<Holiday> holiday(dev.switchboard.schedule.HolidayRule rule, RoutingSnapshot s) {
        return s.holidays().stream().filter(h -> h.id().equals(rule.id()) || h.rule() == rule).findFirst();
    }

    private static Optional<TeamMember> member(RoutingSnapshot s, UUID id) {
        return s.members().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private static Optional<RoutingRule> rule(RoutingSnapshot s, UUID id) {
        return s.rules().stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
