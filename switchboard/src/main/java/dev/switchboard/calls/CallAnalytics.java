package dev.switchboard.calls;

import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.TenantContext;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures of a period of days (the company's, first and last day included), from the call log as it is: the counts
 * of the analytics tiles ({@link CallLogs#summary}), each team member's part (the calls in that rang them, what became of
 * them, their talk time, their calls out) and the calls in by hour of the day, on the company's clock (when the phones are
 * busiest). Every figure is a count of the log's rows and their legs, so each can be checked against the call log: a
 * call counts on the day it started, a queue callback's offer nobody took (which called nobody) nowhere.
 */
@Service
public class CallAnalytics {

    /** The longest period asked for at once: a year and a day (a leap year's whole year, from any day of it). */
    public static final int MAX_DAYS = 367;

    private final JdbcClient jdbc;
    private final CallLogs logs;
    private final dev.switchboard.directory.Members members;
    private final dev.switchboard.tenancy.Companies companies;
    private final java.time.Clock clock;

    CallAnalytics(JdbcClient jdbc, CallLogs logs, dev.switchboard.directory.Members members, dev.switchboard.tenancy.Companies companies,
            java.time.Clock clock) {
        this.jdbc = jdbc;
        this.logs = logs;
        this.members = members;
        this.companies = companies;
        this.clock = clock;
    }

    /**
     * The figures of the days {@code from} to {@code to} as a form or a query gives them (see {@link Period#read}), in the
     * company's timezone; neither given, this week to today on the company's clock.
     */
    @Transactional(readOnly = true)
    public Report report(String from, String to) {
        var zone = companies.current().timezone();
        var today = clock.instant().atZone(zone).toLocalDate();
        return report(Period.read(from, to, Period.weekTo(today)), zone);
    }

    /**
     * Days {@code first} to {@code last}, both included. Checked when made, naming the field: the last not before the
     * first, at most {@link #MAX_DAYS} days.
     */
    public record Period(LocalDate first, LocalDate last) {

        public Period {
            InvalidInputException.requireStorable("from", first);
            InvalidInputException.requireStorable("to", last);
            var problems = new ArrayList<FieldProblem>();
            if (first == null) {
                problems.add(new FieldProblem("from", "required", "must be given"));
            }
            if (last == null) {
                problems.add(new FieldProblem("to", "required", "must be given"));
            }
            if (first != null && last != null) {
                if (last.isBefore(first)) {
                    problems.add(new FieldProblem("to", "order", "must not be before from (" + first + ")"));
                } else if (java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
                    problems.add(new FieldProblem("to", "range", "must be at most " + MAX_DAYS + " days after from (" + first
                            + "): ask for a longer time a year at a time"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
        }

        /** The days from and to given as text (a form's or a query's), each read as a date or refused naming it. */
        public static Period read(String from, String to, Period otherwise) {
            var problems = new ArrayList<FieldProblem>();
            var first = dev.switchboard.platform.LocalDateField.read("from", from, "2026-12-01", problems);
            var last = dev.switchboard.platform.LocalDateField.read("to", to, "2026-12-07", problems);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            if (first == null && last == null) {
                return otherwise;
            }
            // One day given alone is that day; the other end of a period must be said.
            return new Period(first != null ? first : last, last != null ? last : first);
        }

        /** The week of {@code day}, from its Monday to {@code day}. */
        public static Period weekTo(LocalDate day) {
            return new Period(day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)), day);
        }

        java.time.Instant start(ZoneId zone) {
            return first.atStartOfDay(zone).toInstant();
        }

        java.time.Instant end(ZoneId zone) {
            return last.plusDays(1).atStartOfDay(zone).toInstant();
        }
    }

    /**
     * A team member's calls in the period. In: {@code callsIn} calls in were theirs, as the call log's member filter lists
     * them: {@code rang} rang them (a phone of theirs: their SIP phone, their forwarding number, a transfer to them), and
     * {@code notRung} rang none of their phones (to their direct line, or left a message in their box, while they were
     * away, offline, on do-not-disturb or on vacation); of them they answered {@code answered}, a colleague took
     * {@code answeredByColleague} (answered elsewhere: not missed), and nobody answered {@code notAnswered} (missed,
     * abandoned, voicemail); they add up to {@code callsIn}. {@code talkSeconds}: from their answer to the end of their
     * part of each call they answered (after a transfer on, the call goes on without them). Out: the calls they made
     * (click-to-call, the queue callbacks they took), answered, and their talk time from the answer to the end.
     * {@code answerRate}: answered of calls in, in whole percent (null when they had none); {@code averageTalkSeconds}: of
     * the calls in they answered that are over for them (null when none is: a call in progress has no length yet).
     */
    public record MemberFigures(UUID memberId, String name, long callsIn, long rang, long notRung, long answered,
            long answeredByColleague, long notAnswered, Integer answerRate, long talkSeconds, Long averageTalkSeconds, long callsOut,
            long answeredOut, long talkOutSeconds) {
    }

    /**
     * The calls in that started in one hour of the day (0 is midnight to 1 AM, on the company's clock) over the period:
     * answered by a person, not answered (missed, abandoned, voicemail), and the rest (a callback asked for, the voicemail
     * login, rejected, failed or in progress), as the analytics tiles count them.
     */
    public record HourFigures(int hour, long callsIn, long answered, long notAnswered) {
    }

    /**
     * The period's figures. {@code busiestHour}: the hour with the most calls in (the earliest of equals), null when there
     * was none.
     */
    public record Report(LocalDate from, LocalDate to, String timezone, CallLogs.Summary summary, List<MemberFigures> members,
            List<HourFigures> hours, Integer busiestHour) {
    }

    @Transactional(readOnly = true)
    public Report report(Period period, ZoneId zone) {
        var start = Timestamp.from(period.start(zone));
        var end = Timestamp.from(period.end(zone));
        var company = TenantContext.require().value();
        var figures = new java.util.HashMap<UUID, long[]>();
        // Calls in, one row a member and call: whether they answered it (a leg of theirs a person picked up, and had the
        // caller: the one who answered the call, or who had it before a transfer or took a transfer, or where an unanswered
        // one went), their talk on it, and whether anyone answered it. A phone picked up as a colleague's answer was being
        // taken (a ring-all race, on the first ring or on a transfer to a rule) is answered too, but hung up at once: its
        // member never talked to the caller, and the call is a colleague's. (Any answer after a transfer counted, so the
        // loser of a transfer's race was one who took the call.)
        jdbc.sql("""
                select member_id, count(*) as rang,
                       count(*) filter (where took) as answered,
                       count(*) filter (where not took and call_answered) as by_colleague,
                       coalesce(sum(talk) filter (where took), 0) as talk,
                       count(*) filter (where took and talk is not null) as talked
                from (select l.member_id, l.call_id,
                             bool_or(l.answered_at is not null and (l.member_id = c.answered_by
                                     or exists (select 1 from jsonb_array_elements(c.transfers) t
                                                where l.member_id::text in (t ->> 'from_member', t ->> 'answered_by',
                                                                            t ->> 'fallback_answered_by')))) as took,
                             bool_or(c.answered_at is not null) as call_answered,
                             sum(greatest(0, extract(epoch from (l.ended_at - l.answered_at))))
                                 filter (where l.answered_at is not null and l.ended_at is not null) as talk
                      from calls c join call_legs l on l.company_id = c.company_id and l.call_id = c.id
                      where c.company_id = :c and c.started_at >= :from and c.started_at < :to and c.direction = 'INBOUND'
                        and l.member_id is not null
                      group by l.member_id, l.call_id) per_call
                group by member_id
                """).param("c", company).param("from", start).param("to", end)
                .query(rs -> {
                    var f = figures.computeIfAbsent(rs.getObject("member_id", UUID.class), id -> new long[9]);
                    f[0] = rs.getLong("rang");
                    f[1] = rs.getLong("answered");
                    f[2] = rs.getLong("by_colleague");
                    f[3] = Math.round(rs.getDouble("talk"));
                    f[7] = rs.getLong("talked");
                });
        // Calls in that were theirs without ringing them, as the call log's member filter takes them
        // (CallLogs.CALLS_OF_MESSAGES_IN_BOX): to their direct line, or leaving a message in their box, while they were away,
        // offline, on do-not-disturb or on vacation. Their name opens that call log: it listed these, their figures did not.
        jdbc.sql("""
                select theirs.member_id, count(*) as not_rung,
                       count(*) filter (where c.answered_at is not null) as by_colleague
                from (select call_id, member_id from voicemail_messages
                      where company_id = :c and member_id is not null and call_id is not null
                      union
                      select id, direct_line_of from calls where company_id = :c and direct_line_of is not null) theirs
                join calls c on c.company_id = :c and c.id = theirs.call_id
                where c.started_at >= :from and c.started_at < :to and c.direction = 'INBOUND'
                  and not exists (select 1 from call_legs l
                                  where l.company_id = c.company_id and l.call_id = c.id and l.member_id = theirs.member_id)
                group by theirs.member_id
                """).param("c", company).param("from", start).param("to", end)
                .query(rs -> {
                    var f = figures.computeIfAbsent(rs.getObject("member_id", UUID.class), id -> new long[9]);
                    f[8] = rs.getLong("not_rung");
                    f[2] += rs.getLong("by_colleague");
                });
        // Calls out, by the member who made them (CallLogs.Entry#madeBy); an offer of a queue callback nobody took called
        // nobody and is no call out.
        jdbc.sql("""
                select (metadata ->> 'member_id')::uuid as member_id, count(*) as calls_out,
                       count(*) filter (where outcome = 'ANSWERED' and answered_at is not null) as answered_out,
                       coalesce(sum(greatest(0, extract(epoch from (ended_at - answered_at))))
                           filter (where outcome = 'ANSWERED' and answered_at is not null and ended_at is not null), 0) as talk_out
                from calls
                where company_id = :c and started_at >= :from and started_at < :to and direction = 'OUTBOUND'
                  and metadata ->> 'member_id' ~ '^[0-9a-fA-F-]{36}$'
                  and %s is not true
                group by 1
                """.formatted(CallLogs.OFFER_NOT_TAKEN)).param("c", company).param("from", start).param("to", end)
                .query(rs -> {
                    var f = figures.computeIfAbsent(rs.getObject("member_id", UUID.class), id -> new long[9]);
                    f[4] = rs.getLong("calls_out");
                    f[5] = rs.getLong("answered_out");
                    f[6] = Math.round(rs.getDouble("talk_out"));
                });
        var names = members.everyonesNames();
        var team = new ArrayList<MemberFigures>();
        // Every member now, those with no call too (a member with no call is a finding); a removed one only with calls.
        var now = members.list().stream().map(dev.switchboard.directory.TeamMember::id).toList();
        var ids = new java.util.LinkedHashSet<UUID>(now);
        ids.addAll(figures.keySet());
        for (var id : ids) {
            var f = figures.getOrDefault(id, new long[9]);
            long rang = f[0];
            long callsIn = rang + f[8];
            long answered = f[1];
            team.add(new MemberFigures(id, names.getOrDefault(id, "A former member"), callsIn, rang, f[8], answered, f[2],
                    callsIn - answered - f[2], callsIn == 0 ? null : (int) Math.round(answered * 100.0 / callsIn), f[3],
                    f[7] == 0 ? null : Math.round((double) f[3] / f[7]), f[4], f[5], f[6]));
        }
        team.sort(Comparator.comparing((MemberFigures m) -> -(m.answered() + m.answeredOut()))
                .thenComparing(MemberFigures::name, String.CASE_INSENSITIVE_ORDER));
        var hours = new ArrayList<HourFigures>();
        var byHour = new java.util.HashMap<Integer, HourFigures>();
        jdbc.sql("""
                select extract(hour from started_at at time zone :zone)::int as hour, count(*) as calls_in,
                       count(*) filter (where outcome = 'ANSWERED' and answered_at is not null) as answered,
                       count(*) filter (where outcome in ('MISSED', 'ABANDONED', 'VOICEMAIL')) as not_answered
                from calls
                where company_id = :c and started_at >= :from and started_at < :to and direction = 'INBOUND'
                group by 1
                """).param("c", company).param("from", start).param("to", end).param("zone", zone.getId())
                .query(rs -> {
                    var h = new HourFigures(rs.getInt("hour"), rs.getLong("calls_in"), rs.getLong("answered"), rs.getLong("not_answered"));
                    byHour.put(h.hour(), h);
                });
        Integer busiest = null;
        for (int h = 0; h < 24; h++) {
            var figure = byHour.getOrDefault(h, new HourFigures(h, 0, 0, 0));
            hours.add(figure);
            if (figure.callsIn() > 0 && (busiest == null || figure.callsIn() > hours.get(busiest).callsIn())) {
                busiest = h;
            }
        }
        return new Report(period.first(), period.last(), zone.getId(), logs.summary(period.start(zone), period.end(zone)),
                List.copyOf(team), List.copyOf(hours), busiest);
    }
}
