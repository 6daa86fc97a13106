package dev.switchboard.voicemail;

import dev.switchboard.directory.MemberRemoval;
import dev.switchboard.platform.TenantContext;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A deleted member's messages go to the general mailbox, heard or not as they were, each saying whom it was for (the
 * member's name at the delete: an owner reading it there knows whose customer called): a caller's message is never
 * lost with the person it was for (the member could not be deleted at all while their mailbox held one). Their box's
 * settings go with them (the database cascades), and its recorded greeting once nothing else uses it. Messages of theirs
 * in the Deleted folder move too, still deleted, with their trash clock (when they were deleted) unchanged: restored,
 * they come back to the general mailbox; else they are purged on the day they would have been. Their notifications not
 * sent yet are the general mailbox's to send ({@link Deliveries#moved}), not the departed member's.
 */
@Component
class MailboxOfRemovedMember implements MemberRemoval {

    private final JdbcClient jdbc;
    private final dev.switchboard.media.Media media;
    /** Looked up when a member is removed: the notifications need the members, whose removal calls this. */
    private final org.springframework.beans.factory.ObjectProvider<Deliveries> deliveries;

    MailboxOfRemovedMember(JdbcClient jdbc, dev.switchboard.media.Media media,
            org.springframework.beans.factory.ObjectProvider<Deliveries> deliveries) {
        this.jdbc = jdbc;
        this.media = media;
        this.deliveries = deliveries;
    }

    @Override
    public java.util.List<String> memberRemoved(dev.switchboard.tenancy.Actor actor, UUID memberId, String name) {
        record Moved(UUID id, boolean deleted, int seconds) {
        }
        var movedMessages = jdbc.sql("""
                update voicemail_messages set member_id = null, was_for_name = :name where company_id = :c and member_id = :m
                returning id, deleted_at is not null as deleted, duration_seconds
                """).param("c", TenantContext.require().value()).param("m", memberId).param("name", name)
                .query((rs, n) -> new Moved(rs.getObject("id", UUID.class), rs.getBoolean("deleted"), rs.getInt("duration_seconds")))
                .list();
        // Their notifications not sent yet went to the member's own addresses: the general mailbox's are told instead.
        movedMessages.stream().filter(m -> !m.deleted()).forEach(m -> deliveries.getObject().moved(m.id(), null, m.seconds(), false));
        var moved = movedMessages.stream().map(Moved::deleted).toList();
        jdbc.sql("select greeting_media_id from voicemail_boxes where company_id = :c and member_id = :m and greeting_media_id is not null")
                .param("c", TenantContext.require().value()).param("m", memberId).query(UUID.class).optional()
                .ifPresent(media::released);
        long inBox = moved.stream().filter(deleted -> !deleted).count();
        long deleted = moved.size() - inBox;
        var said = new java.util.ArrayList<String>();
        if (inBox > 0) {
            said.add((inBox == 1 ? "1 voicemail message" : inBox + " voicemail messages") + " moved to the general mailbox");
        }
        if (deleted > 0) {
            said.add((deleted == 1 ? "1 deleted voicemail message" : deleted + " deleted voicemail messages")
                    + " moved to the general mailbox, still deleted (purged " + VoicemailMessage.TRASH_DAYS + " days after "
                    + (deleted == 1 ? "its" : "their") + " delete)");
        }
        return said;
    }
}
