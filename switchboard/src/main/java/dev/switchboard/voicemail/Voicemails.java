package dev.switchboard.voicemail;

import dev.switchboard.media.Media;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Voicemail messages. Depositing one also writes its notifications (see {@link Deliveries}), in the
 * same transaction. A message is stored the moment the carrier reports its recording, with the
 * carrier's URL; the audio is then copied into media storage. A failed copy leaves the message (and
 * the URL) in place to be tried again, with back-off, until it is given up with its error: nothing a
 * caller left is lost. Who copies it (with what fetcher, how often) is the call engine's business;
 * this class keeps each message's copy state: its tries, its last error, when it is tried next.
 */
@Service
public class Voicemails {

    private final JdbcClient jdbc;
    private final Media media;
    private final Deliveries deliveries;
    private final AuditLog audit;
    private final Members members;
    private final dev.switchboard.tenancy.Users users;
    private final java.time.Clock clock;

    /**
     * A new message's copy is tried at once by whoever deposited it; should that never report (its node
     * died), the message is due for another try this long after the deposit.
     */
    static final java.time.Duration AUDIO_FETCH_GRACE = java.time.Duration.ofMinutes(2);

    Voicemails(JdbcClient jdbc, Media media, Deliveries deliveries, AuditLog audit, Members members,
            dev.switchboard.tenancy.Users users, java.time.Clock clock) {
        this.members = members;
        this.users = users;
        this.clock = clock;
        this.jdbc = jdbc;
        this.media = media;
        this.deliveries = deliveries;
        this.audit = audit;
    }

    @Transactional
    public UUID deposit(UUID memberId, UUID callId, String from, Instant receivedAt, int durationSeconds, String carrierUrl) {
        return deposit(memberId, callId, from, receivedAt, durationSeconds, carrierUrl, null);
    }

    /** Stores a new message; {@code transcription} when the carrier's came before its recording (else null). */
    @Transactional
    public UUID deposit(UUID memberId, UUID callId, String from, Instant receivedAt, int durationSeconds, String carrierUrl,
            String transcription) {
        return deposit(memberId, callId, from, receivedAt, durationSeconds, carrierUrl, transcription, clock.instant().plus(AUDIO_FETCH_GRACE));
    }

    /**
     * As {@link #deposit(UUID, UUID, String, Instant, int, String, String)}, the copy of its audio due for
     * another try at {@code retryIfUnreported} should the first try (by the depositor, at once) never report:
     * the retries' lease, so that the first try and a retry never run together.
     */
    @Transactional
    public UUID deposit(UUID memberId, UUID callId, String from, Instant receivedAt, int durationSeconds, String carrierUrl,
            String transcription, Instant retryIfUnreported) {
        return deposit(memberId, callId, null, from, receivedAt, durationSeconds, carrierUrl, transcription, retryIfUnreported);
    }

