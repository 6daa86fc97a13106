package dev.switchboard.web;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.calls.Outcome;
import dev.switchboard.directory.Members;
import dev.switchboard.directory.ReachInWords;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.SetupEssentials;
import dev.switchboard.tenancy.Role;
import dev.switchboard.voicemail.Voicemails;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page and the signed-in home page. */
@Controller
class ShellController {

    private final Companies companies;
    private final java.util.List<SetupEssentials> essentials;
    private final Voicemails voicemails;
    private final CallLogs calls;
    private final Clock clock;
    private final Members members;
    private final ReachInWords reach;

    ShellController(Companies companies, java.util.List<SetupEssentials> essentials, Voicemails voicemails, CallLogs calls,
            Clock clock, Members members, ReachInWords reach) {
        this.members = members;
        this.reach = reach;
        this.companies = companies;
        this.essentials = essentials;
        this.voicemails = voicemails;
        this.calls = calls;
        this.clock = clock;
    }

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        var error = session.getAttribute("LOGIN_ERROR");
        if (error != null) {
            model.addAttribute("loginError", error);
            session.removeAttribute("LOGIN_ERROR");
        }
        var email = session.getAttribute("LOGIN_EMAIL");
        if (email != null) {
            model.addAttribute("email", email);
            session.removeAttribute("LOGIN_EMAIL");
        }
        return "login";
    }

    /**
     * Home. An owner or admin whose company has not finished (or skipped) the setup wizard is sent to it while the
     * company lacks what it needs to take calls (a number, hours, a rule); once those are in place, however they were
     * made, the wizard is offered above the page, with a way to dismiss the offer, rather than forced on every visit. A
     * team member is told first whether calls reach them now, as My status says it (an Away or do-not-disturb left on
     * after a job otherwise showed nowhere but there, while calls went to voicemail). Just after the wizard's "Finish
     * setup" ({@code ?setupDone}) it says the phone system is live, or what still stops calls being answered.
     */
    @GetMapping("/")
    String home(@org.springframework.web.bind.annotation.RequestParam(required = false) String setupDone, Model model) {
        var actor = Actor.current().orElseThrow();
        var company = companies.current();
        if (setupDone != null) {
            // Just after "Finish setup": "live" only when nothing essential is missing, else what is (it said "live" next
            // to "No business number yet").
            model.addAttribute("setupMissing", essentials.stream().flatMap(e -> e.missing().stream()).toList());
        }
        if (!company.setupCompleted() && actor.canConfigure()) {
            if (!essentials.stream().allMatch(SetupEssentials::inPlace)) {
                return "redirect:/setup";
            }
            model.addAttribute("setupOffered", true);
        }
        model.addAttribute("waiting", waiting(actor, company.timezone()));
        if (actor.memberId() != null) {
            var me = members.get(actor.memberId());
            model.addAttribute("reach", reach.of(me));
            // Their own extension and direct line, to give a customer or a colleague (shown on My status only before).
            model.addAttribute("me", me);
        }
        return "home";
    }

    /** One line of what waits for the person: its words and the page that shows it. */
    record Waiting(String id, String words, String href) {
    }

    /**
     * What waits for {@code actor}, said even when it is nothing ("No new voicemail"): the messages not heard yet in their
     * own box and, apart, in the general one, and today's calls (in the company's timezone) that rang them or that they may
     * see in the call log and nobody answered. An owner, admin or supervisor, who sees every box and call, is told the
     * company's. Counted by the inbox's and the call log's own rules of who sees what, and linked to the pages that list
     * them.
     */
    private List<Waiting> waiting(Actor actor, ZoneId zone) {
        var lines = new ArrayList<Waiting>();
        boolean company = actor.role() != Role.AGENT;
        long general = voicemails.countUnheard(actor, "general");
        if (company || actor.memberId() != null) {
            // The company's count is the members' boxes': the General box's has its own line below (it counted in both,
            // so "4 new in the company's mailboxes" and "1 new in the General mailbox" read as five: found by a walk).
            long mine = company ? voicemails.countUnheard(actor, null) - general : voicemails.countUnheard(actor, "mine");
            lines.add(new Waiting("new-voicemail", (mine == 0 ? "No new voicemail" : mine + " new " + (mine == 1 ? "voicemail" : "voicemails"))
                    + (company ? " in the members' mailboxes" : " in your mailbox"), "/voicemail"));
        }
        lines.add(new Waiting("general-voicemail", (general == 0 ? "No new voicemail" : general + " new "
                + (general == 1 ? "voicemail" : "voicemails")) + " in the General mailbox", "/voicemail?box=general"));
        var today = LocalDate.now(clock.withZone(zone));
        var member = CallLogs.memberFilter(actor, null);
        // The calls nobody answered (Outcome.NOT_ANSWERED), counted and linked by the same outcomes, so the log it opens
        // lists exactly the calls counted.
        var notAnswered = Outcome.NOT_ANSWERED.stream().map(Enum::name).toList();
        long missed = calls.count(new CallLogs.Filter(today.atStartOfDay(zone).toInstant(), today.plusDays(1).atStartOfDay(zone).toInstant(),
                member, "INBOUND", notAnswered, null, null, null, null, 1));
        var log = "/calls?from=" + today + "&to=" + today + "&direction=INBOUND&outcome=" + String.join(",", notAnswered)
                + (company || actor.memberId() == null ? "" : "&member=" + member);
        // "Not answered", as the call log's filter says it: a call that went to voicemail is one nobody took, but the
        // Analytics tab counts it apart from the missed and abandoned ones, so "missed" here would say two things.
        lines.add(new Waiting("missed-calls", (missed == 0 ? "No unanswered calls" : missed + (missed == 1 ? " call" : " calls")
                + " not answered") + " today", log));
        return lines;
    }
}
