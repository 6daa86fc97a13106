package dev.switchboard.calls;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.tenancy.ConfigurationChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Which company a dialled number belongs to (a business number, or a member's direct line), asked for
 * every incoming call: remembered briefly, like the routing configuration. A change made on this node
 * (every one is audited) forgets everything at once; another node's change is seen within {@link #TTL}.
 */
@Component
class NumberOwners {

    static final Duration TTL = Duration.ofSeconds(2);
    /** More numbers than this (calls to numbers nobody owns, say) and the memory starts afresh. */
    private static final int MAX = 10_000;

    private record Owner(CompanyId company, Instant expires) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();

    NumberOwners(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The company that owns {@code number}, if any. */
    Optional<CompanyId> owner(String number) {
        if (number == null) {
            return Optional.empty();
        }
        var now = clock.instant();
        var known = owners.get(number);
        if (known == null || !now.isBefore(known.expires())) {
            var company = jdbc.sql("select phone_number_owner(:n)").param("n", number).query(UUID.class).optional()
                    .map(CompanyId::new).orElse(null);
            if (owners.size() >= MAX) {
                owners.clear();
            }
            known = new Owner(company, now.plus(TTL));
            owners.put(number, known);
        }
        return Optional.ofNullable(known.company());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void changed(ConfigurationChanged event) {
        owners.clear();
    }
}
