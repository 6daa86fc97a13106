package dev.switchboard.calls;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Role;
import dev.switchboard.voicemail.Voicemails;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The call log: one row per call journey. Listing is keyset-paginated on (started_at, id), so a page
 * costs the same at row one million as at row one.
 */
@Service
public class CallLogs implements dev.switchboard.voicemail.CallAccess {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Voicemails voicemails;
    private final TextBacks textBacks;
    private final dev.switchboard.queue.QueueLine queueLine;
    private final dev.switchboard.tenancy.AuditLog audit;
    private final dev.switchboard.directory.Customers customers;
    private final dev.switchboard.directory.Jobs jobs;

    CallLogs(JdbcClient jdbc, ObjectMapper json, Voicemails voicemails, TextBacks textBacks, dev.switchboard.queue.QueueLine queueLine,
            dev.switchboard.tenancy.AuditLog audit, dev.switchboard.directory.Customers customers, dev.switchboard.directory.Jobs jobs) {
        this.audit = audit;
        this.customers = customers;
        this.jobs = jobs;
        this.textBacks = textBacks;
        this.queueLine = queueLine;
        this.jdbc = jdbc;
        this.json = json;
        this.voicemails = voicemails;
    }

    /**
     * Where a call's recording is, as a voicemail message's {@code audio_status} says it: copied into media
     * storage (STORED), still being copied from the carrier's expiring URL (FETCHING), given up after the
     * last try (FAILED: {@code recording_error} says why), or there is none (NONE). A recorded call's is its
     * own recording's, also when its caller went on to leave a message (a blind transfer nobody answered:
     * the message is linked by {@code voicemail_id}); a voicemail call with no recording of its own has its
     * message's audio: NONE once the message is deleted.
     */
    public enum RecordingStatus {
        STORED, FETCHING, FAILED, NONE
    }

