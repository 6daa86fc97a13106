package dev.switchboard.routing;

import dev.switchboard.directory.MemberRouting;
import dev.switchboard.directory.TeamMember;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Says whether calls to the business number reach a member just added. A new member is in no rule yet: an enabled rule
 * that takes every call and rings named members (the demo's "Office") leaves them out of those calls, and so does a
 * default strategy of voicemail; a first-day owner added a member and expected the main number to ring them.
 */
@Component
class NewMemberRouting implements MemberRouting {

    private final RoutingRules rules;
    private final PhoneSettings settings;

    NewMemberRouting(RoutingRules rules, PhoneSettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public Optional<String> newMemberNote(TeamMember member) {
        var noPhone = member.noPhoneNote();
        // A member with no phone is reached by nothing: the rule's advice says so rather than that their lines ring.
        var reach = noPhone.isPresent() ? "there too, no phone of theirs rings until they have one"
                : member.directInwardDial() != null ? "their extension and direct number reach them meanwhile"
                : "their extension reaches them meanwhile";
        var note = ruleNote(member, reach);
        if (noPhone.isPresent()) {
            return Optional.of(noPhone.get() + note.map(n -> " " + n).orElse(""));
        }
        return note;
    }

    private Optional<String> ruleNote(TeamMember member, String reach) {
        var takesAll = rules.takingEveryCall();
        if (takesAll.isPresent()) {
            var rule = takesAll.get();
            if (rule.type() == RuleType.IVR || rule.type() == RuleType.BUSINESS_HOURS) {
                return Optional.empty(); // a menu or an hours rule may lead to them (an extension dialled, a target): not said
            }
            if (rule.memberIds().contains(member.id())) {
                return Optional.empty();
            }
            return Optional.of("Calls to your business number do not ring " + member.name() + " yet: the routing rule '"
                    + rule.name() + "' takes every call and rings others. Add " + member.name()
                    + " to it (or to a rule above it) on the Call Routing tab; " + reach + ".");
        }
        if (settings.current().defaultStrategy() == DefaultStrategy.VOICEMAIL) {
            return Optional.of("Calls to your business number do not ring " + member.name() + " yet: calls no routing rule"
                    + " takes go to the general voicemail. Add " + member.name() + " to a rule on the Call Routing tab; "
                    + reach + ".");
        }
        return Optional.empty();
    }
}
