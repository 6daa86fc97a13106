package dev.switchboard.queue;

import dev.switchboard.directory.MemberRemoval;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A deleted member leaves the queues they took calls from, each with an audit entry (the database's cascade did it
 * without one, so the Activity never said why a queue had one member fewer).
 */
@Component
class QueuesOfRemovedMember implements MemberRemoval {

    private final JdbcClient jdbc;
    private final org.springframework.beans.factory.ObjectProvider<Queues> queues;
    private final AuditLog audit;

    // The queues are looked up at the delete: they depend, through the routing, on the members, which depend on this.
    QueuesOfRemovedMember(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<Queues> queues, AuditLog audit) {
        this.jdbc = jdbc;
        this.queues = queues;
        this.audit = audit;
    }

    @Override
    public List<String> memberRemoved(Actor actor, UUID memberId, String name) {
        var changed = new ArrayList<String>();
        var queues = this.queues.getObject();
        for (var queueId : queues.queuesOf(memberId)) {
            var before = queues.get(queueId);
            jdbc.sql("delete from queue_members where company_id = :c and queue_id = :q and member_id = :m")
                    .param("c", TenantContext.require().value()).param("q", queueId).param("m", memberId).update();
            var after = queues.get(queueId);
            audit.record(actor, "call_queue", queueId, "update", before, after);
            // The queue's last member gone, its callers are offered to no one (as a rule sending calls there is warned):
            // said here, where the owner is looking, not only on the rules' list.
            changed.add("taken out of queue '" + before.name() + "'" + (after.memberIds().isEmpty()
                    ? ", which has nobody in it now: its callers are offered to no one until you add someone to it on the Queues page"
                    : ""));
        }
        return changed;
    }
}
