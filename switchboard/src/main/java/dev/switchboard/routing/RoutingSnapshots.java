package dev.switchboard.routing;

import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.schedule.Holidays;
import dev.switchboard.schedule.Schedule;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the current company's {@link RoutingSnapshot} and decides calls with it: for the call engine,
 * and for "what would happen to a call from X to Y at this instant?" (the simulation API).
 */
@Service
public class RoutingSnapshots {

    private final Companies companies;
    private final Members members;
    private final Customers customers;
    private final Jobs jobs;
    private final Schedules schedules;
    private final Holidays holidays;
    private final RoutingStore store;
    private final PhoneSettings settings;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<QueueReferences> queues;

    RoutingSnapshots(Companies companies, Members members, Customers customers, Jobs jobs, Schedules schedules, Holidays holidays,
            RoutingStore store, PhoneSettings settings, Clock clock, org.springframework.beans.factory.ObjectProvider<QueueReferences> queues) {
        this.queues = queues;
        this.companies = companies;
        this.members = members;
        this.customers = customers;
        this.jobs = jobs;
        this.schedules = schedules;
        this.holidays = holidays;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The configuration part of a snapshot, cached briefly per company: members without their
     * availability (which is always read fresh), rules without their round-robin pointers (likewise).
     */
    private record Config(dev.switchboard.tenancy.Company company, java.util.List<dev.switchboard.directory.TeamMember> members,
            Schedule businessHours, java.util.List<dev.switchboard.schedule.Holiday> holidays,
            java.util.List<RoutingRule> rules, java.util.List<IvrMenu> menus, java.util.Map<UUID, Schedule> schedules,
            PhoneSettings.Settings settings, java.util.Map<UUID, String> queueNames, Instant expires) {
    }

    /**
     * How long a copy of the configuration is used: changes made on this node drop it at once
     * ({@link dev.switchboard.tenancy.ConfigurationChanged}), changes made on another as soon as this node hears of them
     * ({@link dev.switchboard.tenancy.ConfigurationChangedOnAnyNode}); this bounds how stale it can be when that signal
     * is lost (the listening connection down).
     */
    static final java.time.Duration CONFIG_TTL = java.time.Duration.ofSeconds(2);

    private final java.util.concurrent.ConcurrentHashMap<dev.switchboard.shared.CompanyId, Config> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** First among the listeners: those that act on the change (queues dispatching callers) read the new configuration. */
    @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    void changed(dev.switchboard.tenancy.ConfigurationChanged event) {
        generation.incrementAndGet();
        cache.remove(event.companyId());
    }

    /**
     * A change committed on any node (heard over the database within milliseconds): this node's copy goes too, so a call
     * it handles next follows the change made elsewhere, not only once {@link #CONFIG_TTL} has passed.
     */
    @org.springframework.context.event.EventListener
    void changedOnAnyNode(dev.switchboard.tenancy.ConfigurationChangedOnAnyNode event) {
        generation.incrementAndGet();
        cache.keySet().removeIf(event::concerns);
    }

    /**
     * Counts the changes heard: a copy read while one arrived may hold what was there before it, and is not kept (the
     * change's drop could have come between the read and the keeping).
     */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    @Transactional(readOnly = true)
    public RoutingSnapshot current() {
        // Availability and round-robin pointers move with every call: always read fresh (availability when needed).
        return snapshot(config(), store.roundRobinPointers());
    }

    private Config config() {
        var company = dev.switchboard.platform.TenantContext.require();
        var now = clock.instant();
        var config = cache.get(company);
        if (config == null || !now.isBefore(config.expires())) {
            long seen = generation.get();
            var businessHours = schedules.companySchedule();
            var named = new HashMap<UUID, Schedule>();
            // A rule may name the business hours by their id (the schedules' list gives it, beside the named ones): that is
            // the business hours as a rule naming none follows them, overrides and holidays included (left out, the rule
            // read as closed at every hour).
            schedules.list().forEach(h -> named.put(h.id(), h.isDefault() ? businessHours : schedules.schedule(h.id())));
            var team = members.list();
            var phone = settings.current();
            // The company's rules in order, then what its default strategy does with a call none of them takes: ring the
            // team, or (no team rule) the general voicemail, where the decision ends when no rule applies.
            var rules = new java.util.ArrayList<>(store.rules());
            if (phone.defaultStrategy().ringType() != null) {
                rules.add(RoutingRule.team(phone.defaultStrategy().ringType(), team, phone.recordingDefault(), phone.defaultRingSeconds()));
            }
            // Queue names for the trace, cached with the rest (a queue's change is audited, which drops the cache).
            var queueNames = new HashMap<UUID, String>();
            queues.ifAvailable(q -> q.queueChoices().forEach(c -> queueNames.put(c.id(), c.name())));
            config = new Config(companies.current(), team, businessHours,
                    holidays.list().stream().map(Holidays.Listed::holiday).toList(), java.util.List.copyOf(rules), store.menus(), named,
                    phone, java.util.Map.copyOf(queueNames), now.plus(CONFIG_TTL));
            cache.put(company, config);
            if (generation.get() != seen) {
                cache.remove(company, config); // a change was heard meanwhile: used for this call only
            }
        }
        return config;
    }

    private RoutingSnapshot snapshot(Config config, java.util.Map<UUID, Integer> pointers) {
        var rules = config.rules().stream().map(r -> pointers.containsKey(r.id()) && pointers.get(r.id()) != r.roundRobinNext()
                ? r.withRoundRobinNext(pointers.get(r.id())) : r).toList();
        return new RoutingSnapshot(config.company().timezone(), config.members(), config.businessHours(), config.holidays(), rules,
                config.menus(), config.schedules(), config.settings(), this::live, config.queueNames());
    }

    /** {@code team} with its availability read now, in the same order; members deleted since the configuration was read are left out. */
    private java.util.List<dev.switchboard.directory.TeamMember> live(java.util.List<dev.switchboard.directory.TeamMember> team) {
        var now = members.availabilityOf(team.stream().map(dev.switchboard.directory.TeamMember::id).toList());
        return team.stream().filter(m -> now.containsKey(m.id())).map(m -> m.withAvailability(now.get(m.id()))).toList();
    }

    /**
     * The decision for a real incoming call, the customers the caller's number belongs to, and the open job routing went by
     * (null when there is none): the job the call is linked to, with its customer, and whose technician a rule may ring first.
     */
    /**
     * @param directLineOf the member whose direct line was dialled, else null: the call is theirs to see whatever it did (it
     *         may ring nobody and leave no message), kept with the call since the line may later be another's
     */
    public record Incoming(Decision decision, java.util.List<dev.switchboard.directory.Customer> known, Router.OpenJob openJob,
            UUID directLineOf) {
    }

    /**
     * The open job of the caller: the latest open one ({@link Jobs#latestOpen(java.util.Collection)}) among the jobs of every
     * customer who has the number, the one the call log links to as well (with its customer). One query, only when the
     * caller is a customer.
     */
    private Router.OpenJob openJob(java.util.List<dev.switchboard.directory.Customer> known) {
        if (known.isEmpty()) {
            return null;
        }
        return jobs.latestOpen(known.stream().map(dev.switchboard.directory.Customer::id).toList())
                .flatMap(j -> known.stream().filter(c -> c.id().equals(j.customerId())).findFirst()
                        .map(c -> new Router.OpenJob(c.name(), j.id(), j.title(), j.assignedMemberId(), c.id(), known.size())))
                .orElse(null);
    }

    /**
     * The decision for a real incoming call. Unlike {@link #simulate}, a caller id that is not a phone
     * number (withheld, "anonymous", a SIP address, a malformed one) is taken as it came, as an unknown
     * caller: every call gets an answer.
     */
    @Transactional(readOnly = true)
    public Incoming decideIncoming(String from, String to, Instant at) {
        var config = config();
        var region = config.company().defaultRegion();
        String caller = from == null ? "unknown" : from;
        java.util.List<dev.switchboard.directory.Customer> known = java.util.List.of();
        try {
            var parsed = PhoneNumber.parse(from, region);
            caller = parsed.e164();
            known = customers.findByNumber(parsed);
        } catch (IllegalArgumentException | NullPointerException e) {
            // not a callable number: an unknown caller
        }
        String dialled;
        try {
            dialled = PhoneNumber.parse(to, region).e164();
        } catch (IllegalArgumentException | NullPointerException e) {
            dialled = to;
        }
        var tags = new HashSet<String>();
        known.forEach(c -> tags.addAll(c.tags()));
        var snapshot = snapshot(config, store.roundRobinPointers());
        var job = openJob(known);
        return new Incoming(Router.decide(new Router.Call(caller, dialled, !known.isEmpty(), tags, at == null ? clock.instant() : at, job),
                snapshot), known, job, snapshot.memberWithDirectLine(dialled).map(dev.switchboard.directory.TeamMember::id).orElse(null));
    }

    /**
     * The rotation of round-robin rule {@code ruleId} as it stands now, for a call about to ring
     * {@code members}: the members' positions from the cached configuration, the pointer read fresh (one
     * row, never locked: it is shared by every call of the rule). Empty when the rule is gone or none of
     * {@code members} is in it.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<RoutingRules.Turn> turn(UUID ruleId, java.util.Collection<UUID> members) {
        var rule = config().rules().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElse(null);
        if (rule == null || rule.memberIds().isEmpty() || members.isEmpty()) {
            return java.util.Optional.empty();
        }
        var positions = new HashMap<UUID, Integer>();
        for (int i = 0; i < rule.memberIds().size(); i++) {
            if (members.contains(rule.memberIds().get(i))) {
                positions.put(rule.memberIds().get(i), i);
            }
        }
        int size = rule.memberIds().size();
        return positions.isEmpty() ? java.util.Optional.empty()
                : store.roundRobinPointer(ruleId).map(pointer -> new RoutingRules.Turn(Math.floorMod(pointer, size), size, positions));
    }

    /** The company's time zone, from the cached configuration. */
    @Transactional(readOnly = true)
    public java.time.ZoneId timezone() {
        return config().company().timezone();
    }

    /** The company's phone settings (rates, billing increment...), from the cached configuration. */
    @Transactional(readOnly = true)
    public PhoneSettings.Settings phoneSettings() {
        return config().settings();
    }

    /**
     * What the company's routing would do with a call from {@code from} (none: a withheld number, as the what-if page
     * allows) to {@code to}, one of the company's numbers, at {@code at} (now when null). As {@link #whatIf}.
     */
    @Transactional(readOnly = true)
    public Decision simulate(String from, String to, Instant at) {
        return whatIf(from, to, at).decision();
    }

    /**
     * A simulated call as the what-if page shows it: the decision, the customers the caller's number belongs to, the call
     * as routing saw it (for the menu keys: {@link Router#resolve} with the same facts) and the snapshot it was decided on
     * (for names of members, rules, menus and the schedule's reasons), so the page explains the decision without deciding
     * anything itself.
     */
    public record WhatIf(Decision decision, java.util.List<dev.switchboard.directory.Customer> known, Router.Call call,
            RoutingSnapshot snapshot) {
    }

    /** The caller id of a withheld number, as a call from one arrives. */
    public static final String WITHHELD = "anonymous";

    /**
     * A simulated call: {@code from} null or blank is a caller whose number is withheld ({@link #WITHHELD}), an unknown
     * caller as a real call takes one; {@code to} must be one of the company's numbers (a business number or a member's
     * direct line), since no call to another number ever reaches its routing.
     *
     * @throws InvalidInputException naming {@code from} or {@code to} when one is not a phone number, or {@code to} when it
     *     is not one of the company's numbers
     */
    @Transactional(readOnly = true)
    public WhatIf whatIf(String from, String to, Instant at) {
        var company = companies.current();
        var region = company.defaultRegion();
        String caller = WITHHELD;
        String dialled;
        if (from != null && !from.isBlank()) {
            try {
                caller = PhoneNumber.parse(from, region).e164();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("from", "e164", e.getMessage());
            }
        }
        if (to == null || to.isBlank()) {
            throw new InvalidInputException("to", "required", "the number dialled is required: one of the company's numbers");
        }
        try {
            dialled = PhoneNumber.parse(to, region).e164();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("to", "e164", e.getMessage());
        }
        var snapshot = current();
        if (company.businessNumbers().stream().noneMatch(n -> n.e164().equals(dialled)) && snapshot.memberWithDirectLine(dialled).isEmpty()) {
            throw new InvalidInputException("to", "own-number", "'" + to + "' is not one of the company's numbers (its business "
                    + "numbers and its members' direct lines)");
        }
        var known = caller.equals(WITHHELD) ? java.util.List.<dev.switchboard.directory.Customer>of()
                : customers.findByNumber(new PhoneNumber(caller));
        var tags = new HashSet<String>();
        known.forEach(c -> tags.addAll(c.tags()));
        var call = new Router.Call(caller, dialled, !known.isEmpty(), tags, at == null ? clock.instant() : at, openJob(known));
        return new WhatIf(Router.decide(call, snapshot), known, call, snapshot);
    }
}
