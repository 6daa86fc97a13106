package dev.switchboard.routing;

import dev.switchboard.directory.MemberReferences.Use;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Where a call may be sent to a target: routing rules, IVR menus and the phone settings (routing's own), and
 * queues' overflow targets (the queue module's). Asked before a member, a rule or a queue is deleted, so that no
 * target is left pointing at something gone (a call sent there would fail at the moment it matters).
 */
public interface TargetUses {

    /** The places with a target {@code matches} accepts, each by kind, its own id (a rule's, a queue's; null for the phone settings) and name. */
    List<Use> usesOf(Predicate<Target> matches);

    /** Every use, by every module, of what {@code matches} accepts, except by {@code except} itself. */
    static List<Use> find(org.springframework.beans.factory.ListableBeanFactory beans, Predicate<Target> matches, UUID except) {
        return Use.merged(beans.getBeanProvider(TargetUses.class).orderedStream().flatMap(u -> u.usesOf(matches).stream())
                .filter(u -> except == null || !except.equals(u.id())).toList());
    }

    /**
     * Every use, by every module, of what {@code matches} accepts, except by {@code except} itself; in words. Asked
     * of the bean factory, not of an injected provider: a provider leaves out the bean it is injected into.
     */
    static List<String> describe(org.springframework.beans.factory.ListableBeanFactory beans, Predicate<Target> matches, UUID except) {
        return find(beans, matches, except).stream().map(Use::description).distinct().toList();
    }
}
