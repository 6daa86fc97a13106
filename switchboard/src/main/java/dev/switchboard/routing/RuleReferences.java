package dev.switchboard.routing;

import dev.switchboard.directory.MemberReferences;
import dev.switchboard.directory.MemberReferences.Use;
import dev.switchboard.schedule.RoutingRuleLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers the schedule's and the directory's questions about rules, so they need not depend on routing. */
@Component
class RuleReferences implements RoutingRuleLookup, MemberReferences, TargetUses {

    private final RoutingStore store;
    private final org.springframework.beans.factory.ObjectProvider<PhoneSettings> settings;
    private final org.springframework.beans.factory.ListableBeanFactory beans;

    // The phone settings and the other modules' uses are looked up when a delete is checked: they depend on the
    // directory, which asks this class about members.
    RuleReferences(RoutingStore store, org.springframework.beans.factory.ObjectProvider<PhoneSettings> settings,
            org.springframework.beans.factory.ListableBeanFactory beans) {
        this.store = store;
        this.settings = settings;
        this.beans = beans;
    }

    @Override
    public List<Use> usesOf(java.util.function.Predicate<Target> matches) {
        var found = new ArrayList<Use>();
        for (var r : store.rules()) {
            var parts = new ArrayList<String>();
            part(r.matchTarget(), "target when the conditions match", matches, parts);
            part(r.openTarget(), "target when open", matches, parts);
            part(r.closedTarget(), "target when closed", matches, parts);
            part(r.noAnswerTarget(), "no-answer target", matches, parts);
            if (!parts.isEmpty()) {
                found.add(new Use(Use.Kind.ROUTING_RULE, r.id(), r.name(), parts));
            }
        }
        for (var m : store.menus()) {
            var parts = new ArrayList<String>();
            new java.util.TreeMap<>(m.options()).forEach((key, target) -> part(target, "key " + key, matches, parts));
            part(m.invalidTarget(), "target after wrong keys", matches, parts);
            part(m.timeoutTarget(), "target after silence", matches, parts);
            if (!parts.isEmpty()) {
                found.add(new Use(Use.Kind.IVR_MENU, m.id(), m.name(), parts));
            }
        }
        var afterHours = settings.getObject().current().afterHoursTarget();
        if (afterHours != null && matches.test(afterHours)) {
            found.add(new Use(Use.Kind.PHONE_SETTINGS, null, "after-hours target"));
        }
        return found;
    }

    /** Adds {@code name} to {@code parts} when {@code target} is one {@code matches} accepts. */
    private static void part(Target target, String name, java.util.function.Predicate<Target> matches, List<String> parts) {
        if (target != null && matches.test(target)) {
            parts.add(name);
        }
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
    public Optional<String> extensionConflict(String extension) {
        var first = extension.substring(0, 1);
        return store.menus().stream().filter(m -> m.dialByExtension() && m.extensionPrefix() == null && m.options().containsKey(first))
                .findFirst().map(m -> "IVR menu '" + m.name() + "' dials extensions without a prefix and uses key " + first
                        + " for an option: an extension there cannot begin with " + first);
    }

    @Override
    public List<String> rulesUsingSchedule(UUID scheduleId) {
        return store.rules().stream().filter(r -> scheduleId.equals(r.scheduleId())).map(RoutingRule::name).toList();
    }

    /** The routing lock that every change to rules, menus, phone settings and queues' targets takes. */
    @Override
    public void lockReferences() {
        store.lockRouting();
    }

    @Override
    public List<Use> usesOf(UUID memberId) {
        var found = new ArrayList<Use>();
        for (var r : store.rules()) {
            if (r.memberIds().contains(memberId)) {
                found.add(new Use(Use.Kind.ROUTING_RULE, r.id(), r.name(), List.of("members")));
            }
        }
        // A target naming the member (to ring them, or their voicemail), anywhere: rules, menus, settings, queues.
        found.addAll(TargetUses.find(beans, t -> memberId.equals(t.memberId()), null));
        return Use.merged(found);
    }
}
