package dev.switchboard.directory;

import dev.switchboard.tenancy.Companies;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Whether calls offered now reach a member, and if not the first reason routing skips them for (as the call's trace says
 * it), in words said to the member: the question an agent comes to My status with ("why did my phone not ring?"), and
 * what the home page tells them first, so that an Away or do-not-disturb left on from a job is seen before calls are missed.
 */
@Component
public class ReachInWords {

    private final Companies companies;
    private final Clock clock;

    ReachInWords(Companies companies, Clock clock) {
        this.companies = companies;
        this.clock = clock;
    }

    /** The sentence for {@code member}, now: "Calls reach you now." or "Calls do not ring you now: ...". */
    public String of(TeamMember member) {
        var company = companies.current();
        var format = company.formats();
        var report = Eligibility.evaluate(List.of(member), clock.instant(), company.timezone());
        if (report.excluded().isEmpty()) {
            if (member.phonesRung().isEmpty()) {
                return "Calls do not ring you now: you have no phone to ring (see My phones on My status).";
            }
            return "Calls reach you now" + switch (member.availability().state()) {
                case IDLE -> ".";
                case RINGING -> " (your phone is ringing).";
                case ON_CALL -> " (you are on a call).";
                case WRAP_UP -> " (you are in wrap-up after your last call).";
            };
        }
        var a = member.availability();
        return "Calls do not ring you now: " + switch (report.excluded().getFirst().reason()) {
            case EXTENSION_DISABLED -> "your extension is turned off (an owner or admin turns it on).";
            case ON_VACATION -> "you are on vacation until the end of " + format.date(a.vacation().endDate()) + ".";
            case DO_NOT_DISTURB -> "do-not-disturb is on until " + format.dateTime(a.doNotDisturbUntil()) + ".";
            case OFFLINE -> "your status is Offline.";
            case AWAY -> "your status is Away" + (a.statusReason() == null ? "." : " (" + a.statusReason() + ").");
            case AT_CALL_LIMIT -> a.activeCalls() == 1 ? "you are on a call, as many as you take at once."
                    : "you are on " + a.activeCalls() + " calls, as many as you take at once.";
            case NO_PHONE -> "you have no phone to ring.";
        };
    }
}