    /**
     * One call as the log shows it.
     *
     * @param recordingStatus where the recording is (see {@link RecordingStatus})
     * @param recordingError the last failure to copy the recording from the carrier, while it is not stored
     * @param voicemailDeletedAt when the message the caller left ({@code voicemailId}) was moved to the voicemail's
     *        Deleted folder, while it is there (it can be restored until it is purged); null when it is in its box, purged,
     *        the call left none, or it is in a box the reader does not see (an agent: another member's)
     * @param customerName the name of the customer the call is linked to ({@code customerId}), as it is now, so that a reader
     *        need not look it up; null when the call has none, or the customer has been deleted since (the id stays)
     * @param jobTitle the title of the job the call is linked to ({@code jobId}), as it is now; null as for the customer
     */
    public record Entry(UUID id, @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"INBOUND", "OUTBOUND"}) String direction,
            String fromNumber, String toNumber, Instant startedAt, Instant answeredAt,
            Instant endedAt, Integer durationSeconds, Integer billableSeconds, String outcome, UUID answeredBy, UUID ruleId,
            String recordingUrl, String transcription, UUID customerId, String customerName, UUID jobId, String jobTitle,
            JsonNode transfers, Long costCents,
            List<String> tags, JsonNode metadata, String notes, UUID voicemailId, String phase, UUID recordingMediaId,
            RecordingStatus recordingStatus, String recordingError, Instant voicemailDeletedAt) {

        /**
         * Whether the carrier's answering machine detection found a machine (a voicemail) on the phone the call was
         * answered on (metadata {@code machine_detection}; see the phone settings' {@code detect_answering_machines}).
         */
        public boolean answeredByMachine() {
            return metadata != null && "machine".equals(metadata.path("machine_detection").asString(null));
        }

        /**
         * The member who made a call out (a click-to-call from their phone, a queue callback they took: metadata
         * {@code member_id}), else null: the log showed only the company's number it was made from, and "answered by"
         * whoever had it last. In the API's rows as {@code made_by}.
         */
        @com.fasterxml.jackson.annotation.JsonProperty("made_by")
        public UUID madeBy() {
            if (!"OUTBOUND".equals(direction) || metadata == null) {
                return null;
            }
            var member = metadata.path("member_id").asString(null);
            try {
                return member == null ? null : UUID.fromString(member);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /**
         * The same, its {@code recordingUrl} where a client can play the recording: our stored copy (the call's own,
         * or its voicemail message's), the carrier's link while the copy is still being made, none otherwise (the
         * carrier's links expire minutes after the call).
         */
        public Entry withPlayableRecording() {
            String url;
            if (recordingMediaId != null) {
                url = "/api/v1/call-logs/" + id + "/recording";
            } else if (recordingStatus == RecordingStatus.STORED && voicemailId != null) {
                url = "/api/v1/voicemail/messages/" + voicemailId + "/audio";
            } else {
                url = recordingStatus == RecordingStatus.FETCHING && voicemailId == null ? recordingUrl : null;
            }
            return new Entry(id, direction, fromNumber, toNumber, startedAt, answeredAt, endedAt, durationSeconds, billableSeconds,
                    outcome, answeredBy, ruleId, url, transcription, customerId, customerName, jobId, jobTitle, transfers, costCents, tags, metadata,
                    notes, voicemailId, phase, recordingMediaId, recordingStatus, recordingError, voicemailDeletedAt);
        }

        /** The same without the message a caller left: its text, its recording, whether it is deleted. */
        Entry withoutMessage() {
            return new Entry(id, direction, fromNumber, toNumber, startedAt, answeredAt, endedAt, durationSeconds, billableSeconds,
                    outcome, answeredBy, ruleId, null, null, customerId, customerName, jobId, jobTitle, transfers, costCents, tags, metadata,
                    notes, voicemailId, phase, null, RecordingStatus.NONE, null, null);
        }

        Entry withRecording(RecordingStatus status, String error) {
            return new Entry(id, direction, fromNumber, toNumber, startedAt, answeredAt, endedAt, durationSeconds, billableSeconds,
                    outcome, answeredBy, ruleId, recordingUrl, transcription, customerId, customerName, jobId, jobTitle, transfers, costCents, tags, metadata,
                    notes, voicemailId, phase, recordingMediaId, status, error, voicemailDeletedAt);
        }

        Entry withNames(String customer, String job) {
            return new Entry(id, direction, fromNumber, toNumber, startedAt, answeredAt, endedAt, durationSeconds, billableSeconds,
                    outcome, answeredBy, ruleId, recordingUrl, transcription, customerId, customer, jobId, job, transfers, costCents,
                    tags, metadata, notes, voicemailId, phase, recordingMediaId, recordingStatus, recordingError, voicemailDeletedAt);
        }

        Entry withVoicemailDeletedAt(Instant at) {
            return new Entry(id, direction, fromNumber, toNumber, startedAt, answeredAt, endedAt, durationSeconds, billableSeconds,
                    outcome, answeredBy, ruleId, recordingUrl, transcription, customerId, customerName, jobId, jobTitle, transfers, costCents, tags, metadata,
                    notes, voicemailId, phase, recordingMediaId, recordingStatus, recordingError, at);
        }
    }

    /**
     * A call with how it was decided and what happened, step by step.
     *
     * @param textBack the missed-call text to the caller (sent, failed, skipped and why, pending), null when it had none
     */
    public record Detail(Entry call, JsonNode trace, List<Map<String, Object>> legs, List<Map<String, Object>> events,
            TextBacks.TextBack textBack, Callback callback) {

        /**
         * The trace's lines as a page shows them: a login (no team member) that asked for a transfer by its name as it
         * is now, {@code loginNames} by user id, as the call's transfers name it. The trace keeps the login's email
         * ("transferred by sam@example.com from Ann to member Bob"), which the API returns as it is; a login since
         * removed stays its email.
         */
        public List<String> traceLines(Map<UUID, String> loginNames) {
            var lines = new java.util.ArrayList<String>();
            if (trace == null || !trace.isArray()) {
                return lines;
            }
            trace.forEach(t -> lines.add(t.asString()));
            if (call.transfers() == null || !call.transfers().isArray()) {
                return lines;
            }
            for (var t : call.transfers()) {
                var email = t.path("requested_by").asString(null);
                var user = t.path("requested_by_user_id").asString(null);
                var name = user == null || t.hasNonNull("requested_by_member_id") ? null : loginNames.get(UUID.fromString(user));
                if (email == null || name == null) {
                    continue;
                }
                // As CallEngine.transfer writes it; a member holding the call is named, an outside number is one.
                var written = "transferred by " + email + " from ";
                lines.replaceAll(l -> l.startsWith(written) ? "transferred by " + name + " from " + l.substring(written.length()) : l);
            }
            return lines;
        }
    }

    /**
     * The queue callback a call is part of (its call out to the customer, an offer of it a member did not take, or the
     * caller's call that asked for it) with the whole history of its queue entry: when it was asked for, every offer with
     * the member offered it and when, who did not answer, when the customer was dialled and how that went. An offer a
     * member did not take is no call in the log (OFFER_NOT_TAKEN): this is where it is kept, so how long a callback took
     * can be told from the call that finally reached the customer.
     */
    public record Callback(UUID queueId, UUID entryId, List<dev.switchboard.queue.QueueLine.Step> history) {
    }

    /**
     * Filters; all optional. {@code before} pages back: pass the last entry's started_at and id. Checked when
     * made (an {@link InvalidInputException} naming the field), so a page or an export refuses a bad filter
     * before it answers anything: direction and each outcome are one of theirs (in any case), instants within the
     * years 0001 to 9999, {@code from} before {@code to}, and the two {@code before} values given together.
     * {@code tag}: a call with that tag, in any case. {@code outcomes} are any of the calls' outcomes (see {@link #outcomes(List)}): a call with one of them is listed;
     * none (an empty list) is any outcome. Without an outcome, a queue callback's offers no member took
     * (OFFER_NOT_TAKEN: nobody was called) are left out; asked for by that outcome (alone or among others), they are
     * listed.
     */
    public record Filter(Instant from, Instant to, UUID memberId, String direction, List<String> outcomes, String number,
            UUID customerId, Instant beforeStartedAt, UUID beforeId, int limit, UUID jobId, UUID queueId, String tag) {

        /** A filter of no tag. */
        public Filter(Instant from, Instant to, UUID memberId, String direction, List<String> outcomes, String number,
                UUID customerId, Instant beforeStartedAt, UUID beforeId, int limit, UUID jobId, UUID queueId) {
            this(from, to, memberId, direction, outcomes, number, customerId, beforeStartedAt, beforeId, limit, jobId, queueId, null);
        }

        /** A filter of no job. */
        public Filter(Instant from, Instant to, UUID memberId, String direction, List<String> outcomes, String number,
                UUID customerId, Instant beforeStartedAt, UUID beforeId, int limit) {
            this(from, to, memberId, direction, outcomes, number, customerId, beforeStartedAt, beforeId, limit, null, null);
        }

        /** A filter of no queue. */
        public Filter(Instant from, Instant to, UUID memberId, String direction, List<String> outcomes, String number,
                UUID customerId, Instant beforeStartedAt, UUID beforeId, int limit, UUID jobId) {
            this(from, to, memberId, direction, outcomes, number, customerId, beforeStartedAt, beforeId, limit, jobId, null);
        }

        public Filter {
            direction = direction == null || direction.isBlank() ? null : direction.strip().toUpperCase(Locale.ROOT);
            // A tag as the call's page and PATCH keep it (stripped); blank is no tag filter.
            tag = tag == null || tag.isBlank() ? null : tag.strip();
            if (direction != null && !List.of("INBOUND", "OUTBOUND").contains(direction)) {
                throw new InvalidInputException("direction", "enum", "must be INBOUND or OUTBOUND");
            }
            outcomes = outcomes(outcomes);
            inRange("from", from);
            inRange("to", to);
            inRange("before_started_at", beforeStartedAt);
            if (from != null && to != null && !from.isBefore(to)) {
                throw new InvalidInputException("to", "after", "must be after from (" + from + ")");
            }
            if ((beforeStartedAt == null) != (beforeId == null)) {
                throw new InvalidInputException("before_id", "pair", "before_started_at and before_id go together");
            }
        }

        private static void inRange(String field, Instant at) {
            InvalidInputException.requireStorable(field, at);
        }

        /**
         * The outcomes a filter asks for, as it holds them: each value one outcome or several separated by commas
         * ({@code MISSED,ABANDONED,VOICEMAIL}, as the API's {@code outcome} takes them, given once or repeated), in any
         * case, blanks ignored, each once, in the order given. None (null, nothing but blanks) is an empty list: any
         * outcome. One that is no outcome is refused naming it and the outcomes there are.
         */
        public static List<String> outcomes(List<String> given) {
            var known = java.util.Arrays.stream(Outcome.values()).map(Enum::name).toList();
            var chosen = new java.util.LinkedHashSet<String>();
            var unknown = new java.util.LinkedHashSet<String>();
            for (var value : given == null ? List.<String>of() : given) {
                for (var part : value == null ? new String[0] : value.split(",")) {
                    var name = part.strip().toUpperCase(Locale.ROOT);
                    if (known.contains(name)) {
                        chosen.add(name);
                    } else if (!name.isEmpty()) {
                        unknown.add(part.strip());
                    }
                }
            }
            if (!unknown.isEmpty()) {
                throw new InvalidInputException("outcome", "enum", String.join(", ", unknown)
                        + (unknown.size() == 1 ? " is no outcome" : " are no outcomes") + ": each must be one of " + String.join(", ", known));
            }
            return List.copyOf(chosen);
        }

        /** The same filter, on the page after {@code last}. */
        public Filter after(Entry last) {
            return new Filter(from, to, memberId, direction, outcomes, number, customerId, last.startedAt(), last.id(), limit, jobId, queueId,
                    tag);
        }
    }

    /**
     * The number a filter looks for, as the log holds it (E.164), from what a person typed ({@code (773) 555-0102},
     * {@code +1 773 555 0102}). A caller id the carrier delivered in E.164 form is logged as it came, also when it is
     * in no range libphonenumber knows (a new area code, a spoofed one): typed in that form, it is looked for as it is,
     * not refused. Anything else that is not a phone number is refused naming the field.
     */
    public static String numberFilter(String text, String defaultRegion) {
        try {
            return dev.switchboard.shared.PhoneNumber.parse(text, defaultRegion).e164();
        } catch (IllegalArgumentException e) {
            var plain = text == null ? "" : text.strip().replaceAll("[\\s().-]", "");
            if (plain.matches("\\+[1-9][0-9]{6,14}")) {
                return plain;
            }
            throw new InvalidInputException("number", "e164", e.getMessage());
        }
    }

    /**
     * Counts for a period: the analytics tiles. Every call, then the calls in: answered, missed or abandoned, voicemail and
     * the rest ({@link #otherIn}), which add up to the calls in, and the answer rate ({@link #answerRate}); then the calls
     * out, and how many of them were answered; and what the period's calls cost, in and out ({@code costCents}, each
     * call's cost as the log has it).
     * Answered calls in are those a person answered: a call to the voicemail login (logged ANSWERED, the system took it;
     * see CallEngine.outcome) is not one, nor is its length in the average, which is of the answered calls in.
     */
    public record Summary(long calls, long answered, long missed, long voicemail, long averageSeconds, long callsIn, long callsOut,
            long answeredOut, long costCents) {

        /**
         * The answer rate, in whole percent: the calls in a person answered of those that wanted one and are over, that
         * is answered, missed or abandoned (every one, however short: there is no short-abandon cutoff) and voicemail
         * (a message left is a call nobody took). The other calls in (a callback asked for, the voicemail login, rejected
         * or failed, in progress) are left out. Null when there is none.
         */
        public Integer answerRate() {
            long wanted = answered + missed + voicemail;
            return wanted == 0 ? null : (int) Math.round(answered * 100.0 / wanted);
        }

        /**
         * The calls in neither answered, missed nor voicemail: a queue caller who asked to be called back, a call to the
         * voicemail login, one rejected or failed, one still in progress.
         */
        public long otherIn() {
            return callsIn - answered - missed - voicemail;
        }
    }

    /**
     * Every call matching the filter, newest first, handed to {@code sink} page by page (keyset pages of
     * 500, in one read-only transaction, so the export is one consistent snapshot): an export of a million
     * rows never holds more than one page in memory.
     */
    @Transactional(readOnly = true)
    public long forEach(Filter f, java.util.function.Consumer<Entry> sink) {
        long count = 0;
        var page = new Filter(f.from(), f.to(), f.memberId(), f.direction(), f.outcomes(), f.number(), f.customerId(), null, null, 500,
                f.jobId(), f.queueId(), f.tag());
        while (true) {
            var rows = list(page);
            rows.forEach(sink);
            count += rows.size();
            if (rows.size() < 500) {
                return count;
            }
            page = page.after(rows.getLast());
        }
    }

    @Transactional(readOnly = true)
    public Summary summary(Instant from, Instant to) {
        return jdbc.sql("""
                select count(*) as calls,
                       count(*) filter (where direction = 'INBOUND') as calls_in,
                       count(*) filter (where direction = 'INBOUND' and outcome = 'ANSWERED' and answered_at is not null) as answered,
                       count(*) filter (where direction = 'INBOUND' and outcome in ('MISSED', 'ABANDONED')) as missed,
                       count(*) filter (where direction = 'INBOUND' and outcome = 'VOICEMAIL') as voicemail,
                       coalesce(round(avg(duration_seconds) filter (where direction = 'INBOUND' and outcome = 'ANSWERED'
                                                                     and answered_at is not null)), 0) as average,
                       count(*) filter (where direction = 'OUTBOUND') as calls_out,
                       count(*) filter (where direction = 'OUTBOUND' and outcome = 'ANSWERED' and answered_at is not null) as answered_out,
                       coalesce(sum(cost_cents), 0) as cost_cents
                from calls where company_id = :c and started_at >= :from and started_at < :to
                  and %s is not true
                """.formatted(OFFER_NOT_TAKEN))
                .param("c", TenantContext.require().value()).param("from", ts(from)).param("to", ts(to))
                .query((rs, n) -> new Summary(rs.getLong("calls"), rs.getLong("answered"), rs.getLong("missed"),
                        rs.getLong("voicemail"), rs.getLong("average"), rs.getLong("calls_in"), rs.getLong("calls_out"),
                        rs.getLong("answered_out"), rs.getLong("cost_cents")))
                .single();
    }

    @Transactional(readOnly = true)
    public List<Entry> list(Filter f) {
        var q = query(f);
        return withNames(withoutOthersMessages(withMessages(jdbc.sql(q.sql()).params(q.params()).query((rs, n) -> entry(rs)).list())));
    }

    /** The entries with the names of their customers and the titles of their jobs as they are now, read in one query each. */
    private List<Entry> withNames(List<Entry> entries) {
        var customerIds = entries.stream().map(Entry::customerId).filter(java.util.Objects::nonNull).toList();
        var jobIds = entries.stream().map(Entry::jobId).filter(java.util.Objects::nonNull).toList();
        if (customerIds.isEmpty() && jobIds.isEmpty()) {
            return entries;
        }
        var names = customers.names(customerIds);
        var titles = jobs.titles(jobIds);
        return entries.stream().map(e -> e.withNames(e.customerId() == null ? null : names.get(e.customerId()),
                e.jobId() == null ? null : titles.get(e.jobId()))).toList();
    }

    /**
     * For an agent, the calls that left a message in another member's mailbox without that message: its text and
     * its audio (they were rung for the call, so they see the call; the message is the box owner's, as in the inbox).
     */
    private List<Entry> withoutOthersMessages(List<Entry> entries) {
        var actor = dev.switchboard.tenancy.Actor.current().orElse(null);
        if (actor == null || actor.role() != Role.AGENT) {
            return entries;
        }
        var ids = entries.stream().map(Entry::voicemailId).filter(java.util.Objects::nonNull).toArray(UUID[]::new);
        if (ids.length == 0) {
            return entries;
        }
        var others = new java.util.HashSet<>(jdbc.sql("""
                select id from voicemail_messages where company_id = :c and id = any(:ids)
                  and member_id is not null and member_id is distinct from :me
                """).param("c", TenantContext.require().value()).param("ids", ids).param("me", actor.memberId())
                .query(UUID.class).list());
        return others.isEmpty() ? entries : entries.stream().map(e -> others.contains(e.voicemailId()) ? e.withoutMessage() : e).toList();
    }

    /**
     * Voicemail calls with what their message says, read in one query for the page: without a recording of their own,
     * their recording's state taken from their message, which holds (and copies) it (none for a message in the Deleted
     * folder, as for one deleted for good); with the message in the Deleted folder, when it was deleted
     * ({@link Entry#voicemailDeletedAt}), so a client and the log's page tell a message deleted (and restorable) from one
     * never left.
     */
    private List<Entry> withMessages(List<Entry> entries) {
        var ids = entries.stream().map(Entry::voicemailId).filter(java.util.Objects::nonNull).toList();
        if (ids.isEmpty()) {
            return entries;
        }
        var messages = voicemails.byIds(ids, true);
        return entries.stream().map(e -> {
            var message = e.voicemailId() == null ? null : messages.get(e.voicemailId());
            boolean deleted = message != null && message.deletedAt() != null;
            var entry = deleted ? e.withVoicemailDeletedAt(message.deletedAt()) : e;
            if (!takesMessageAudio(e)) {
                return entry;
            }
            if (message == null || deleted) {
                return entry.withRecording(RecordingStatus.NONE, null);
            }
            var status = RecordingStatus.valueOf(message.audioStatus().name());
            return entry.withRecording(status, status == RecordingStatus.STORED ? null : message.audioError());
        }).toList();
    }

    private static boolean takesMessageAudio(Entry e) {
        return e.voicemailId() != null && e.recordingStatus() == RecordingStatus.NONE;
    }

    /**
     * The plan PostgreSQL chooses for a filter's page (EXPLAIN, not run): for diagnosis, and for the test
     * that keeps every filter on an index at a million calls.
     */
    @Transactional(readOnly = true)
    public String plan(Filter f) {
        var q = query(f);
        return String.join("\n", jdbc.sql("explain " + q.sql()).params(q.params()).query(String.class).list());
    }

    private record Query(String sql, Map<String, Object> params) {
    }

    /**
     * Only the conditions a filter sets go into the SQL (no "param is null or ..." pairs), so that the
     * planner can use the index that fits: by time, by number, by customer, by member.
     */
    private Query query(Filter f) {
        var where = where(f);
        var params = new java.util.HashMap<>(where.params());
        params.put("limit", Math.max(1, Math.min(f.limit(), MAX_PAGE)));
        return new Query("select * from calls where " + where.sql() + " order by started_at desc, id desc limit :limit", params);
    }

    /**
     * How many calls the filter matches, whatever its limit: the home page's "missed calls today", counted by the call
     * log's own filter, so the count is what the log lists.
     */
    @Transactional(readOnly = true)
    public long count(Filter f) {
        var where = where(f);
        return jdbc.sql("select count(*) from calls where " + where.sql()).params(where.params()).query(Long.class).single();
    }

    /** The conditions of a filter, as {@link #query} and {@link #count} share them. */
    private Query where(Filter f) {
        // The filter checked (and upper-cased) its values when it was made (see Filter).
        var sql = new StringBuilder("company_id = :c");
        var params = new java.util.HashMap<String, Object>();
        params.put("c", TenantContext.require().value());
        if (f.from() != null) {
            sql.append(" and started_at >= :from");
            params.put("from", ts(f.from()));
        }
        if (f.to() != null) {
            sql.append(" and started_at < :to");
            params.put("to", ts(f.to()));
        }
        if (f.memberId() != null) {
            sql.append(" and id in (select id from calls where company_id = :c and answered_by = :member"
                    + " union select call_id from call_legs where company_id = :c and member_id = :member"
                    + " union " + CALLS_OF_MESSAGES_IN_BOX + ")");
            params.put("member", f.memberId());
        }
        if (f.direction() != null) {
            sql.append(" and direction = :dir");
            params.put("dir", f.direction());
        }
        var outcomes = f.outcomes().stream().filter(o -> !Outcome.OFFER_NOT_TAKEN.name().equals(o)).toArray(String[]::new);
        boolean offers = f.outcomes().contains(Outcome.OFFER_NOT_TAKEN.name());
        if (outcomes.length > 0) {
            // Any of them; a callback's offer no member took (which can have no outcome yet) only when asked for too.
            sql.append(offers ? " and (outcome = any(:outcomes) or " + OFFER_NOT_TAKEN + ")" : " and outcome = any(:outcomes)");
            params.put("outcomes", outcomes);
        } else if (offers) {
            sql.append(" and ").append(OFFER_NOT_TAKEN);
        } else {
            // A callback's offer its member did not take (or has not yet) called nobody: listed (and exported) only when
            // asked for.
            sql.append(" and ").append(OFFER_NOT_TAKEN).append(" is not true");
        }
        if (f.number() != null) {
            sql.append(" and (from_number = :number or to_number = :number)");
            params.put("number", f.number());
        }
        if (f.customerId() != null) {
            sql.append(" and customer_id = :customer");
            params.put("customer", f.customerId());
        }
        if (f.jobId() != null) {
            sql.append(" and job_id = :job");
            params.put("job", f.jobId());
        }
        if (f.tag() != null) {
            // One of the call's tags, in any case ("warranty" finds "Warranty"), the whole tag (not "Warranty claim").
            sql.append(" and exists (select 1 from unnest(tags) t where lower(t) = lower(:tag))");
            params.put("tag", f.tag());
        }
        if (f.queueId() != null) {
            // Every call the queue's log names: its callers (each time they joined or came back), its callbacks' calls out.
            // Its steps come after the call began, so a period's start bounds them on the log's index too.
            sql.append(" and id in (select call_id from queue_events where company_id = :c and queue_id = :queue and call_id is not null"
                    + (f.from() != null ? " and at >= :from" : "") + ")");
            params.put("queue", f.queueId());
        }
        if (f.beforeStartedAt() != null) {
            sql.append(" and (started_at, id) < (:bs, :bid)");
            params.put("bs", ts(f.beforeStartedAt()));
            params.put("bid", f.beforeId());
        }
        return new Query(sql.toString(), params);
    }

    /**
     * A queue callback's offer to a member that is no call with anyone: one they did not take (OFFER_NOT_TAKEN), and one
     * still ringing them (or waiting for the detection on their cell), which is no call in progress either. Their taking
     * it (their leg becomes the call's caller leg, and the customer is dialled) makes it a call. Null where a column is
     * null: tested with {@code is not true} to leave it out.
     */
    static final String OFFER_NOT_TAKEN = "(outcome = 'OFFER_NOT_TAKEN' or outcome is null and direction = 'OUTBOUND'"
            + " and caller_leg_id is null and metadata ->> 'placed_by' = 'queue_callback')";

    /**
     * The calls that left a message in the box of member {@code :member}: theirs as much as the ones they were rung for. A
     * call to their direct line while they were offline, in do-not-disturb or on vacation rang nobody and went straight to
     * their voicemail; without this it was in neither their log nor a member filter, and "The call" beside their own
     * message (why did my phone not ring?) was a 403.
     */
    static final String CALLS_OF_MESSAGES_IN_BOX =
            "select call_id from voicemail_messages where company_id = :c and member_id = :member and call_id is not null"
            // And the calls made to their direct line: one that left no message (the caller hung up on the greeting while
            // they were offline) was theirs to call back and nowhere in their log. By the member routing found the line
            // was when the call came in, never by the line's number now: its new holder would see its old one's calls.
            + " union select id from calls where company_id = :c and direct_line_of = :member";

    /** The most calls one page lists. */
    public static final int MAX_PAGE = 500;

    /**
     * The member filter {@code actor}'s lists are held to: an agent sees the calls they took part in (one not linked
     * to a member, none: a member nobody is); anyone else what they asked for.
     */
    public static UUID memberFilter(Actor actor, UUID requested) {
        if (actor.role() != Role.AGENT) {
            return requested;
        }
        return actor.memberId() != null ? actor.memberId() : new UUID(0, 0);
    }

    /** A call in a few words: when it started, which way it went and between which numbers. */
    public record Brief(UUID id, String direction, String fromNumber, String toNumber, Instant startedAt) {
    }

    /** Those of {@code callIds} still in the log, in one query (a page of the activity names them all at once). */
    @Transactional(readOnly = true)
    public Map<UUID, Brief> briefs(java.util.Collection<UUID> callIds) {
        if (callIds.isEmpty()) {
            return Map.of();
        }
        var found = new java.util.HashMap<UUID, Brief>();
        jdbc.sql("select id, direction, from_number, to_number, started_at from calls where company_id = :c and id in (:ids)")
                .param("c", TenantContext.require().value()).param("ids", java.util.List.copyOf(callIds))
                .query((rs, n) -> new Brief(rs.getObject("id", UUID.class), rs.getString("direction"), rs.getString("from_number"),
                        rs.getString("to_number"), rs.getTimestamp("started_at").toInstant()))
                .list().forEach(b -> found.put(b.id(), b));
        return found;
    }

    /** Those of {@code callIds} {@code actor} may open with {@link #get(Actor, UUID)}: an agent only the calls they took part in. */
    @Override
    @Transactional(readOnly = true)
    public java.util.Set<UUID> openable(Actor actor, java.util.Collection<UUID> callIds) {
        if (callIds.isEmpty()) {
            return java.util.Set.of();
        }
        if (actor.role() != Role.AGENT) {
            return java.util.Set.copyOf(callIds);
        }
        if (actor.memberId() == null) {
            return java.util.Set.of();
        }
        // As get(actor, id) has it: answered, any leg of theirs, or a message in their box.
        return java.util.Set.copyOf(jdbc.sql("""
                select c.id from calls c where c.company_id = :c and c.id in (:ids)
                   and (c.answered_by = :member or exists (select 1 from call_legs l
                        where l.company_id = c.company_id and l.call_id = c.id and l.member_id = :member)
                        or c.id in (""" + CALLS_OF_MESSAGES_IN_BOX + "))")
                .param("c", TenantContext.require().value()).param("ids", java.util.List.copyOf(callIds))
                .param("member", actor.memberId()).query(UUID.class).list());
    }

    /**
     * What a journey row of a transcription that brought no text says of it: the carrier heard no words, or could not
     * transcribe the recording; null for any other row.
     */
    public static dev.switchboard.voicemail.TranscriptionStatus withoutText(String kind) {
        return switch (kind == null ? "" : kind) {
            case "RecordingTranscribedEmpty", "TranscribedEmpty" -> dev.switchboard.voicemail.TranscriptionStatus.NO_WORDS;
            case "RecordingTranscribedFailed" -> dev.switchboard.voicemail.TranscriptionStatus.NOT_AVAILABLE;
            default -> null;
        };
    }

    /** Those of {@code callIds} whose latest transcription row brought no text, with what it said ({@link #withoutText}). */
    @Override
    @Transactional(readOnly = true)
    public java.util.Map<UUID, dev.switchboard.voicemail.TranscriptionStatus> transcribedWithoutText(java.util.Collection<UUID> callIds) {
        if (callIds.isEmpty()) {
            return java.util.Map.of();
        }
        var result = new java.util.HashMap<UUID, dev.switchboard.voicemail.TranscriptionStatus>();
        jdbc.sql("""
                select distinct on (call_id) call_id, kind from call_events
                 where company_id = :c and call_id in (:ids)
                   and kind in ('RecordingTranscribed', 'RecordingTranscribedEmpty', 'RecordingTranscribedFailed', 'Transcribed', 'TranscribedEmpty')
                 order by call_id, seq desc""")
                .param("c", TenantContext.require().value()).param("ids", java.util.List.copyOf(callIds))
                .query((rs, n) -> {
                    var said = withoutText(rs.getString("kind"));
                    if (said != null) {
                        result.put(rs.getObject("call_id", UUID.class), said);
                    }
                    return null;
                }).list();
        return result;
    }

    /**
     * Call {@code id} as {@link #get(Actor, UUID)} lets {@code actor} see it, when it has a recording of its own stored;
     * otherwise refused (404) saying why: still being copied from the carrier, lost, or none (a voicemail call's message
     * is its message's audio). The API's {@code .../recording} and the call page's player share it.
     */
    @Transactional(readOnly = true)
    public Entry withStoredRecording(Actor actor, UUID id) {
        var call = get(actor, id).call();
        if (call.recordingMediaId() == null) {
            throw new NotFoundException(switch (call.recordingStatus()) {
                case FETCHING -> "the recording of call " + id + " is still being copied from the carrier; try again shortly";
                case FAILED -> "the recording of call " + id + " could not be copied from the carrier (" + call.recordingError() + ")";
                default -> "call " + id + " has no recording of its own";
            });
        }
        return call;
    }

    /**
     * Call {@code id} as {@link #get}, if {@code actor} may see it: an agent only a call they answered, were rung for, that
     * left a message in their box or was made to their direct line (403).
     */
    @Transactional(readOnly = true)
    public Detail get(Actor actor, UUID id) {
        var detail = get(id);
        var member = actor.memberId();
        // As the lists have it (any leg of theirs, one whose dialling the carrier refused too: the legs shown leave it out;
        // a message in their box).
        boolean tookPart = member != null && (member.equals(detail.call().answeredBy())
                || detail.legs().stream().anyMatch(l -> member.equals(l.get("member_id")))
                || jdbc.sql("select count(*) from call_legs where company_id = :c and call_id = :id and member_id = :m")
                        .param("c", TenantContext.require().value()).param("id", id).param("m", member).query(Long.class).single() > 0
                || jdbc.sql("select count(*) from (" + CALLS_OF_MESSAGES_IN_BOX + ") m where m.call_id = :id")
                        .param("c", TenantContext.require().value()).param("id", id).param("member", member).query(Long.class).single() > 0);
        if (actor.role() == Role.AGENT && !tookPart) {
            throw new ForbiddenException("agents see only the calls they took part in");
        }
        var callback = detail.callback();
        if (callback != null && actor.role() == Role.AGENT) {
            // Which colleague was offered the callback and missed it is theirs and their supervisor's to read, not an agent's.
            return new Detail(detail.call(), detail.trace(), detail.legs(), detail.events(), detail.textBack(),
                    new Callback(callback.queueId(), callback.entryId(), dev.switchboard.queue.QueueLine.Step.seenBy(actor, callback.history())));
        }
        return detail;
    }

    @Transactional(readOnly = true)
    public Detail get(UUID id) {
        var company = TenantContext.require().value();
        var call = jdbc.sql("select * from calls where company_id = :c and id = :id").param("c", company).param("id", id)
                .query((rs, n) -> entry(rs)).optional().map(e -> withNames(withoutOthersMessages(withMessages(List.of(e)))).getFirst())
                .orElseThrow(() -> new NotFoundException("call", id));
        var trace = jdbc.sql("select trace::text from calls where company_id = :c and id = :id").param("c", company).param("id", id)
                .query(String.class).single();
        var legs = jdbc.sql("select leg_id, role, member_id, destination, state, started_at, answered_at, ended_at, hangup_cause "
                        + "from call_legs where company_id = :c and call_id = :id and leg_id not like 'dialling:%' order by started_at, leg_id")
                .param("c", company).param("id", id).query().listOfRows();
        var events = jdbc.sql("select seq, at, kind, detail from call_events where company_id = :c and call_id = :id order by seq")
                .param("c", company).param("id", id).query().listOfRows();
        return new Detail(call, json.readTree(trace), legs, events, textBacks.of(id).orElse(null), callback(call));
    }

    /**
     * The callback {@code call} is part of, with its entry's history (see {@link Callback}), or null: a callback's call
     * out names its entry (metadata {@code queue_entry_id}); a caller's call that asked for one is its entry's call.
     */
    private Callback callback(Entry call) {
        var metadata = call.metadata();
        UUID entryId = null;
        if (metadata != null && metadata.hasNonNull("queue_entry_id")) {
            entryId = UUID.fromString(metadata.get("queue_entry_id").asString());
        } else if (Outcome.CALLBACK_REQUESTED.name().equals(call.outcome())) {
            entryId = queueLine.callbackEntryOf(call.id()).orElse(null);
        }
        if (entryId == null) {
            return null;
        }
        var entry = queueLine.entry(entryId).orElse(null);
        return entry == null ? null : new Callback(entry.queueId(), entryId, queueLine.history(entryId));
    }

    /** A phone number a call went on to that its cost includes: the member whose phone it is (their cell), if any. */
    public record CallOut(UUID memberId, String number) {
    }

    /**
     * The calls out that call {@code call}'s cost includes beside its own billed time, in the order they were placed, as
     * {@link CallCharges#cost} counts them: each leg placed to a phone number the carrier connected (a member's cell that
     * picked up, a forward or a transfer to an outside number), but a call out's own leg to the number it dialled. Its
     * page says so: "billed 2:00" and a cost of two minutes in and two out read as a wrong sum.
     */
    @Transactional(readOnly = true)
    public List<CallOut> costedCallsOut(Entry call) {
        var legs = jdbc.sql("""
                select role, member_id, destination, started_at, coalesce(connected_at, answered_at) as billed_from from call_legs
                 where company_id = :c and call_id = :id and role <> :caller and destination like '+%'
                 order by started_at nulls last, leg_id""")
                .param("c", TenantContext.require().value()).param("id", call.id()).param("caller", CallEngine.CALLER)
                .query().listOfRows();
        // A call out's own leg is the first to the number it dialled (a transfer later to that same number is one of its own).
        var own = !"OUTBOUND".equals(call.direction()) ? null : legs.stream()
                .filter(l -> CallEngine.FORWARD.equals(l.get("role")) && call.toNumber().equals(l.get("destination"))).findFirst().orElse(null);
        return legs.stream().filter(l -> l != own && l.get("billed_from") != null)
                .map(l -> new CallOut((UUID) l.get("member_id"), (String) l.get("destination"))).toList();
    }

    /** The call whose caller is on the given carrier leg (a call control id), if the carrier has reported it. */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> findByCallerLeg(String legId) {
        return jdbc.sql("select id from calls where company_id = :c and caller_leg_id = :leg")
                .param("c", TenantContext.require().value()).param("leg", legId).query(UUID.class).optional();
    }

    /** The call one of whose legs (the caller's, or a phone the app rang for it) is the carrier leg {@code legId}, if any. */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> findByLeg(String legId) {
        return jdbc.sql("select call_id from call_legs where company_id = :c and leg_id = :leg limit 1")
                .param("c", TenantContext.require().value()).param("leg", legId).query(UUID.class).optional();
    }

    /** How many tags a call may have. */
    public static final int MAX_TAGS = 20;

    /** A call's notes and tags, as the audit log keeps them before and after a change. */
    record Annotation(String notes, List<String> tags) {
    }

    /**
     * Notes and tags are the only parts of a call a person edits: owners, admins and supervisors any call's, an agent those
     * of the calls they may see ({@link #get(Actor, UUID)}: the calls they took part in; another's is a 403, as its page is),
     * as RingCentral and Dialpad let an agent note a call they took. Who changed them, and from what, is in the audit log.
     */
    @Transactional
    public Entry annotate(Actor actor, UUID id, String notes, List<String> tags) {
        var before = get(actor, id).call();
        if (notes != null && notes.length() > 5000) {
            throw new InvalidInputException("notes", "length", "must be at most 5000 characters");
        }
        for (int i = 0; tags != null && i < tags.size(); i++) {
            if (tags.get(i) == null || tags.get(i).isBlank()) {
                // Not dropped: a list of blanks alone would have cleared the call's tags ([] says that).
                throw new InvalidInputException("tags[" + i + "]", "required", "must not be blank (send [] for no tags)");
            }
        }
        // Tags are compared ignoring case (as a customer's VIP tag is): "VIP" and "vip" are one tag, the first spelling kept.
        var cleanTags = tags == null ? null : tags.stream().map(String::strip)
                .collect(java.util.stream.Collectors.toMap(t -> t.toLowerCase(java.util.Locale.ROOT), t -> t, (a, b) -> a,
                        java.util.LinkedHashMap::new))
                .values().stream().toList();
        if (cleanTags != null && cleanTags.stream().anyMatch(t -> t.length() > 50)) {
            throw new InvalidInputException("tags", "length", "each tag is at most 50 characters");
        }
        if (cleanTags != null && cleanTags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "size", "at most " + MAX_TAGS + " tags");
        }
        if (cleanTags != null && cleanTags.stream().anyMatch(t -> t.indexOf(',') >= 0)) {
            // The call's page and the exports separate tags with commas.
            throw new InvalidInputException("tags", "pattern", "a tag must not contain a comma (tags are separated by commas)");
        }
        if (notes != null && notes.indexOf('\0') >= 0) {
            throw new InvalidInputException("notes", "text", "must not contain the NUL character (\\u0000)");
        }
        if (cleanTags != null && cleanTags.stream().anyMatch(t -> t.indexOf('\0') >= 0)) {
            throw new InvalidInputException("tags", "text", "must not contain the NUL character (\\u0000)");
        }
        int n = jdbc.sql("update calls set notes = coalesce(:notes, notes), tags = coalesce(:tags, tags) where company_id = :c and id = :id")
                .param("notes", notes).param("tags", cleanTags == null ? null : cleanTags.toArray(String[]::new))
                .param("c", TenantContext.require().value()).param("id", id).update();
        if (n == 0) {
            throw new NotFoundException("call", id);
        }
        var after = get(id).call();
        var was = new Annotation(before.notes(), before.tags());
        var now = new Annotation(after.notes(), after.tags());
        if (!was.equals(now)) {
            audit.record(actor, "call", id, "update", was, now);
        }
        return after;
    }

    /**
     * A change of the customer and job a call is linked to: each given one is set ({@code null}: none), each not given
     * kept. See {@link #link}.
     */
    public record LinkChange(boolean setsCustomer, UUID customerId, boolean setsJob, UUID jobId) {
    }

    /** A call's customer and job, as the audit log keeps them before and after a change. */
    record Link(UUID customerId, UUID jobId) {
    }

    /**
     * Links call {@code id} to a customer and a job, or unlinks it, as whoever may change customers and jobs may (owners,
     * admins and supervisors; an agent is refused, whoever's call it is): a call from a number nobody had when it came,
     * whose caller became a customer since; a call about another job than the one routing guessed. The customer and the
     * job must be this company's (422 naming {@code customer_id} or {@code job_id}); the job must be the call's customer's
     * (the customer given, or else the call's): a job given to a call with no customer links the job's customer too. A
     * customer changed without a job keeps the call's job only when it is the new customer's. Every refusal at once;
     * nothing changed then. The change is in the audit log ({@code call_link}) with who made it.
     */
    @Transactional
    public Entry link(Actor actor, UUID id, LinkChange change) {
        var before = get(actor, id).call();
        if (actor.role() == Role.AGENT) {
            throw new ForbiddenException("agents cannot change the customer or job of a call; an owner, admin or supervisor can");
        }
        var customer = change.setsCustomer() ? change.customerId() : before.customerId();
        var job = change.setsJob() ? change.jobId() : before.jobId();
        var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
        if (change.setsCustomer() && customer != null && customers.find(customer).isEmpty()) {
            problems.add(new dev.switchboard.platform.FieldProblem("customer_id", "exists", "no customer " + customer + " in this company"));
        }
        if (change.setsCustomer() && !change.setsJob() && job != null) {
            // Another customer's job would be left on the call: it goes, as it is not about them.
            var current = jobs.find(job);
            if (current.isEmpty() || !current.get().customerId().equals(customer)) {
                job = null;
            }
        }
        if (change.setsJob() && job != null) {
            var given = jobs.find(job);
            if (given.isEmpty()) {
                problems.add(new dev.switchboard.platform.FieldProblem("job_id", "exists", "no job " + job + " in this company"));
            } else if (customer == null && !change.setsCustomer()) {
                customer = given.get().customerId();
            } else if (customer == null) {
                problems.add(new dev.switchboard.platform.FieldProblem("job_id", "customer", "a call with no customer can have no job: "
                        + "give the job's customer as customer_id too, or leave customer_id out"));
            } else if (!given.get().customerId().equals(customer)) {
                var names = customers.names(List.of(given.get().customerId(), customer));
                problems.add(new dev.switchboard.platform.FieldProblem("job_id", "customer", "job \u201c" + given.get().title() + "\u201d is "
                        + names.getOrDefault(given.get().customerId(), "another customer") + "'s, not "
                        + names.getOrDefault(customer, "the call's customer") + "'s, the call's customer"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        jdbc.sql("update calls set customer_id = :customer, job_id = :job where company_id = :c and id = :id")
                .param("customer", customer).param("job", job).param("c", TenantContext.require().value()).param("id", id).update();
        var after = get(id).call();
        if (after.voicemailId() != null && !java.util.Objects.equals(before.customerId(), after.customerId())) {
            // The message the caller left names them in the inbox as the call now does.
            voicemails.linkCustomer(List.of(after.voicemailId()), after.customerId());
        }
        var was = new Link(before.customerId(), before.jobId());
        var now = new Link(after.customerId(), after.jobId());
        if (!was.equals(now)) {
            audit.record(actor, "call_link", id, "update", was, now);
        }
        return after;
    }

    /**
     * A PATCH of a call: its customer and job as {@link #link} changes them (when {@code change} sets either), then its
     * notes and tags as {@link #annotate} does, in one transaction: either refused, nothing changed.
     */
    @Transactional
    public Entry edit(Actor actor, UUID id, String notes, List<String> tags, LinkChange change) {
        if (change.setsCustomer() || change.setsJob()) {
            link(actor, id, change);
        }
        return annotate(actor, id, notes, tags);
    }

    /**
     * Links to customer {@code customerId} the calls with one of {@code numbers} (E.164) on the other end (the caller of a
     * call in, the number a call out dialled) that are linked to no customer: the calls of a number that was nobody's when
     * they were made, once a customer has it. A call someone unlinked stays so only while its number is no new customer's.
     * Returns how many.
     */
    @Transactional
    public int linkUnlinked(UUID customerId, java.util.Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return 0;
        }
        // Each call's message, if the caller left one: the inbox names them as the call log now does.
        record Linked(UUID id, UUID voicemailId) {
        }
        var linked = jdbc.sql("""
                update calls set customer_id = :customer where company_id = :c
                  and (customer_id is null or not exists (select 1 from customers cu where cu.company_id = calls.company_id
                       and cu.id = calls.customer_id))
                  and (direction = 'INBOUND' and from_number = any(:numbers) or direction = 'OUTBOUND' and to_number = any(:numbers))
                returning id, voicemail_id
                """).param("customer", customerId).param("c", TenantContext.require().value())
                .param("numbers", numbers.toArray(String[]::new))
                .query((rs, n) -> new Linked(rs.getObject("id", UUID.class), rs.getObject("voicemail_id", UUID.class))).list();
        voicemails.linkCustomer(linked.stream().map(Linked::voicemailId).filter(java.util.Objects::nonNull).toList(), customerId);
        return linked.size();
    }

    private Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        var tags = rs.getArray("tags");
        var mediaId = rs.getObject("recording_media_id", UUID.class);
        var error = rs.getString("recording_error");
        return new Entry(rs.getObject("id", UUID.class), rs.getString("direction"), rs.getString("from_number"), rs.getString("to_number"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("answered_at")), instant(rs.getTimestamp("ended_at")),
                (Integer) rs.getObject("duration_seconds"), (Integer) rs.getObject("billable_seconds"), rs.getString("outcome"),
                rs.getObject("answered_by", UUID.class), rs.getObject("rule_id", UUID.class), rs.getString("recording_url"),
                rs.getString("transcription"), rs.getObject("customer_id", UUID.class), null, rs.getObject("job_id", UUID.class), null,
                json.readTree(rs.getString("transfers")), (Long) rs.getObject("cost_cents"),
                tags == null ? List.of() : List.of((String[]) tags.getArray()), json.readTree(rs.getString("metadata")),
                rs.getString("notes"), rs.getObject("voicemail_id", UUID.class), rs.getString("phase"),
                mediaId, ownRecordingStatus(mediaId, rs.getTimestamp("recording_next_attempt_at"), error),
                mediaId == null ? error : null, null);
    }

    /**
     * The state of the call's own recording, as a voicemail message's audio status (see {@link RecordingStatus}):
     * a recorded call's copy is stored (its media), due (its next try) or given up (its error). A call with none
     * of these has no recording of its own, whatever its recording_url: a voicemail call's is its message's
     * (see withMessages).
     */
    private static RecordingStatus ownRecordingStatus(UUID mediaId, Timestamp nextAttempt, String error) {
        if (mediaId != null) {
            return RecordingStatus.STORED;
        }
        if (nextAttempt != null) {
            return RecordingStatus.FETCHING;
        }
        return error != null ? RecordingStatus.FAILED : RecordingStatus.NONE;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
