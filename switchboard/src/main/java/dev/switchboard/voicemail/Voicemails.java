package dev.switchboard.voicemail;

import dev.switchboard.media.Media;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Voicemail messages. A message is stored the moment the carrier reports its recording, with the
 * carrier's URL; the audio is then copied into media storage. A failed copy leaves the message (and
 * the URL) in place to be tried again: nothing a caller left is lost.
 */
@Service
public class Voicemails {

    private static final Logger log = LoggerFactory.getLogger(Voicemails.class);

    private final JdbcClient jdbc;
    private final Media media;

    Voicemails(JdbcClient jdbc, Media media) {
        this.jdbc = jdbc;
        this.media = media;
    }

    @Transactional
    public UUID deposit(UUID memberId, UUID callId, String from, Instant receivedAt, int durationSeconds, String carrierUrl) {
        var id = UUID.randomUUID();
        jdbc.sql("""
                insert into voicemail_messages (company_id, id, member_id, call_id, from_number, received_at, duration_seconds, carrier_audio_url)
                values (:c, :id, :m, :call, :from, :at, :d, :url)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("m", memberId).param("call", callId)
                .param("from", from).param("at", Timestamp.from(receivedAt)).param("d", durationSeconds).param("url", carrierUrl)
                .update();
        return id;
    }

    /** Copies the audio into media storage; on failure the message keeps its carrier URL and the attempt is counted. */
    @Transactional
    public boolean storeAudio(UUID messageId, byte[] audio) {
        try {
            var file = media.storeFetched("voicemail", "voicemail-" + messageId, audio);
            jdbc.sql("update voicemail_messages set media_id = :m where company_id = :c and id = :id")
                    .param("m", file.id()).param("c", TenantContext.require().value()).param("id", messageId).update();
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
    }

    @Transactional(readOnly = true)
    public List<VoicemailMessage> list(UUID memberId) {
        return jdbc.sql("select * from voicemail_messages where company_id = :c and member_id is not distinct from :m order by received_at desc")
                .param("c", TenantContext.require().value()).param("m", memberId)
                .query((rs, n) -> new VoicemailMessage(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
                        rs.getObject("call_id", UUID.class), rs.getString("from_number"), rs.getTimestamp("received_at").toInstant(),
                        rs.getInt("duration_seconds"), rs.getObject("media_id", UUID.class), rs.getString("carrier_audio_url"),
                        rs.getString("transcription"), rs.getBoolean("heard")))
                .list();
    }

    @Transactional(readOnly = true)
    public VoicemailMessage get(UUID id) {
        return jdbc.sql("select * from voicemail_messages where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query((rs, n) -> new VoicemailMessage(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
                        rs.getObject("call_id", UUID.class), rs.getString("from_number"), rs.getTimestamp("received_at").toInstant(),
                        rs.getInt("duration_seconds"), rs.getObject("media_id", UUID.class), rs.getString("carrier_audio_url"),
                        rs.getString("transcription"), rs.getBoolean("heard")))
                .optional().orElseThrow(() -> new NotFoundException("voicemail message", id));
    }

    /**
     * Marks a message heard (or not). Owners and admins may for any box; everyone else for their own box
     * and the company's general box.
     */
    @Transactional
    public VoicemailMessage markHeard(dev.switchboard.tenancy.Actor actor, UUID id, boolean heard) {
        var message = get(id);
        requireBoxAccess(actor, message);
        jdbc.sql("update voicemail_messages set heard = :h where company_id = :c and id = :id")
                .param("h", heard).param("c", TenantContext.require().value()).param("id", id).update();
        return get(id);
    }

    /** Deletes a message, with the same access as {@link #markHeard}. */
    @Transactional
    public void delete(dev.switchboard.tenancy.Actor actor, UUID id) {
        var message = get(id);
        requireBoxAccess(actor, message);
        jdbc.sql("delete from voicemail_messages where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).update();
    }

    private static void requireBoxAccess(dev.switchboard.tenancy.Actor actor, VoicemailMessage message) {
        if (!actor.canConfigure() && message.memberId() != null && !actor.isMember(message.memberId())) {
            throw new dev.switchboard.platform.ForbiddenException("only the box's owner, an owner or an admin can change this message");
        }
    }
}
