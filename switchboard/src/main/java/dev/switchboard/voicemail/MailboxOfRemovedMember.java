package dev.switchboard.voicemail;

import dev.switchboard.directory.MemberRemoval;
import dev.switchboard.platform.TenantContext;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A deleted member's messages go to the general mailbox, heard or not as they were: a caller's message is never
 * lost with the person it was for (the member could not be deleted at all while their mailbox held one).
 */
@Component
class MailboxOfRemovedMember implements MemberRemoval {

    private final JdbcClient jdbc;

    MailboxOfRemovedMember(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void memberRemoved(UUID memberId) {
        jdbc.sql("update voicemail_messages set member_id = null where company_id = :c and member_id = :m")
                .param("c", TenantContext.require().value()).param("m", memberId).update();
    }
}
