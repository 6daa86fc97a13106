package dev.switchboard.media.web;

import dev.switchboard.media.Media;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaUse;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.PlaceLink;
import dev.switchboard.tenancy.Actor;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The company's uploaded audio (greetings, menu prompts, hold music), each with where it is played, and its delete: an
 * upload replaced everywhere goes by itself, but one an admin no longer wants had no way out. A file still in use is
 * not deleted; the refusal names each place with a link to change it, as a member's does.
 */
@Controller
class AudioFilesTab {

    static final String URL = "/settings/communications/phone/audio";

    private final Media media;

    AudioFilesTab(Media media) {
        this.media = media;
    }

    /** A file as the list shows it, with the places that play it. */
    record Row(MediaFile file, String purpose, List<PlaceLink> uses) {
    }

    @GetMapping(URL)
    String page(Model model) {
        var rows = new java.util.ArrayList<Row>();
        for (var file : media.prompts()) {
            rows.add(new Row(file, Media.purposeInWords(file.purpose()), media.usesOf(file.id()).stream().map(MediaUse::link).toList()));
        }
        model.addAttribute("rows", rows);
        return "settings/audio";
    }

    @PostMapping(URL + "/{id}/delete")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        var file = media.find(id).orElseThrow(() -> new dev.switchboard.platform.NotFoundException("media file", id));
        var name = file.originalName() == null || file.originalName().isBlank() ? "The audio file" : "\u201c" + file.originalName() + "\u201d";
        try {
            media.delete(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", name + " deleted.");
        } catch (ConflictException e) {
            var uses = media.usesOf(id);
            if (uses.isEmpty()) {
                redirect.addFlashAttribute("problem", name + " was not deleted: " + e.problem().message() + ".");
            } else {
                // As the member page: each place linked, to be changed before the delete is tried again.
                redirect.addFlashAttribute("problem", name + " was not deleted: it is played by the places below."
                        + " Choose another recording (or none) in each, then delete it.");
                redirect.addFlashAttribute("problemUses", uses.stream().map(MediaUse::link).toList());
            }
        }
        return "redirect:" + URL;
    }
}
