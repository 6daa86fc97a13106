package dev.switchboard.routing;

import dev.switchboard.directory.MemberReferences;
import dev.switchboard.schedule.RoutingRuleLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers the schedule's and the directory's questions about rules, so they need not depend on routing. */
@Component
class RuleReferences implements RoutingRuleLookup, MemberReferences {

    private final RoutingStore store;

    RuleReferences(RoutingStore store) {
        this.store = store;
    }

    @Override
    public Optional<Boolean> ruleEnabled(UUID ruleId) {
        return store.rule(ruleId).map(RoutingRule::enabled);
    }

    @Override
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public java.util.Map<UUID, String> enabledRules() {
        var rules = new java.util.LinkedHashMap<UUID, String>();
        store.rules().stream().filter(RoutingRule::enabled).forEach(r -> rules.put(r.id(), r.name()));
        return rules;
    }

    @Override
    public List<String> usesOf(UUID memberId) {
        var uses = new ArrayList<String>();
        for (var r : store.rules()) {
            if (r.memberIds().contains(memberId) || r.targets().stream().anyMatch(t -> memberId.equals(t.memberId()))) {
                uses.add("routing rule '" + r.name() + "'");
            }
        }
        for (var m : store.menus()) {
            if (RoutingRules.menuTargets(m).stream().anyMatch(t -> memberId.equals(t.memberId()))) {
                uses.add("IVR menu '" + m.name() + "'");
            }
        }
        return uses;
    }
}
