package dev.switchboard.routing;

import dev.switchboard.tenancy.NumberUses;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * A number calls are sent to (a rule's, a menu key's, the after-hours or a queue's external-number target) may not become
 * a business number: those calls would come straight back into the routing and be sent out again. (Saving such a
 * target refuses the same the other way round.)
 */
@Component
class TargetNumberUses implements NumberUses {

    private final ListableBeanFactory beans;

    TargetNumberUses(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public Optional<String> businessNumberConflict(String e164) {
        var uses = TargetUses.describe(beans, t -> t.kind() == Target.Kind.EXTERNAL_NUMBER && e164.equals(t.number()), null);
        return uses.isEmpty() ? Optional.empty() : Optional.of("is where calls are sent by " + String.join(", ", uses)
                + ": they would come back to the company's routing and be sent out again; change that first");
    }
}
