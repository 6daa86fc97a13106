package dev.switchboard.schedule;

import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Warning;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Business hours and other named schedules of the current company, their overrides, and the
 * {@link Schedule} to evaluate them with.
 */
@Service
public class Schedules {

    static final int MAX_RANGES = 70;
    static final Duration MAX_OVERRIDE = Duration.ofDays(60);

    private final JdbcClient jdbc;
    private final Companies companies;
    private final Holidays holidays;
    private final AuditLog audit;
    private final Clock clock;

    private final org.springframework.beans.factory.ObjectProvider<RoutingRuleLookup> rules;

    Schedules(JdbcClient jdbc, Companies companies, Holidays holidays, AuditLog audit, Clock clock,
            org.springframework.beans.factory.ObjectProvider<RoutingRuleLookup> rules) {
        this.rules = rules;
        this.jdbc = jdbc;
        this.companies = companies;
        this.holidays = holidays;
        this.audit = audit;
        this.clock = clock;
    }

    /** A weekly range as typed: day name, start and end ({@code 24:00} allowed as an end). */
    public record RangeInput(@io.swagger.v3.oas.annotations.media.Schema(implementation = java.time.DayOfWeek.class) String day, String start, String end) {
    }

    /**
     * A refused range's problem as a form shows it, once beside the whole day: which of its times is wrong, since the
     * message alone ("is required, such as 08:00") does not say. {@code ranges[2].start} gives "Opening time is
     * required, such as 08:00"; {@code ranges[2].end} "Closing time: '25:00' is not a time such as 08:00"; a problem
     * with the range as a whole (empty, or an overlap) is shown as it is.
     */
    public static String problemBesideTheDay(String field, String message) {
        var which = field.endsWith(".start") ? "Opening time" : field.endsWith(".end") ? "Closing time" : null;
        if (which == null || message == null) {
            return message;
        }
        if (message.startsWith("is ") || message.startsWith("must ")) {
            return which + " " + message;
        }
        return message.startsWith("'") ? which + ": " + message : message;
    }

    /** A schedule's stored form. {@code id} is null for business hours that were never set. */
    /**
     * Weekly ranges. {@code configured}: whether they were ever saved; business hours never set count as always open,
     * saved without ranges as always closed (a named schedule is always configured).
     */
    public record Hours(UUID id, String name, boolean isDefault, List<OpenRange> ranges, boolean configured) {
    }

    /** What saving hours returned: the hours and any warnings. */
    public record Saved(Hours hours, List<Warning> warnings) {
    }

    /** The company's business hours (its default schedule). */
    @Transactional(readOnly = true)
    public Hours businessHours() {
        return defaultId().map(this::hours).orElse(new Hours(null, "Business hours", true, List.of(), false));
    }

