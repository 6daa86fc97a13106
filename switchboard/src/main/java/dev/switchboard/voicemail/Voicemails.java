package dev.switchboard.voicemail;

import dev.switchboard.media.Media;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.directory.Members;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Voicemail messages. Depositing one also writes its notifications (see {@link Deliveries}), in the
 * same transaction. A message is stored the moment the carrier reports its recording, with the
 * carrier's URL; the audio is then copied into media storage. A failed copy leaves the message (and
 * the URL) in place to be tried again: nothing a caller left is lost.
 */
@Service
public class Voicemails {

    private static final Logger log = LoggerFactory.getLogger(Voicemails.class);

    private final JdbcClient jdbc;
    private final Media media;
    private final Deliveries deliveries;
    private final AuditLog audit;
    private final Members members;

    Voicemails(JdbcClient jdbc, Media media, Deliveries deliveries, AuditLog audit, Members members) {
        this.members = members;
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
        var id = UUID.randomUUID();
        jdbc.sql("""
                insert into voicemail_messages (company_id, id, member_id, call_id, from_number, received_at, duration_seconds,
                  carrier_audio_url, transcription)
                values (:c, :id, :m, :call, :from, :at, :d, :url, :t)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("m", memberId).param("call", callId)
                .param("from", from).param("at", Timestamp.from(receivedAt)).param("d", durationSeconds).param("url", carrierUrl)
                .param("t", transcription).update();
        deliveries.schedule(id, memberId);
        if (transcription != null) {
            deliveries.wake(id);
        }
        return id;
    }

    /** Copies the audio into media storage; on failure the message keeps its carrier URL and the attempt is counted. */
    @Transactional
    public boolean storeAudio(UUID messageId, byte[] audio) {
        try {
            var file = media.storeFetched("voicemail", "voicemail-" + messageId, audio);
            jdbc.sql("update voicemail_messages set media_id = :m where company_id = :c and id = :id")
                    .param("m", file.id()).param("c", TenantContext.require().value()).param("id", messageId).update();
            deliveries.wake(messageId);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not store the audio of voicemail {}: {}", messageId, e.getMessage());
            jdbc.sql("update voicemail_messages set audio_fetch_attempts = audio_fetch_attempts + 1 where company_id = :c and id = :id")
                    .param("c", TenantContext.require().value()).param("id", messageId).update();
            return false;
        }
    }

    @Transactional
    public void transcribed(UUID messageId, String text) {
        jdbc.sql("update voicemail_messages set transcription = :t where company_id = :c and id = :id")
                .param("t", text).param("c", TenantContext.require().value()).param("id", messageId).update();
        deliveries.wake(messageId);
    }

    @Transactional(readOnly = true)
    public List<VoicemailMessage> list(UUID memberId) {
        return jdbc.sql("select * from voicemail_messages where company_id = :c and member_id is not distinct from :m order by received_at desc")
                .param("c", TenantContext.require().value()).param("m", memberId)
                .query(Voicemails::map).list();
    }

    @Transactional(readOnly = true)
    public VoicemailMessage get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("voicemail message", id));
    }

    private Optional<VoicemailMessage> find(UUID id) {
        return jdbc.sql("select * from voicemail_messages where company_id = :c and id = :id")
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
        var sql = new StringBuilder("select * from voicemail_messages where company_id = :c");
        var params = new java.util.HashMap<String, Object>();
        params.put("c", TenantContext.require().value());
        if (!seesAll(actor)) {
            sql.append(" and (member_id is null or member_id = :me)");
            params.put("me", actor.memberId() == null ? new UUID(0, 0) : actor.memberId());
        }
        if (box != null) {
            var b = box.strip();
            if (b.equalsIgnoreCase("general")) {
                sql.append(" and member_id is null");
            } else {
                UUID member;
                if (b.equalsIgnoreCase("mine")) {
                    if (actor.memberId() == null) {
                        throw new InvalidInputException("box", "member", "you are not linked to a team member, so you have no box of your own");
                    }
                    member = actor.memberId();
                } else {
                    try {
                        member = UUID.fromString(b);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException("box", "format", "must be general, mine or a team member's id ('" + box + "' is none)");
                    }
                    if (members.find(member).isEmpty()) {
                        throw new InvalidInputException("box", "exists", "no team member " + member + " in this company");
                    }
                    if (!seesAll(actor) && !actor.isMember(member)) {
                        throw new ForbiddenException("agents see only their own box and the general box");
                    }
                }
                sql.append(" and member_id = :box");
                params.put("box", member);
            }
        }
        if (heard != null) {
            sql.append(" and heard = :heard");
            params.put("heard", heard);
        }
        sql.append(" order by received_at desc, id limit 500");
        return jdbc.sql(sql.toString()).params(params).query(Voicemails::map).list();
    }

    /** One message the actor may see (404 for one they may not, as for one that does not exist). */
    @Transactional(readOnly = true)
    public VoicemailMessage get(Actor actor, UUID id) {
        return find(id).filter(m -> sees(actor, m)).orElseThrow(() -> new NotFoundException("voicemail message", id));
    }

    /** Marks a message heard or unheard. */
    @Transactional
    public VoicemailMessage setHeard(Actor actor, UUID id, boolean heard) {
        get(actor, id);
        jdbc.sql("update voicemail_messages set heard = :h where company_id = :c and id = :id")
                .param("h", heard).param("c", TenantContext.require().value()).param("id", id).update();
        return get(id);
    }

    /**
     * Deletes a message with its stored audio and pending notifications. Owners and admins may delete
     * any message, a member the messages in their own box; supervisors read only.
     */
    @Transactional
    public void delete(Actor actor, UUID id) {
        var message = get(actor, id);
        if (!actor.canConfigure() && !(message.memberId() != null && actor.isMember(message.memberId()))) {
            throw new ForbiddenException("only an owner or admin, or the box's own member, can delete a message");
        }
        remove(message);
        audit.record(actor, "voicemail_message", id, "delete", message, null);
    }

    /** Deletes the row, then its audio (whose file goes once the transaction has committed). */
    void remove(VoicemailMessage message) {
        jdbc.sql("delete from voicemail_messages where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", message.id()).update();
        if (message.mediaId() != null) {
            media.deleteStored(message.mediaId());
        }
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
            throw new NotFoundException(message.carrierAudioUrl() != null
                    ? "the audio of voicemail message " + id + " is still being copied from the carrier; try again shortly"
                    : "voicemail message " + id + " has no recording");
        }
        return new Audio(media.get(message.mediaId()).contentType(), media.bytes(message.mediaId()));
    }

    private static boolean seesAll(Actor actor) {
        return actor.canConfigure() || actor.role() == Role.SUPERVISOR;
    }

    private static boolean sees(Actor actor, VoicemailMessage m) {
        return seesAll(actor) || m.memberId() == null || actor.isMember(m.memberId());
    }

    private static VoicemailMessage map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new VoicemailMessage(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
                rs.getObject("call_id", UUID.class), rs.getString("from_number"), rs.getTimestamp("received_at").toInstant(),
                rs.getInt("duration_seconds"), rs.getObject("media_id", UUID.class), rs.getString("carrier_audio_url"),
                rs.getString("transcription"), rs.getBoolean("heard"));
    }
}
