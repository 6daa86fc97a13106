package dev.switchboard.voicemail.web;

import dev.switchboard.media.Media;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.voicemail.VoicemailMessage;
import dev.switchboard.voicemail.Voicemails;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The voicemail inbox: the signed-in member's box and the company's shared box; play, read, mark heard, delete. */
@Controller
class InboxPage {

    private final Voicemails voicemails;
    private final dev.switchboard.directory.Members members;
    private final Media media;
    private final Companies companies;
    private final dev.switchboard.voicemail.CallAccess calls;

    InboxPage(Voicemails voicemails, dev.switchboard.directory.Members members, Media media, Companies companies,
            dev.switchboard.voicemail.CallAccess calls) {
        this.calls = calls;
        this.voicemails = voicemails;
        this.members = members;
        this.media = media;
        this.companies = companies;
    }

    @GetMapping("/voicemail")
    String inbox(@RequestParam(required = false) UUID box, Model model) {
        var actor = Actor.current().orElseThrow();
        // Owners, admins and supervisors may open any member's box; everyone sees their own.
        var boxOf = box != null && actor.role() != dev.switchboard.tenancy.Role.AGENT ? box : actor.memberId();
        var mine = boxOf == null ? java.util.List.<VoicemailMessage>of() : voicemails.list(boxOf);
        var shared = voicemails.list(null);
        var audio = new HashMap<UUID, String>();
        java.util.stream.Stream.concat(mine.stream(), shared.stream()).forEach(m -> {
            if (m.mediaId() != null) {
                audio.put(m.id(), media.signedPath(m.mediaId(), Duration.ofHours(1)));
            } else if (m.audioStatus() == VoicemailMessage.AudioStatus.FETCHING) {
                // Copying gave up on a FAILED one: its carrier URL is what could not be fetched, so it gets no player.
                audio.put(m.id(), m.carrierAudioUrl());
            }
        });
        model.addAttribute("mine", mine);
        model.addAttribute("shared", shared);
        // Delete is offered where it is allowed (as Voicemails.delete decides): owners and admins, a box's own member.
        model.addAttribute("deletable", java.util.stream.Stream.concat(mine.stream(), shared.stream())
                .filter(m -> actor.canConfigure() || (m.memberId() != null && actor.isMember(m.memberId())))
                .map(VoicemailMessage::id).collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("audio", audio);
        // "The call" only where its page opens: an agent sees only the calls they took part in, not every shared message's.
        model.addAttribute("openableCalls", calls.openable(actor, java.util.stream.Stream.concat(mine.stream(), shared.stream())
                .map(VoicemailMessage::callId).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet())));
        model.addAttribute("hasBox", boxOf != null);
        model.addAttribute("boxName", boxOf == null || boxOf.equals(actor.memberId()) ? "My mailbox"
                : members.find(boxOf).map(m -> m.name() + "'s mailbox").orElse("Mailbox"));
        model.addAttribute("box", boxOf);
        model.addAttribute("members", actor.role() == dev.switchboard.tenancy.Role.AGENT ? java.util.List.of() : members.list());
        model.addAttribute("zone", companies.current().timezone());
        return "voicemail/inbox";
    }

    @PostMapping("/voicemail/{id}/heard")
    String heard(@PathVariable UUID id, @RequestParam(defaultValue = "true") boolean heard, @RequestParam(required = false) UUID box,
            RedirectAttributes redirect) {
        voicemails.setHeard(Actor.current().orElseThrow(), id, heard);
        redirect.addFlashAttribute("saved", heard ? "Marked as heard." : "Marked as new.");
        return backTo(box, redirect);
    }

    @PostMapping("/voicemail/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam(required = false) UUID box, RedirectAttributes redirect) {
        voicemails.delete(Actor.current().orElseThrow(), id);
        redirect.addFlashAttribute("saved", "Message deleted.");
        return backTo(box, redirect);
    }

    /** Back to the mailbox the form was sent from (a member's, opened by an admin), not to the actor's own. */
    private static String backTo(UUID box, RedirectAttributes redirect) {
        if (box != null) {
            redirect.addAttribute("box", box);
        }
        return "redirect:/voicemail";
    }

}
