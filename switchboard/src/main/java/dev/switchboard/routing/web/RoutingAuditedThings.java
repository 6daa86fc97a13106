package dev.switchboard.routing.web;

import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The routing rules, call flows and phone settings the activity page names, with the tabs that show them. */
@Component
class RoutingAuditedThings implements AuditedThings {

    private final RoutingRules rules;
    private final IvrMenus menus;

    RoutingAuditedThings(RoutingRules rules, IvrMenus menus) {
        this.rules = rules;
        this.menus = menus;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        switch (entityType) {
            case "routing_rule" -> rules.list().stream().filter(r -> ids.contains(r.id().toString()))
                    .forEach(r -> found.put(r.id().toString(), new Shown(r.name(), RulesTab.URL + "/" + r.id())));
            case "ivr_menu" -> menus.list().stream().filter(m -> ids.contains(m.id().toString()))
                    .forEach(m -> found.put(m.id().toString(), new Shown(m.name(), CallFlowsTab.URL + "/" + m.id())));
            // One per company, always there.
            case "phone_settings" -> ids.forEach(id -> found.put(id, new Shown(null, GeneralTab.URL)));
            default -> {
            }
        }
        return found;
    }
}
