package dev.switchboard.calls.web;

import dev.switchboard.calls.CallTransfers;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Transfer" on the page of an answered call in progress: to a member, a routing rule or a number, as
 * {@code POST /api/v1/calls/{id}/transfer} does it ({@link CallTransfers}). The call's page follows either way, saying
 * where the call is going or why it was not transferred (nothing changed).
 */
@Controller
class CallTransferPage {

    private final CallTransfers transfers;
    private final dev.switchboard.calls.CallLogs logs;

    CallTransferPage(CallTransfers transfers, dev.switchboard.calls.CallLogs logs) {
        this.transfers = transfers;
        this.logs = logs;
    }

    /**
     * {@code to} is one of the form's choices: "member:<id>", "rule:<id>", "voicemail:<member id>" or "voicemail:general"
     * (a voicemail box at once), or "number" with {@code number} as typed. A call
     * the sender may not see is not found (404), as on the API; an agent moving a colleague's call is told so on the page.
     */
    @PostMapping("/calls/{id}/transfer")
    String transfer(@PathVariable UUID id, @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String number,
            RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        // A call the sender may not see is refused as its page is (403, or 404 for another company's), before anything else.
        logs.get(actor, id);
        var page = "redirect:/calls/" + id;
        UUID member = null;
        UUID rule = null;
        String dialled = null;
        boolean voicemail = false;
        try {
            if (to.equals("voicemail:general")) {
                voicemail = true;
            } else if (to.startsWith("voicemail:")) {
                voicemail = true;
                member = UUID.fromString(to.substring("voicemail:".length()));
            } else if (to.startsWith("member:")) {
                member = UUID.fromString(to.substring("member:".length()));
            } else if (to.startsWith("rule:")) {
                rule = UUID.fromString(to.substring("rule:".length()));
            } else if (to.equals("number")) {
                dialled = number.strip();
                if (dialled.isEmpty()) {
                    redirect.addFlashAttribute("problem", "Not transferred: type the number to transfer the call to.");
                    return page;
                }
            } else {
                redirect.addFlashAttribute("problem", "Not transferred: choose a team member, a routing rule or another number.");
                return page;
            }
        } catch (IllegalArgumentException notAnId) {
            redirect.addFlashAttribute("problem", "Not transferred: choose a team member, a routing rule or another number from the list.");
            return page;
        }
        try {
            transfers.transfer(actor, id, member, rule, dialled, voicemail);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Not transferred: " + String.join("; ", new java.util.LinkedHashSet<>(e.byField().values())) + ".");
            return page;
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", "Not transferred: " + e.problem().message() + ".");
            return page;
        } catch (ForbiddenException e) {
            // A call they can see but are not on (they were rung for it, or handed it on).
            redirect.addFlashAttribute("problem", "Not transferred: " + e.getMessage() + ".");
            return page;
        }
        if (voicemail) {
            redirect.addFlashAttribute("saved", "Sent to voicemail: the caller hears the box's greeting and can leave a message.");
            return page;
        }
        redirect.addFlashAttribute("saved", "Transferring: the call rings there while the caller stays with whoever has them;"
                + " the caller is put through when it is answered. The Transfers list below says how it goes.");
        return page;
    }
}