    /**
     * Names customer {@code customerId} (null: none) as the caller of the messages {@code messageIds}: their call was linked
     * to that customer since it came (by hand, or once a customer was given the caller's number), and the inbox names the
     * caller as the call log does. Returns how many messages.
     */
    @Transactional
    public int linkCustomer(java.util.Collection<UUID> messageIds, UUID customerId) {
        if (messageIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update voicemail_messages set customer_id = :customer where company_id = :c and id = any(:ids)")
                .param("customer", customerId).param("c", TenantContext.require().value())
                .param("ids", messageIds.stream().distinct().toArray(UUID[]::new)).update();
    }

    /**
     * As {@link #deposit(UUID, UUID, String, Instant, int, String, String, Instant)}, for a call linked to customer
     * {@code customerId} (null: none): the notification names that customer. A number several customers share would
     * otherwise be named after the first of them, not the one whose open job the call was routed by.
     */
    @Transactional
    public UUID deposit(UUID memberId, UUID callId, UUID customerId, String from, Instant receivedAt, int durationSeconds,
            String carrierUrl, String transcription, Instant retryIfUnreported) {
        var id = UUID.randomUUID();
        String wasFor = null;
        if (memberId != null) {
            // The member may have been deleted while the caller recorded for them: the message then goes to the
            // general mailbox rather than be refused (and lost), saying whom it was for as the messages moved by the
            // delete do (MailboxOfRemovedMember). Their row, if still there, is held until this commits.
            var left = memberId;
            memberId = members.hold(left) ? left : null;
            if (memberId == null) {
                wasFor = jdbc.sql("select name from former_team_members where company_id = :c and id = :m")
                        .param("c", TenantContext.require().value()).param("m", left).query(String.class).optional().orElse(null);
            }
        }
        jdbc.sql("""
                insert into voicemail_messages (company_id, id, member_id, call_id, customer_id, from_number, received_at, duration_seconds,
                  carrier_audio_url, transcription, audio_next_attempt_at, was_for_name)
                values (:c, :id, :m, :call, :customer, :from, :at, :d, :url, :t, :next, :wasFor)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("m", memberId).param("call", callId)
                .param("wasFor", wasFor)
                .param("customer", customerId)
                .param("from", from).param("at", Timestamp.from(receivedAt)).param("d", durationSeconds).param("url", carrierUrl)
                .param("t", transcription)
                .param("next", carrierUrl == null ? null : Timestamp.from(retryIfUnreported)).update();
        deliveries.schedule(id, memberId, durationSeconds);
        if (transcription != null) {
            deliveries.wake(id);
        }
        return id;
    }

    /**
     * Stores the audio fetched from the carrier in media storage as the message's recording (a try
     * counted). False when there is nothing to do: the message has its audio already (two tries crossed)
     * or is gone. Throws when the audio cannot be stored (not WAV or MP3, too big...): that is a failed
     * try for {@link #audioFetchFailed}, in a transaction of its own.
     */
    @Transactional
    public boolean storeAudio(UUID messageId, byte[] audio) {
        var company = TenantContext.require().value();
        boolean waiting = jdbc.sql("select media_id is null from voicemail_messages where company_id = :c and id = :id for update")
                .param("c", company).param("id", messageId).query(Boolean.class).optional().orElse(false);
        if (!waiting) {
            return false;
        }
        var file = media.storeFetched("voicemail", "voicemail-" + messageId, audio);
        jdbc.sql("""
                update voicemail_messages set media_id = :m, audio_fetch_attempts = audio_fetch_attempts + 1,
                  audio_next_attempt_at = null, audio_error = null
                where company_id = :c and id = :id
                """).param("m", file.id()).param("c", company).param("id", messageId).update();
        deliveries.wake(messageId);
        return true;
    }

    /**
     * Records a failed try at copying a message's audio: counted, with its error, and tried again at
     * {@code nextAttempt.apply(tries so far)}, or given up when that is null (the error kept, and shown).
     *
     * @return the tries so far; empty when the message needs no copy any more (stored meanwhile, or gone)
     */
    @Transactional
    public Optional<Integer> audioFetchFailed(UUID messageId, String error, java.util.function.IntFunction<Instant> nextAttempt) {
        var company = TenantContext.require().value();
        var tries = jdbc.sql("""
                update voicemail_messages set audio_fetch_attempts = audio_fetch_attempts + 1
                where company_id = :c and id = :id and media_id is null and carrier_audio_url is not null
                returning audio_fetch_attempts
                """).param("c", company).param("id", messageId).query(Integer.class).optional();
        tries.ifPresent(n -> {
            var next = nextAttempt.apply(n);
            jdbc.sql("update voicemail_messages set audio_next_attempt_at = :next, audio_error = :e where company_id = :c and id = :id")
                    .param("next", next == null ? null : Timestamp.from(next))
                    .param("e", (next == null ? "gave up after " + n + (n == 1 ? " try: " : " tries: ") : "try " + n + " failed: ") + error)
                    .param("c", company).param("id", messageId).update();
        });
        return tries;
    }

    /** A message whose audio copy is due, of any company (see {@link #claimDueAudio}). */
    public record DueAudio(dev.switchboard.shared.CompanyId company, UUID messageId) {
    }

    /**
     * Claims up to {@code limit} messages of any company whose audio copy is due at {@code now}: they are
     * left to the caller until {@code leaseUntil} (no other node claims them meanwhile; should the caller
     * die, they are due again then). Each is then tried as its own company ({@link #audioToFetch}).
     */
    @Transactional
    public List<DueAudio> claimDueAudio(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("select claimed_company, claimed_id from voicemail_claim_audio_fetches(:now, :lease, :limit)")
                .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil)).param("limit", limit)
                .query((rs, n) -> new DueAudio(new dev.switchboard.shared.CompanyId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .list();
    }

    /**
     * The carrier URL to copy a message's audio from, when it still needs copying; a claimed message
     * that does not (stored meanwhile, or without a URL) is no longer due.
     */
    @Transactional
    public Optional<String> audioToFetch(UUID messageId) {
        var company = TenantContext.require().value();
        var url = jdbc.sql("select carrier_audio_url from voicemail_messages where company_id = :c and id = :id and media_id is null")
                .param("c", company).param("id", messageId).query(String.class).optional();
        if (url.isEmpty()) {
            jdbc.sql("update voicemail_messages set audio_next_attempt_at = null where company_id = :c and id = :id")
                    .param("c", company).param("id", messageId).update();
        }
        return url;
    }

    /** The message's transcription; an empty or blank one is none (the inbox says "No transcription"), and changes nothing. */
    @Transactional
    public void transcribed(UUID messageId, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        jdbc.sql("update voicemail_messages set transcription = :t where company_id = :c and id = :id")
                .param("t", text).param("c", TenantContext.require().value()).param("id", messageId).update();
        deliveries.wake(messageId);
    }

    /** The messages in a box ({@code memberId} null: the general one), newest first; those in the Deleted folder are not. */
    @Transactional(readOnly = true)
    public List<VoicemailMessage> list(UUID memberId) {
        return jdbc.sql(SELECT + " where company_id = :c and member_id is not distinct from :m and deleted_at is null order by received_at desc")
                .param("c", TenantContext.require().value()).param("m", memberId)
                .query(Voicemails::map).list();
    }

    /** The message, in its box or in the Deleted folder; 404 once it is purged (or never was). */
    @Transactional(readOnly = true)
    public VoicemailMessage get(UUID id) {
        return jdbc.sql(SELECT + " where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query(Voicemails::map).optional().orElseThrow(() -> new NotFoundException("voicemail message", id));
    }

    /**
     * The messages with these ids that are in their box, by id: one in the Deleted folder is left out, as it was when a
     * delete was for good.
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, VoicemailMessage> byIds(java.util.Collection<UUID> ids) {
        return byIds(ids, false);
    }

    /**
     * As {@link #byIds(java.util.Collection)}, those in the Deleted folder too when {@code deletedToo} (for the call log,
     * which shows each voicemail call's audio and says when its message is in the Deleted folder: one query a page).
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, VoicemailMessage> byIds(java.util.Collection<UUID> ids, boolean deletedToo) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        return jdbc.sql(SELECT + " where company_id = :c and id = any(:ids)" + (deletedToo ? "" : " and deleted_at is null"))
                .param("c", TenantContext.require().value()).param("ids", ids.toArray(UUID[]::new))
                .query(Voicemails::map).stream()
                .collect(java.util.stream.Collectors.toMap(VoicemailMessage::id, m -> m));
    }

    /**
     * The message, if it is in its box: deleted in the app (in the Deleted folder) or purged, it is gone for the call's
     * page and for the member listening by phone.
     */
    @Transactional(readOnly = true)
    public Optional<VoicemailMessage> find(UUID id) {
        return jdbc.sql(SELECT + " where company_id = :c and id = :id and deleted_at is null")
                .param("c", TenantContext.require().value()).param("id", id)
                .query(Voicemails::map).optional();
    }

    // ---- people reading their voicemail ----

    /**
     * The messages {@code actor} may see, newest first: owners, admins and supervisors see every box;
     * an agent sees their own box and the general one.
     *
     * @param box {@code general}, {@code mine}, a member's id, or null for every box the actor sees
     * @param heard only heard (true) or unheard (false) messages; null for both
     */
    @Transactional(readOnly = true)
    public List<VoicemailMessage> list(Actor actor, String box, Boolean heard) {
        return list(actor, box, heard, false, null, null, MAX_PAGE);
    }

    /** The most messages one page of {@link #list(Actor, String, Boolean, boolean, Instant, UUID, int)} holds. */
    public static final int MAX_PAGE = 500;

    /**
     * One page of {@link #list(Actor, String, Boolean)}: at most {@code limit} (1 to {@link #MAX_PAGE}) messages
     * that come after the message ({@code beforeReceivedAt}, {@code beforeId}) in its order (newest first, then by
     * id), or from the newest when both are null; the last message of a full page is where the next one starts.
     *
     * @param deleted the Deleted folder's messages (true) or the boxes' (false): never both, so a list, a count or the
     *        phone never takes a deleted message for one in the box
     */
    @Transactional(readOnly = true)
    public List<VoicemailMessage> list(Actor actor, String box, Boolean heard, boolean deleted, Instant beforeReceivedAt, UUID beforeId,
            int limit) {
        InvalidInputException.requireStorable("before_received_at", beforeReceivedAt);
        if ((beforeReceivedAt == null) != (beforeId == null)) {
            throw new InvalidInputException("before_id", "pair", "before_received_at and before_id go together");
        }
        return page(actor, box, heard, deleted, beforeReceivedAt, beforeId, false, limit);
    }

    /**
     * The page before the message ({@code afterReceivedAt}, {@code afterId}) in the order of
     * {@link #list(Actor, String, Boolean, boolean, Instant, UUID, int)}: at most {@code limit} of the messages newer than it, the
     * closest ones, newest first. What a "newer messages" (previous page) link shows; fewer than {@code limit} when it is
     * near the newest.
     */
    @Transactional(readOnly = true)
    public List<VoicemailMessage> listNewer(Actor actor, String box, Boolean heard, boolean deleted, Instant afterReceivedAt, UUID afterId,
            int limit) {
        if (afterReceivedAt == null || afterId == null) {
            throw new InvalidInputException("after_id", "pair", "after_received_at and after_id go together");
        }
        return page(actor, box, heard, deleted, afterReceivedAt, afterId, true, limit).reversed();
    }

    /** How many messages of the boxes {@code actor} sees are in the Deleted folder. */
    @Transactional(readOnly = true)
    public long countDeleted(Actor actor) {
        return countDeleted(actor, null);
    }

    /**
     * As {@link #countDeleted(Actor)}, of one box when {@code box} names it as {@link #list(Actor, String, Boolean)}'s does
     * ({@code general}, {@code mine} or a member's id; null: every box the actor sees): what the inbox's link to each box's
     * Deleted messages and the Deleted page say. A box the actor may not see is refused as by the list.
     */
    @Transactional(readOnly = true)
    public long countDeleted(Actor actor, String box) {
        return count(actor, box, "deleted_at is not null");
    }

    /**
     * How many messages not heard yet are in the boxes {@code actor} sees (the inbox's, not the Deleted folder's), of one
     * box when {@code box} names it as {@link #list(Actor, String, Boolean)}'s does: what the home page says is new.
     */
    @Transactional(readOnly = true)
    public long countUnheard(Actor actor, String box) {
        return count(actor, box, "deleted_at is null and not heard");
    }

    /**
     * How many messages not heard yet each member's box holds (the boxes with none left out), for an actor who sees every
     * box (an owner, admin or supervisor); empty for anyone else. What the inbox's mailbox picker says beside each member,
     * so the company's new messages the home page counts are found in the boxes that hold them.
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, Long> unheardByMember(Actor actor) {
        if (!seesAll(actor)) {
            return java.util.Map.of();
        }
        var counts = new java.util.HashMap<UUID, Long>();
        jdbc.sql("""
                select member_id, count(*) as n from voicemail_messages
                where company_id = :c and member_id is not null and deleted_at is null and not heard group by member_id
                """).param("c", TenantContext.require().value())
                .query((java.sql.ResultSet rs) -> {
                    counts.put(rs.getObject("member_id", UUID.class), rs.getLong("n"));
                });
        return counts;
    }

    private long count(Actor actor, String box, String condition) {
        var sql = new StringBuilder("select count(*) from voicemail_messages where company_id = :c and " + condition);
        var params = new java.util.HashMap<String, Object>();
        params.put("c", TenantContext.require().value());
        whereSeenIn(actor, box, sql, params);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    /** Messages older ({@code newer} false) or newer than the message (at, id), the closest first. */
    private List<VoicemailMessage> page(Actor actor, String box, Boolean heard, boolean deleted, Instant at, UUID id, boolean newer,
            int limit) {
        InvalidInputException.requireInRange("limit", limit, 1, MAX_PAGE);
        var sql = new StringBuilder(SELECT + " where company_id = :c" + (deleted ? " and deleted_at is not null" : " and deleted_at is null"));
        var params = new java.util.HashMap<String, Object>();
        params.put("c", TenantContext.require().value());
        whereSeenIn(actor, box, sql, params);
        if (heard != null) {
            sql.append(" and heard = :heard");
            params.put("heard", heard);
        }
        if (at != null) {
            sql.append(newer ? " and (received_at, id) > (:at, :id)" : " and (received_at, id) < (:at, :id)");
            params.put("at", Timestamp.from(at));
            params.put("id", id);
        }
        sql.append(newer ? " order by received_at, id limit :limit" : " order by received_at desc, id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(Voicemails::map).list();
    }

    /**
     * Adds to {@code sql} the messages {@code actor} sees (an agent: their own box's and the general one's) and, when
     * {@code box} names one ({@code general}, {@code mine} or a member's id), that box's only; an unreadable box, a member
     * not in the company or another member's box for an agent is refused.
     */
    /** The member whose box {@code box} (stripped, not {@code general}) names: {@code mine}, or a member's id. */
    private static UUID memberBox(Actor actor, String box) {
        if (box.equalsIgnoreCase("mine")) {
            if (actor.memberId() == null) {
                throw noBoxOfYourOwn();
            }
            return actor.memberId();
        }
        try {
            return UUID.fromString(box);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("box", "format", "must be general, mine or a team member's id ('" + box + "' is none)");
        }
    }

    private static InvalidInputException noBoxOfYourOwn() {
        return new InvalidInputException("box", "member", "you are not linked to a team member, so you have no box of your own");
    }

    private void whereSeenIn(Actor actor, String box, StringBuilder sql, java.util.Map<String, Object> params) {
        if (!seesAll(actor)) {
            sql.append(" and (member_id is null or member_id = :me)");
            params.put("me", actor.memberId() == null ? new UUID(0, 0) : actor.memberId());
        }
        if (box != null) {
            var b = box.strip();
            if (b.equalsIgnoreCase("general")) {
                sql.append(" and member_id is null");
            } else {
                UUID member = memberBox(actor, b);
                if (!b.equalsIgnoreCase("mine")) {
                    if (members.find(member).isEmpty()) {
                        var former = formerMemberName(member);
                        throw new InvalidInputException("box", "exists", "no team member " + member + " in this company"
                                + former.map(name -> " (" + name + " was removed from the team: their messages are in the general "
                                        + "mailbox (box=general), was_for naming them)").orElse(""));
                    }
                    if (!seesAll(actor) && !actor.isMember(member)) {
                        throw new ForbiddenException("agents see only their own box and the general box");
                    }
                }
                sql.append(" and member_id = :box");
                params.put("box", member);
            }
        }
    }

    /**
     * The name of the team member {@code memberId} as it was when they were removed from the company, whose messages moved
     * to the general mailbox ({@link MailboxOfRemovedMember}); empty for an id that is no former member's.
     */
    @Transactional(readOnly = true)
    public Optional<String> formerMemberName(UUID memberId) {
        return jdbc.sql("select name from former_team_members where company_id = :c and id = :m")
                .param("c", TenantContext.require().value()).param("m", memberId).query(String.class).optional();
    }

    /**
     * One message the actor may see. Another member's message is a 403 for an agent, as another member's call is in the
     * call log: it is a message of their own company, whose id tells them nothing a colleague could not, and "not
     * allowed" is the truthful answer. A 404 is for an id not in this company (another company's, or none), whose
     * existence is none of the actor's business.
     */
    @Transactional(readOnly = true)
    public VoicemailMessage get(Actor actor, UUID id) {
        var message = get(id); // in the Deleted folder too: it can be read and played there before it is restored
        if (!sees(actor, message)) {
            throw new ForbiddenException("agents see only their own box and the general box, not voicemail message " + id);
        }
        return message;
    }

    /**
     * Marks a message heard or unheard: one in the General box for anyone who sees it (it is the team's), one in a member's
     * box for that member, an owner or an admin. A supervisor (who reads every box) marked a colleague's messages heard
     * by listening, and they no longer showed as new to the colleague they were left for.
     */
    @Transactional
    public VoicemailMessage setHeard(Actor actor, UUID id, boolean heard) {
        var message = get(actor, id);
        if (!mayMarkHeard(actor, message)) {
            throw new ForbiddenException("only the box's own member, an owner or an admin can mark a message in it heard or new");
        }
        if (message.deleted()) {
            // Restoring brings it back heard or new as it was deleted: nothing changes it in between.
            throw new ConflictException("id", "state", "voicemail message " + id + " is in the Deleted folder: restore it first");
        }
        // The first hearing is kept (retention counts from it): marked unheard and heard again, it is not moved on.
        jdbc.sql("update voicemail_messages set heard = :h, heard_at = coalesce(heard_at, case when :h then cast(:now as timestamptz) end)"
                        + " where company_id = :c and id = :id")
                .param("h", heard).param("now", java.sql.Timestamp.from(clock.instant()))
                .param("c", TenantContext.require().value()).param("id", id).update();
        return get(id);
    }

    /**
     * Moves a message to another box ({@code box}: {@code general}, {@code mine} or a team member's id), as a message left
     * in the General box for a technician is handed to them, or one left on someone's line for the office goes to the
     * General box (Asterisk's and FreePBX's "forward to another mailbox", 3CX's "forward voicemail"). It arrives there
     * new: its new box's member has not heard it, and its retention counts from when they do. Its notifications not sent
     * yet are cancelled and the new box's are sent ({@link Deliveries#moved}). Allowed to whoever may mark it heard
     * ({@link #mayMarkHeard}): a General box message to anyone who reads it, a member's to that member, an owner or an
     * admin. A box that is not there, the box it is in, or a message in the Deleted folder is refused, nothing changed.
     */
    @Transactional
    public VoicemailMessage move(Actor actor, UUID id, String box) {
        // The message's row held first, then read: one deleted meanwhile (its notifications cancelled) is refused as in the
        // Deleted folder, not moved there with its new box's notifications sent for a message nobody sees.
        jdbc.sql("select id from voicemail_messages where company_id = :c and id = :id for update")
                .param("c", TenantContext.require().value()).param("id", id).query(UUID.class).optional();
        var message = get(actor, id);
        if (!mayMarkHeard(actor, message)) {
            throw new ForbiddenException("only the box's own member, an owner or an admin can move a message out of a member's box");
        }
        if (box == null || box.isBlank()) {
            throw new InvalidInputException("box", "required", "the mailbox to move the message to: general, mine or a team member's id");
        }
        var b = box.strip();
        UUID to;
        if (b.equalsIgnoreCase("general")) {
            to = null;
        } else if (b.equalsIgnoreCase("mine") && actor.memberId() != null && members.find(actor.memberId()).isEmpty()) {
            throw noBoxOfYourOwn();
        } else {
            to = memberBox(actor, b);
        }
        if (message.deleted()) {
            throw new ConflictException("id", "state", "voicemail message " + id + " is in the Deleted folder: restore it first");
        }
        // The member's row held until this commits: one deleted meanwhile is refused, not given a message nobody reads.
        if (to != null && !members.hold(to)) {
            throw new InvalidInputException("box", "exists", "no team member " + to + " in this company");
        }
        if (java.util.Objects.equals(to, message.memberId())) {
            throw new InvalidInputException("box", "same", "the message is already in " + boxName(to));
        }
        jdbc.sql("""
                update voicemail_messages set member_id = :to, heard = false, heard_at = null,
                  was_for_name = case when cast(:to as uuid) is null then was_for_name end
                where company_id = :c and id = :id
                """).param("to", to).param("c", TenantContext.require().value()).param("id", id).update();
        deliveries.moved(id, to, message.durationSeconds(), true);
        var moved = get(id);
        audit.record(actor, "voicemail_message", id, "move", message, moved);
        return moved;
    }

    /** "the general mailbox", "Ann Lee's mailbox": a box as the inbox names it. */
    public String boxName(UUID memberId) {
        return memberId == null ? "the general mailbox"
                : members.find(memberId).map(m -> m.name() + "'s mailbox").orElse("a former team member's mailbox");
    }

    /**
     * Moves a message to the Deleted folder, its audio and transcription kept, and cancels its notifications not sent yet
     * (as deleting it did when it was for good). It can be {@link #restore restored} for {@value VoicemailMessage#TRASH_DAYS}
     * days, then {@link Retention} purges it. Owners and admins may delete any message, a member the messages in their own
     * box; supervisors read only. One already in the Deleted folder is a 409: {@link #purge} deletes it for good.
     */
    @Transactional
    public VoicemailMessage delete(Actor actor, UUID id) {
        var message = mayDelete(actor, id, "delete");
        if (message.deleted()) {
            throw new ConflictException("id", "state", "voicemail message " + id + " is already in the Deleted folder"
                    + " (restore it, or delete it forever)");
        }
        var company = TenantContext.require().value();
        jdbc.sql("update voicemail_messages set deleted_at = :now, deleted_by = :by, deleted_by_id = :byId where company_id = :c and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("by", actor.label()).param("byId", actor.userId())
                .param("c", company).param("id", id).update();
        jdbc.sql("delete from voicemail_deliveries where company_id = :c and message_id = :id and sent_at is null and failed_at is null")
                .param("c", company).param("id", id).update();
        audit.record(actor, "voicemail_message", id, "delete", message, null);
        return get(id);
    }

    /**
     * Brings a message back from the Deleted folder to its box (the general one when its member was deleted meanwhile),
     * heard or new as it was. Its box's retention of heard messages counts from the restore too: one deleted weeks ago
     * is not purged within the hour of being brought back. Allowed to whoever may delete it; one that is not in the
     * Deleted folder is a 409.
     */
    @Transactional
    public VoicemailMessage restore(Actor actor, UUID id) {
        var message = mayDelete(actor, id, "restore");
        if (!message.deleted()) {
            throw new ConflictException("id", "state", "voicemail message " + id + " is not in the Deleted folder: there is nothing to restore");
        }
        jdbc.sql("update voicemail_messages set deleted_at = null, deleted_by = null, deleted_by_id = null, restored_at = :now"
                        + " where company_id = :c and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("c", TenantContext.require().value()).param("id", id).update();
        var restored = get(id);
        audit.record(actor, "voicemail_message", id, "restore", null, restored);
        return restored;
    }

    /**
     * Deletes a message in the Deleted folder for good, with its stored audio, before {@link Retention} would. Allowed
     * to whoever may delete it; one still in its box is a 409 (delete it first: one mis-click never loses a message).
     */
    @Transactional
    public void purge(Actor actor, UUID id) {
        var message = mayDelete(actor, id, "delete forever");
        if (!message.deleted()) {
            throw new ConflictException("id", "state", "voicemail message " + id
                    + " is not in the Deleted folder: delete it first, then delete it forever from there");
        }
        remove(message);
        audit.record(actor, "voicemail_message", id, "purge", message, null);
    }

    /** The message, when {@code actor} may delete, restore or purge it: an owner or admin, or the box's own member. */
    private VoicemailMessage mayDelete(Actor actor, UUID id, String what) {
        var message = get(actor, id);
        if (!mayDelete(actor, message)) {
            throw new ForbiddenException("only an owner or admin, or the box's own member, can " + what + " a message");
        }
        return message;
    }

    /**
     * Whether {@code actor} may delete the message, or restore it or delete it forever from the Deleted folder: an owner
     * or admin, or the box's own member (supervisors read only). What the pages offer those buttons by.
     */
    public static boolean mayDelete(Actor actor, VoicemailMessage message) {
        return actor.canConfigure() || (message.memberId() != null && actor.isMember(message.memberId()));
    }

    /** Whether {@code actor} may mark the message heard or new (see {@link #setHeard}): what the pages offer it by. */
    public static boolean mayMarkHeard(Actor actor, VoicemailMessage message) {
        return message.memberId() == null || mayDelete(actor, message);
    }

    /**
     * The message with this id, in its box or in the Deleted folder ({@link VoicemailMessage#deletedAt}), when
     * {@code actor} sees it (its box is theirs, or they see every box): what a call's page says of its message. Empty when
     * it is purged, none, or another member's for an agent.
     */
    @Transactional(readOnly = true)
    public Optional<VoicemailMessage> visible(Actor actor, UUID id) {
        return jdbc.sql(SELECT + " where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query(Voicemails::map).optional().filter(m -> sees(actor, m));
    }

    /**
     * Who moved each of these messages to the Deleted folder, by name, as the Activity page and a call's transfers name
     * people: a login by its name as it is now (by the email recorded once that login is removed), a member by phone by
     * the box's member's name, the system as such. Messages not in the Deleted folder are left out.
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> deletedByNames(java.util.Collection<VoicemailMessage> messages) {
        var deleted = messages.stream().filter(VoicemailMessage::deleted).toList();
        if (deleted.isEmpty()) {
            return java.util.Map.of();
        }
        var logins = users.names();
        var memberNames = deleted.stream().anyMatch(m -> m.deletedById() == null) ? members.everyonesNames() : java.util.Map.<UUID, String>of();
        var names = new java.util.HashMap<UUID, String>();
        for (var m : deleted) {
            String name;
            if (m.deletedById() != null) {
                name = logins.getOrDefault(m.deletedById(), m.deletedBy());
            } else if (PHONE.equals(m.deletedBy())) {
                // The box's own member, who alone reaches it by phone (its messages moved to the general box with their
                // name, should they have been removed since).
                var member = m.memberId() != null ? memberNames.get(m.memberId()) : m.wasFor();
                name = (member != null ? member : "the mailbox's member") + " (by phone)";
            } else if (m.deletedBy() == null || "system".equals(m.deletedBy())) {
                name = "the system";
            } else {
                name = m.deletedBy(); // a member without a login acting for themselves: their name, as recorded
            }
            names.put(m.id(), name);
        }
        return names;
    }

    /** What {@link #delete} records as who deleted a message when its member did it by phone (no login: see CallEngine). */
    public static final String PHONE = "phone";

    /**
     * Deletes the row, then its audio (whose file goes once the transaction has committed): the audio the row has
     * when it is deleted, not when it was read (a copy of the audio stored in between is deleted with it).
     */
    void remove(VoicemailMessage message) {
        var audio = jdbc.sql("delete from voicemail_messages where company_id = :c and id = :id returning media_id")
                .param("c", TenantContext.require().value()).param("id", message.id())
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getObject(1, UUID.class))).list();
        audio.stream().flatMap(Optional::stream).findFirst().ifPresent(media::deleteStored);
    }

    /** A message's recording. */
    public record Audio(String contentType, byte[] bytes) {
    }

    /**
     * The stored recording of a message. 404 when there is none: the message says whether it is still
     * being copied from the carrier or there never was one.
     */
    @Transactional(readOnly = true)
    public Audio audio(Actor actor, UUID id) {
        var message = get(actor, id);
        if (message.mediaId() == null) {
            throw new NotFoundException(switch (message.audioStatus()) {
                case FETCHING -> "the audio of voicemail message " + id + " is still being copied from the carrier; try again shortly";
                case FAILED -> "the audio of voicemail message " + id + " could not be copied from the carrier (" + message.audioError() + ")";
                default -> "voicemail message " + id + " has no recording";
            });
        }
        return new Audio(media.get(message.mediaId()).contentType(), media.bytes(message.mediaId()));
    }

    private static boolean seesAll(Actor actor) {
        return actor.canConfigure() || actor.role() == Role.SUPERVISOR;
    }

    private static boolean sees(Actor actor, VoicemailMessage m) {
        return seesAll(actor) || m.memberId() == null || actor.isMember(m.memberId());
    }

    /**
     * A message with the name of the customer its call is linked to (V1_34), read in the same statement, so a list of
     * them names each caller without a query per message. A customer deleted since leaves the name null.
     */
    private static final String SELECT = "select m.*, (select c.name from customers c where c.company_id = m.company_id"
            + " and c.id = m.customer_id) as customer_name from voicemail_messages m";

    private static VoicemailMessage map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new VoicemailMessage(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
                rs.getObject("call_id", UUID.class), rs.getString("from_number"), rs.getTimestamp("received_at").toInstant(),
                rs.getInt("duration_seconds"), rs.getObject("media_id", UUID.class), rs.getString("carrier_audio_url"),
                rs.getString("transcription"), rs.getBoolean("heard"), rs.getString("audio_error"),
                rs.getTimestamp("audio_next_attempt_at") == null ? null : rs.getTimestamp("audio_next_attempt_at").toInstant(),
                rs.getObject("customer_id", UUID.class), rs.getString("customer_name"), rs.getString("was_for_name"),
                rs.getTimestamp("deleted_at") == null ? null : rs.getTimestamp("deleted_at").toInstant(), rs.getString("deleted_by"),
                rs.getObject("deleted_by_id", UUID.class));
    }
}
