package dev.switchboard.calls.web;

import dev.switchboard.calls.ClickToCalls;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Call back" on a call's page and beside a voicemail, "Call" beside a customer's numbers, and "Call a number" on the call
 * log (a number typed in any form): a click-to-call from the signed-in member's own phones to the number, as
 * {@code POST /api/v1/calls} places it (an agent may call any number from their own phone there too). Placed, the new
 * call's page follows it; refused, the page it was asked from says why, nothing placed.
 */
@Controller
class CallBackPage {

    /** The pages a call is asked from, to go back to with the refusal: this app's call, voicemail and customer pages only. */
    private static final Pattern BACK = Pattern.compile("/(calls|voicemail|customers)(/[0-9a-zA-Z-]+)*(\\?[0-9a-zA-Z=&_%.-]*)?");

    private final ClickToCalls clickToCalls;
    private final Companies companies;
    private final Members members;

    CallBackPage(ClickToCalls clickToCalls, Companies companies, Members members) {
        this.clickToCalls = clickToCalls;
        this.companies = companies;
        this.members = members;
    }

    @PostMapping("/calls/call-back")
    String callBack(@RequestParam(defaultValue = "") String number, @RequestParam(defaultValue = "") String back,
            RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        var from = BACK.matcher(back).matches() ? back : "/calls";
        var shown = companies.current().formats().phone(number);
        if (actor.memberId() == null) {
            redirect.addFlashAttribute("problem", "Not called: your login is not linked to a team member, so there is no phone of"
                    + " yours to call from; an owner or admin links it on Team & logins.");
            return "redirect:" + from;
        }
        try {
            var call = clickToCalls.place(actor.memberId(), number, true);
            redirect.addFlashAttribute("saved", "Calling " + shown + ": your phone rings first, and " + shown
                    + " is dialled when you answer.");
            return "redirect:/calls/" + call;
        } catch (InvalidInputException e) {
            var why = e.byField().getOrDefault("number", e.getMessage());
            // A blank field's refusal names no text ("is required: write it as ..."): it is the number's.
            redirect.addFlashAttribute("problem", "Not called: " + (why.startsWith("is ") ? "the number " + why : why) + ".");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", "Not called: " + whyNot(actor.memberId()).orElse(e.problem().message()) + ".");
        }
        // Typed in the call log's field, the refused number is shown there again, to correct rather than retype on a phone.
        redirect.addFlashAttribute("callNumber", number);
        return "redirect:" + from;
    }

    /**
     * Why the signed-in member's own phone could not call out, said to them and with what to do (the engine's refusal names
     * them in the third person). Their status does not stop their own calls (it is for calls to them). Empty when what
     * stops them is no longer so: the engine's words are said then.
     */
    private java.util.Optional<String> whyNot(java.util.UUID memberId) {
        var member = members.get(memberId);
        var availability = member.availability();
        if (member.phonesRung().isEmpty()) {
            return java.util.Optional.of("you have no phone to ring first (no SIP phone and no forwarding number): set your"
                    + " forwarding number on My status");
        }
        if (availability.activeCalls() >= member.maxConcurrentCalls()) {
            return java.util.Optional.of(availability.activeCalls() == 1 ? "you are already on a call: hang up first"
                    : "you are already on " + availability.activeCalls() + " calls, as many as you take at once: hang up one first");
        }
        return java.util.Optional.empty();
    }
}
