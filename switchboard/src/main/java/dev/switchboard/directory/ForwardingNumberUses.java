package dev.switchboard.directory;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.tenancy.NumberUses;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A member's calls forwarded (or also rung) to a number: that number may not become a business number, since
 * their calls would come back into the company's routing, which may ring them and forward again. (The member's
 * own save refuses the same the other way round.)
 */
@Component
class ForwardingNumberUses implements NumberUses {

    private final JdbcClient jdbc;

    ForwardingNumberUses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> businessNumberConflict(String e164) {
        return namesForwardingTo(jdbc, e164).stream().findFirst()
                .map(name -> "is where " + name + "'s calls are forwarded: they would come back to the company's routing"
                        + " and be forwarded again; change " + name + "'s forwarding first");
    }

    /** The members whose calls are forwarded (or also rung) to {@code e164}, by name. */
    static java.util.List<String> namesForwardingTo(JdbcClient jdbc, String e164) {
        return jdbc.sql("""
                select name from team_members where company_id = :c and call_forwarding_number = :n
                  and (call_forwarding_enabled or simultaneous_ring_enabled) order by name
                """).param("c", TenantContext.require().value()).param("n", e164).query(String.class).list();
    }
}
