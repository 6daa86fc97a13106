package dev.switchboard.calls;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.routing.Target;
import dev.switchboard.tenancy.Actor;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A transfer as a person asks for one (the API's {@code POST /api/v1/calls/{id}/transfer}, a call's page): the call first
 * (one the asker may not see is not found for them, whatever else they sent), then exactly one target, a member or a rule
 * of the company or a number as typed; then {@link CallEngine#transfer}, which says whether the call can be moved now and
 * by whom. Refused with what is wrong, nothing changed.
 */
@Service
public class CallTransfers {

    private final CallLogs logs;
    private final CallEngine engine;
    private final dev.switchboard.directory.Members members;
    private final dev.switchboard.routing.RoutingRules rules;
    private final ClickToCalls clickToCalls;
    private final dev.switchboard.tenancy.Companies companies;

    CallTransfers(CallLogs logs, CallEngine engine, dev.switchboard.directory.Members members, dev.switchboard.routing.RoutingRules rules,
            ClickToCalls clickToCalls, dev.switchboard.tenancy.Companies companies) {
        this.companies = companies;
        this.logs = logs;
        this.engine = engine;
        this.members = members;
        this.rules = rules;
        this.clickToCalls = clickToCalls;
    }

    /**
     * Transfers call {@code callId} to the one of {@code memberId}, {@code ruleId} and {@code number} given, asked by
     * {@code actor}.
     *
     * @throws dev.switchboard.platform.NotFoundException the call is not one {@code actor} may see
     * @throws InvalidInputException not exactly one target, or one that is no member or rule of the company, or no number
     * @throws ConflictException the call cannot be transferred now, or not there (the rule says which: state, available, conflict)
     * @throws dev.switchboard.platform.ForbiddenException an agent moving a call they are not on
     */
    public void transfer(Actor actor, UUID callId, UUID memberId, UUID ruleId, String number) {
        transfer(actor, callId, memberId, ruleId, number, false);
    }

    /**
     * As above; {@code voicemail}: to a voicemail box instead, at once, {@code memberId}'s (the asker's own too: "leave me
     * a message") or with no member the general one; no rule or number with it.
     */
    public void transfer(Actor actor, UUID callId, UUID memberId, UUID ruleId, String number, boolean voicemail) {
        logs.get(actor, callId);
        if (voicemail) {
            if (ruleId != null || number != null) {
                throw new InvalidInputException("target", "one-of", "voicemail goes with a member_id (their box) or nothing (the "
                        + "general voicemail), not with a rule_id or a number");
            }
            if (memberId != null && members.find(memberId).isEmpty()) {
                throw new InvalidInputException("member_id", "exists", "no member " + memberId + " in this company");
            }
            move(actor, callId, new Target(Target.Kind.VOICEMAIL, memberId, null, null, null));
            return;
        }
        int given = (memberId == null ? 0 : 1) + (ruleId == null ? 0 : 1) + (number == null ? 0 : 1);
        if (given != 1) {
            throw new InvalidInputException("target", "one-of", "give exactly one of member_id, rule_id, number");
        }
        Target target;
        if (memberId != null) {
            if (members.find(memberId).isEmpty()) {
                throw new InvalidInputException("member_id", "exists", "no member " + memberId + " in this company");
            }
            target = new Target(Target.Kind.MEMBER, memberId, null, null, null);
        } else if (ruleId != null) {
            try {
                rules.get(ruleId);
            } catch (dev.switchboard.platform.NotFoundException e) {
                throw new InvalidInputException("rule_id", "exists", "no routing rule " + ruleId + " in this company");
            }
            target = new Target(Target.Kind.RULE, null, ruleId, null, null);
        } else {
            var e164 = clickToCalls.e164(number);
            var extension = dev.switchboard.shared.PhoneNumber.extensionOf(number, companies.current().defaultRegion());
            if (extension != null) {
                // It was dropped without a word, and the caller reached the main line behind it (found by a walk): a
                // transfer dials no extension, as a forwarding number does not.
                throw new InvalidInputException("number", "extension", "must be a number reached directly: a transferred call "
                        + "cannot dial an extension (x" + extension + ")");
            }
            target = new Target(Target.Kind.EXTERNAL_NUMBER, null, null, e164, null);
        }
        move(actor, callId, target);
    }

    private void move(Actor actor, UUID callId, Target target) {
        try {
            // An agent moves only the call they are on (they may see calls they were only rung for); whoever asks is traced.
            engine.transfer(callId, target, actor);
        } catch (CallEngine.Refused e) {
            throw new ConflictException(e.field(), e.rule(), e.getMessage());
        }
    }
}