    @Transactional(readOnly = true)
    public Hours hours(UUID scheduleId) {
        var company = TenantContext.require().value();
        var row = jdbc.sql("select name, is_default, hours_set from schedules where company_id = :c and id = :id")
                .param("c", company).param("id", scheduleId)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)}).optional()
                .orElseThrow(() -> new NotFoundException("schedule", scheduleId));
        var ranges = jdbc.sql("select day, start_minute, length_minutes from schedule_ranges where company_id = :c and schedule_id = :id order by position")
                .param("c", company).param("id", scheduleId)
                .query((rs, n) -> new OpenRange(java.time.DayOfWeek.valueOf(rs.getString(1)), rs.getInt(2), rs.getInt(3)))
                .list();
        boolean isDefault = (Boolean) row[1];
        return new Hours(scheduleId, (String) row[0], isDefault, ranges, !isDefault || (Boolean) row[2]);
    }

    @Transactional(readOnly = true)
    public List<Hours> list() {
        return jdbc.sql("select id from schedules where company_id = :c order by is_default desc, lower(name)")
                .param("c", TenantContext.require().value()).query(UUID.class).list()
                .stream().map(this::hours).toList();
    }

    /** Sets the company's business hours, creating its default schedule the first time; its name is kept. */
    @Transactional
    public Saved setBusinessHours(Actor actor, List<RangeInput> ranges) {
        return setBusinessHours(actor, null, ranges);
    }

    /**
     * Sets the company's business hours, creating its default schedule the first time, and names them {@code name} (as
     * {@link #update} of the default schedule does: the one name it has, shown in the list of schedules a business-hours
     * rule follows); a name left out (null or blank) keeps theirs.
     */
    @Transactional
    public Saved setBusinessHours(Actor actor, String name, List<RangeInput> ranges) {
        Companies.requireConfigureOf(actor);
        boolean keepName = name == null || name.isBlank();
        InvalidInputException.all(() -> {
            if (!keepName) {
                checkName(name);
            }
        }, () -> parse(ranges));
        var parsed = parse(ranges);
        lockNames();
        var id = defaultId().orElseGet(() -> insertSchedule(freeName("Business hours"), true));
        var before = hours(id);
        if (!keepName) {
            refuseTakenName(id, checkName(name));
            jdbc.sql("update schedules set name = :n, updated_at = :now where company_id = :c and id = :id")
                    .param("n", checkName(name)).param("now", Timestamp.from(clock.instant()))
                    .param("c", TenantContext.require().value()).param("id", id).update();
        }
        writeRanges(id, parsed);
        var after = hours(id);
        audit.record(actor, "business_hours", id, "update", view(before), view(after));
        return new Saved(after, warnings(after, ranges));
    }

    /** A named schedule for a routing rule. */
    @Transactional
    public Saved create(Actor actor, String name, List<RangeInput> ranges) {
        Companies.requireConfigureOf(actor);
        InvalidInputException.all(() -> checkName(name), () -> parse(ranges));
        var n = checkName(name);
        var parsed = parse(ranges);
        lockNames();
        refuseTakenName(null, n);
        var id = insertSchedule(n, false);
        writeRanges(id, parsed);
        var after = hours(id);
        audit.record(actor, "schedule", id, "create", null, view(after));
        return new Saved(after, warnings(after, ranges));
    }

    @Transactional
    public Saved update(Actor actor, UUID id, String name, List<RangeInput> ranges) {
        Companies.requireConfigureOf(actor);
        var before = hours(id);
        boolean keepName = before.isDefault() && (name == null || name.isBlank());
        InvalidInputException.all(() -> {
            if (!keepName) {
                checkName(name);
            }
        }, () -> parse(ranges));
        var n = keepName ? before.name() : checkName(name);
        var parsed = parse(ranges);
        lockNames();
        refuseTakenName(id, n);
        jdbc.sql("update schedules set name = :n, updated_at = :now where company_id = :c and id = :id")
                .param("n", n).param("now", Timestamp.from(clock.instant()))
                .param("c", TenantContext.require().value()).param("id", id).update();
        writeRanges(id, parsed);
        var after = hours(id);
        audit.record(actor, "schedule", id, "update", view(before), view(after));
        return new Saved(after, warnings(after, ranges));
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        var before = hours(id);
        if (before.isDefault()) {
            throw new InvalidInputException("id", "default", "the business hours cannot be deleted; clear their ranges instead");
        }
        var lookup = rules.getIfAvailable();
        if (lookup != null) {
            // Before the rules are read: a rule save in progress (it holds this lock from its checks to its commit) is
            // waited for and then seen, and one that starts now waits for this delete and then finds the schedule gone.
            lookup.lockReferences();
        }
        var using = lookup == null ? java.util.List.<String>of() : lookup.rulesUsingSchedule(id);
        if (!using.isEmpty()) {
            throw new dev.switchboard.platform.ConflictException("id", "in_use", "the schedule is followed by routing rule(s) "
                    + using.stream().map(n -> "'" + n + "'").collect(java.util.stream.Collectors.joining(", ")) + "; change those first");
        }
        jdbc.sql("delete from schedules where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).update();
        audit.record(actor, "schedule", id, "delete", view(before), null);
    }

    /** The company's business hours with holidays and current overrides, ready to evaluate. */
    @Transactional(readOnly = true)
    public Schedule companySchedule() {
        var hours = businessHours();
        return new Schedule(companies.current().timezone(), hours.ranges(), hours.configured(),
                holidays.rules(), hours.id() == null ? List.of() : overrides(hours.id(), clock.instant()));
    }

    /**
     * A named schedule with the company's holidays, ready to evaluate (for business-hours routing rules).
     * A schedule saved without ranges is always closed, as its save warned; only business hours never
     * set count as always open.
     */
    @Transactional(readOnly = true)
    public Schedule schedule(UUID id) {
        var hours = hours(id);
        return new Schedule(companies.current().timezone(), hours.ranges(), hours.configured(),
                holidays.rules(), overrides(id, clock.instant()));
    }

    // --- overrides ---

    /** Closes the business now until {@code until}, for {@code reason}, callers hearing {@code greeting} (optional). */
    @Transactional
    public ScheduleOverride closeUntil(Actor actor, Instant until, String reason, String greeting) {
        Companies.requireConfigureOf(actor);
        var now = clock.instant();
        if (until == null) {
            throw new InvalidInputException("until", "required", "must be an instant such as 2026-11-25T14:00:00Z");
        }
        if (!until.isAfter(now)) {
            throw new InvalidInputException("until", "future", "must be in the future");
        }
        if (until.isAfter(now.plus(MAX_OVERRIDE))) {
            throw new InvalidInputException("until", "range", "must be at most 60 days away; add a holiday for longer");
        }
        return addOverride(actor, false, now, until, checkReason(reason), checkGreeting(false, greeting));
    }

    /** How far ahead an override can be set to start: a year, as far as a holiday is planned. */
    static final Duration MAX_OVERRIDE_AHEAD = Duration.ofDays(366);

    /**
     * Opens ({@code open}) or closes the business from {@code from} (now when null) until {@code until}: "open this Saturday
     * from 9:00 to 13:00", "closed tomorrow from 12:00 for the staff party". One starting now ends those in effect, as
     * {@link #closeUntil} does; one set ahead is refused when it would overlap another override not yet over (the message
     * names it), and changes nothing until it starts.
     */
    @Transactional
    public ScheduleOverride setBetween(Actor actor, boolean open, Instant from, Instant until, String reason, String greeting) {
        Companies.requireConfigureOf(actor);
        var now = clock.instant();
        if (until == null) {
            throw new InvalidInputException("until", "required", "must be an instant such as 2026-11-25T14:00:00Z");
        }
        if (from != null && from.isBefore(now.minus(Duration.ofMinutes(1)))) {
            throw new InvalidInputException("from", "future", "must be now or later (leave it out for now)");
        }
        var start = from == null || from.isBefore(now) ? now : from;
        if (start.isAfter(now.plus(MAX_OVERRIDE_AHEAD))) {
            throw new InvalidInputException("from", "range", "must be at most a year away");
        }
        if (!until.isAfter(start)) {
            throw new InvalidInputException("until", "order", from == null ? "must be in the future" : "must be after from");
        }
        if (until.isAfter(start.plus(MAX_OVERRIDE))) {
            throw new InvalidInputException("until", "range", "must be at most 60 days after it starts; add a holiday for longer");
        }
        var checkedReason = checkReason(reason);
        var checkedGreeting = checkGreeting(open, greeting);
        if (!start.isAfter(now)) {
            return addOverride(actor, open, now, until, checkedReason, checkedGreeting);
        }
        lockOverrides();
        var formats = companies.current().formats();
        activeOverrides().stream().filter(o -> o.from().isBefore(until) && start.isBefore(o.until())).findFirst().ifPresent(o -> {
            throw new InvalidInputException("from", "overlap", "overlaps the override " + (o.open() ? "open" : "closed")
                    + (o.from().isAfter(now) ? " from " + formats.dateTime(o.from()) : "") + " until " + formats.dateTime(o.until())
                    + (o.reason() == null ? "" : " (" + o.reason() + ")") + "; cancel it first or choose other times");
        });
        return insertOverride(actor, defaultScheduleId(), open, start, until, checkedReason, checkedGreeting);
    }

    /** Opens the business now until the schedule next changes by itself (say, until tomorrow's opening). */
    @Transactional
    public ScheduleOverride openUntilNextChange(Actor actor, String reason) {
        Companies.requireConfigureOf(actor);
        var now = clock.instant();
        var withoutOverrides = companySchedule();
        var plain = new Schedule(withoutOverrides.zone(), withoutOverrides.hours(), withoutOverrides.hoursConfigured(),
                withoutOverrides.holidays(), List.of());
        if (plain.isOpen(now)) {
            throw new InvalidInputException("kind", "state", "the business is already open by its schedule");
        }
        var next = plain.transitions(now, 1, 400);
        if (next.isEmpty()) {
            throw new InvalidInputException("kind", "state", "the schedule never opens by itself; set business hours");
        }
        return addOverride(actor, true, now, next.getFirst().at(), checkReason(reason), null);
    }

    @Transactional
    public void cancelOverride(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        var now = clock.instant();
        int n = jdbc.sql("update schedule_overrides set cancelled_at = :now where company_id = :c and id = :id and cancelled_at is null and until > :now")
                .param("now", Timestamp.from(now)).param("c", TenantContext.require().value()).param("id", id).update();
        if (n == 0) {
            throw new NotFoundException("active override", id);
        }
        audit.record(actor, "schedule_override", id, "cancel", null, null);
    }

    /** Overrides not yet expired or cancelled at {@code now}. */
    @Transactional(readOnly = true)
    public List<ScheduleOverride> activeOverrides() {
        return defaultId().map(id -> overrides(id, clock.instant())).orElse(List.of());
    }

    /**
     * A new override ends those in effect: the latest says what the business is doing now. Both stayed on, so "open until
     * the next change" set during a "closed until 9:00" left the business closed again from its opening until 9:00 the
     * next morning, once the open one had run out (found by a walk of the demo). Each one ended is audited so.
     */
    private ScheduleOverride addOverride(Actor actor, boolean open, Instant from, Instant until, String reason, String greeting) {
        lockOverrides();
        var scheduleId = defaultScheduleId();
        // Those in effect now only: one set ahead ("open this Saturday") still comes.
        jdbc.sql("""
                update schedule_overrides set cancelled_at = :now
                where company_id = :c and schedule_id = :s and cancelled_at is null and until > :now and starts_at <= :now returning id
                """).param("now", Timestamp.from(clock.instant())).param("c", TenantContext.require().value()).param("s", scheduleId)
                .query(UUID.class).list()
                .forEach(ended -> audit.record(actor, "schedule_override", ended, "cancel (replaced by a new override)", null, null));
        return insertOverride(actor, scheduleId, open, from, until, reason, greeting);
    }

    /**
     * Held while an override is checked and saved: two set ahead at once (two admins, two nodes) each checked for an overlap
     * before the other was saved, and both were; and the first two of a company that never saved its hours both created
     * the default schedule, one failing with a bare conflict.
     */
    private void lockOverrides() {
        dev.switchboard.platform.TransactionLocks.hold(jdbc, "schedule-overrides:" + TenantContext.require().value());
    }

    private UUID defaultScheduleId() {
        return defaultId().orElseGet(() -> insertSchedule(freeName("Business hours"), true));
    }

    private ScheduleOverride insertOverride(Actor actor, UUID scheduleId, boolean open, Instant from, Instant until, String reason,
            String greeting) {
        var id = UUID.randomUUID();
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as the database keeps it: set_at reads back the same
        jdbc.sql("""
                insert into schedule_overrides (company_id, id, schedule_id, open, starts_at, until, reason, greeting, created_by, created_at)
                values (:c, :id, :s, :open, :from, :until, :reason, :greeting, :by, :now)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("s", scheduleId).param("open", open)
                .param("from", Timestamp.from(from)).param("until", Timestamp.from(until)).param("reason", reason)
                .param("greeting", greeting).param("by", actor.label()).param("now", Timestamp.from(now)).update();
        var override = new ScheduleOverride(id, open, from, until, reason, greeting, now);
        audit.record(actor, "schedule_override", id, "create", null, override);
        return override;
    }

    private List<ScheduleOverride> overrides(UUID scheduleId, Instant now) {
        return jdbc.sql("""
                select id, open, starts_at, until, reason, greeting, created_at from schedule_overrides
                where company_id = :c and schedule_id = :s and cancelled_at is null and until > :now order by starts_at, created_at
                """)
                .param("c", TenantContext.require().value()).param("s", scheduleId).param("now", Timestamp.from(now))
                .query((rs, n) -> new ScheduleOverride(rs.getObject(1, UUID.class), rs.getBoolean(2),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }

    // --- internals ---

    private Optional<UUID> defaultId() {
        return jdbc.sql("select id from schedules where company_id = :c and is_default")
                .param("c", TenantContext.require().value()).query(UUID.class).optional();
    }

    /** Held until the transaction ends: two saves of the same name at once cannot both pass the check below. */
    private void lockNames() {
        dev.switchboard.platform.TransactionLocks.hold(jdbc, "schedule-names:" + TenantContext.require().value());
    }

    /**
     * Two schedules named alike ("Shop" twice, or one named as the business hours) cannot be told apart in the list a
     * business-hours rule follows: refused as routing rules, menus and queues are (the unique index is the last line).
     */
    private void refuseTakenName(UUID id, String name) {
        jdbc.sql("select name from schedules where company_id = :c and id is distinct from cast(:id as uuid) and lower(btrim(name)) = lower(btrim(:n)) limit 1")
                .param("c", TenantContext.require().value()).param("id", id).param("n", name).query(String.class).optional()
                .ifPresent(other -> {
                    throw new dev.switchboard.platform.ConflictException("name", "unique",
                            "the schedule '" + other + "' already has this name; choose another");
                });
    }

    /** {@code name}, or the first of "name (2)", "name (3)"... no schedule has (the business hours' when first set). */
    private String freeName(String name) {
        var taken = jdbc.sql("select lower(btrim(name)) from schedules where company_id = :c")
                .param("c", TenantContext.require().value()).query(String.class).set();
        var candidate = name;
        for (int n = 2; taken.contains(candidate.toLowerCase(java.util.Locale.ROOT)); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    private UUID insertSchedule(String name, boolean isDefault) {
        var id = UUID.randomUUID();
        var now = Timestamp.from(clock.instant());
        jdbc.sql("insert into schedules (company_id, id, name, is_default, created_at, updated_at) values (:c, :id, :n, :d, :now, :now)")
                .param("c", TenantContext.require().value()).param("id", id).param("n", name).param("d", isDefault)
                .param("now", now).update();
        return id;
    }

    private void writeRanges(UUID id, List<OpenRange> ranges) {
        var company = TenantContext.require().value();
        jdbc.sql("delete from schedule_ranges where company_id = :c and schedule_id = :id").param("c", company).param("id", id).update();
        int position = 0;
        for (var r : ranges) {
            jdbc.sql("insert into schedule_ranges (company_id, schedule_id, position, day, start_minute, length_minutes) values (:c, :id, :p, :d, :s, :l)")
                    .param("c", company).param("id", id).param("p", position++).param("d", r.day().name())
                    .param("s", r.startMinute()).param("l", r.lengthMinutes()).update();
        }
        // Saved, even without ranges: from now on an empty week is always closed, as the save's warning says.
        jdbc.sql("update schedules set hours_set = true, updated_at = :now where company_id = :c and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("c", company).param("id", id).update();
    }

    /** Reads and checks every range: a bad part, an empty range or two overlapping ranges are refused. */
    static List<OpenRange> parse(List<RangeInput> input) {
        var problems = new ArrayList<FieldProblem>();
        if (input == null) {
            throw new InvalidInputException("ranges", "required", "must be a list of {day, start, end} (empty for always closed)");
        }
        if (input.size() > MAX_RANGES) {
            throw new InvalidInputException("ranges", "length", "at most " + MAX_RANGES + " ranges");
        }
        var parsed = new ArrayList<OpenRange>();
        for (int i = 0; i < input.size(); i++) {
            var in = input.get(i);
            try {
                if (in == null) {
                    throw new IllegalArgumentException("must be {day, start, end}");
                }
                parsed.add(OpenRange.parse(in.day(), in.start(), in.end()));
            } catch (OpenRange.InvalidPart e) {
                problems.add(new FieldProblem("ranges[" + i + "]." + e.part(), e.part().equals("end") && e.getMessage().contains("empty") ? "empty" : "format", e.getMessage()));
                parsed.add(null);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("ranges[" + i + "]", "format", e.getMessage()));
                parsed.add(null);
            }
        }
        for (int i = 0; i < parsed.size(); i++) {
            for (int j = i + 1; j < parsed.size(); j++) {
                var a = parsed.get(i);
                var b = parsed.get(j);
                if (a != null && b != null && a.overlaps(b)) {
                    problems.add(new FieldProblem("ranges[" + j + "]", "overlap", describe(b) + " overlaps " + describe(a)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var sorted = new ArrayList<>(parsed);
        sorted.sort(java.util.Comparator.comparingInt(OpenRange::weekMinute));
        return sorted;
    }

    static String describe(OpenRange r) {
        return Schedule.dayName(r.day()) + " " + r.startText() + "-" + r.endText();
    }

    /**
     * What a save says without refusing: no open hours, and each range that crosses midnight and is open
     * {@link #LONG_OVERNIGHT_MINUTES} or more (most often an AM/PM slip), by its place in the ranges sent.
     */
    private static List<Warning> warnings(Hours hours, List<RangeInput> sent) {
        if (hours.ranges().isEmpty()) {
            return List.of(new Warning("ranges", "no open hours: every call is handled as after hours"));
        }
        var warnings = new ArrayList<Warning>();
        for (int i = 0; i < sent.size(); i++) {
            int at = i;
            longOvernight(sent.get(i), "is").ifPresent(w -> warnings.add(new Warning("ranges[" + at + "]", w)));
        }
        return warnings;
    }

    /**
     * From this long, a range that crosses midnight is asked about (the forms) or warned of (the API): 8:00 AM to 5:00 AM
     * typed for 5:00 PM was saved without a word as 21 hours open. A night shift rarely runs this long; one that does is
     * confirmed once.
     */
    public static final int LONG_OVERNIGHT_MINUTES = 16 * 60;

    /**
     * Checks ranges as a save would, saving nothing: a form asks its own questions (a long overnight range) together with
     * the refusals of the save.
     *
     * @throws InvalidInputException as {@link #setBusinessHours} would
     */
    public static void check(List<RangeInput> ranges) {
        parse(ranges);
    }

    /**
     * A form's question about a range that crosses midnight and would be open {@link #LONG_OVERNIGHT_MINUTES} or more:
     * "Friday 8:00 AM to 5:00 AM the next day would be open 21 hours: did you mean 5:00 PM?". Empty for any other range,
     * for one that does not read (the save says why) and for one already saved as it is ({@code saved}: asked once).
     */
    public static Optional<String> overnightQuestion(RangeInput range, List<OpenRange> saved) {
        try {
            var r = OpenRange.parse(range.day(), range.start(), range.end());
            return saved.contains(r) ? Optional.empty() : longOvernight(range, "would be");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #overnightQuestion} of each range sent, by its place among them, leaving out the ranges of days a form's
     * user confirmed ({@code confirmedDays}, day names such as FRIDAY).
     */
    public static Map<Integer, String> overnightQuestions(List<RangeInput> sent, List<OpenRange> saved, java.util.Set<String> confirmedDays) {
        var questions = new java.util.LinkedHashMap<Integer, String>();
        for (int i = 0; i < sent.size(); i++) {
            var range = sent.get(i);
            if (range != null && !confirmedDays.contains(String.valueOf(range.day()).strip().toUpperCase(java.util.Locale.ROOT))) {
                int at = i;
                overnightQuestion(range, saved).ifPresent(q -> questions.put(at, q
                        + " Correct the time, or tick \u201cYes, open overnight\u201d and save again."));
            }
        }
        return questions;
    }

    private static Optional<String> longOvernight(RangeInput range, String verb) {
        OpenRange r;
        try {
            r = OpenRange.parse(range.day(), range.start(), range.end());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!r.crossesMidnight() || r.lengthMinutes() < LONG_OVERNIGHT_MINUTES) {
            return Optional.empty();
        }
        int start = r.startMinute();
        int end = (start + r.lengthMinutes()) % 1440;
        var said = new StringBuilder(r.day().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH))
                .append(' ').append(clock(start)).append(" to ").append(clock(end)).append(" the next day ").append(verb)
                .append(" open ").append(length(r.lengthMinutes()));
        // The likely slip: a morning end meant as the afternoon's (5:00 AM for 5:00 PM), or an evening start meant as the
        // morning's (8:00 PM for 8:00 AM); suggested only when the range it gives is an ordinary day.
        if (end < 720 && end + 720 > start) {
            said.append(": did you mean ").append(clock(end + 720)).append('?');
        } else if (start >= 720 && start - 720 < end) {
            said.append(": did you mean to open at ").append(clock(start - 720)).append('?');
        }
        return Optional.of(said.toString());
    }

    private static String clock(int minute) {
        return java.time.LocalTime.of(minute / 60 % 24, minute % 60).format(dev.switchboard.tenancy.DisplayFormats.CLOCK);
    }

    private static String length(int minutes) {
        int h = minutes / 60;
        int m = minutes % 60;
        return h + (h == 1 ? " hour" : " hours") + (m == 0 ? "" : " " + m + (m == 1 ? " minute" : " minutes"));
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "required", "must not be blank");
        }
        if (name.strip().length() > 100) {
            throw new InvalidInputException("name", "length", "must be at most 100 characters");
        }
        return name.strip();
    }

    /**
     * What callers hear during a closure: at most 1,000 characters; an opening has none (its calls are answered), the API's
     * "open until the next change" too.
     */
    public static String checkGreeting(boolean open, String greeting) {
        if (greeting == null || greeting.isBlank()) {
            return null;
        }
        if (open) {
            throw new InvalidInputException("greeting", "unused",
                    "only a closure has a greeting: while open by an override, calls are answered as in opening hours");
        }
        if (greeting.strip().length() > 1000) {
            throw new InvalidInputException("greeting", "length", "must be at most 1000 characters");
        }
        return greeting.strip();
    }

    private static String checkReason(String reason) {
        if (reason != null && reason.length() > 200) {
            throw new InvalidInputException("reason", "length", "must be at most 200 characters");
        }
        return reason == null || reason.isBlank() ? null : reason.strip();
    }

    /** The audited form of hours: readable ranges rather than minute counts. */
    static Map<String, Object> view(Hours h) {
        return Map.of("name", h.name(), "ranges", h.ranges().stream().map(Schedules::describe).toList());
    }
}
