package dev.switchboard.routing;

import dev.switchboard.tenancy.NumberUses;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * A number calls are sent to (a rule's, a menu key's, the after-hours or a queue's external-number target) may not become
 * a business number: those calls would come straight back into the routing and be sent out again. (Saving such a
 * target refuses the same the other way round.) And a business number a rule's condition names (the called number)
 * may not be removed: the rule would never match again.
 */
@Component
class TargetNumberUses implements NumberUses {

    private final ListableBeanFactory beans;
    private final RoutingStore store;

    TargetNumberUses(ListableBeanFactory beans, RoutingStore store) {
        this.beans = beans;
        this.store = store;
    }

    /** The routing lock, under which rules naming a business number are saved and the numbers' removals checked. */
    @Override
    public void lockUses() {
        store.lockRouting();
    }

    /** A conditional rule matching calls to {@code e164} would never match once it is no business number. */
    @Override
    public Optional<String> businessNumberRemovalConflict(String e164) {
        // Under the routing lock, for the rest of the transaction: a rule saved meanwhile naming the number (its check
        // reads the business numbers under the same lock) either is seen here or sees the number gone.
        store.lockRouting();
        var rules = store.rules().stream().filter(r -> r.conditions() != null && e164.equals(r.conditions().dialledNumber()))
                .map(r -> "'" + r.name() + "'").toList();
        boolean one = rules.size() == 1;
        return rules.isEmpty() ? Optional.empty() : Optional.of((one ? "routing rule " : "routing rules ") + String.join(", ", rules)
                + (one ? " matches" : " match") + " calls to it and would never match again; change or delete "
                + (one ? "that rule" : "those rules") + " first");
    }

    @Override
    public Optional<String> businessNumberConflict(String e164) {
        var uses = TargetUses.describe(beans, t -> t.kind() == Target.Kind.EXTERNAL_NUMBER && e164.equals(t.number()), null);
        return uses.isEmpty() ? Optional.empty() : Optional.of("is where calls are sent by " + String.join(", ", uses)
                + ": they would come back to the company's routing and be sent out again; change that first");
    }
}
