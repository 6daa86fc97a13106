package dev.switchboard.media.web;

import dev.switchboard.media.Media;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaUse;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.PlaceLink;
import dev.switchboard.tenancy.Actor;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The company's uploaded audio (greetings, menu prompts, hold music), each with where it is played, and its delete: an
 * upload replaced everywhere goes by itself, but one an admin no longer wants had no way out. A file still in use is
 * not deleted; the refusal names each place with a link to change it, as a member's does.
 */
@Controller
class AudioFilesTab {

    static final String URL = "/settings/communications/phone/audio";
    /** Files a page, as the call log's calls. */
    static final int PAGE = 50;

    private final Media media;

    AudioFilesTab(Media media) {
        this.media = media;
    }

    /** A file as the list shows it, with the places that play it. */
    record Row(MediaFile file, String purpose, List<PlaceLink> uses) {
    }

    /**
     * The files newest first, {@code size} (1 to 200, 50 by default) a page as the call log's: the last row links to the
     * older ones, after the file ({@code beforeCreatedAt}, {@code beforeId}), and htmx adds them below. A cursor that
     * cannot be used is refused (422) naming it, with no rows.
     */
    @GetMapping(URL)
    String page(@RequestParam(required = false) Instant beforeCreatedAt, @RequestParam(required = false) UUID beforeId,
            @RequestParam(defaultValue = "" + PAGE) int size, Model model, HttpServletResponse response,
            @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        int pageSize = Math.max(1, Math.min(size, 200));
        List<MediaFile> files = List.of();
        var errors = new ArrayList<String>();
        try {
            files = media.prompts(beforeCreatedAt, beforeId, pageSize + 1);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            // Named as in this page's address, not as the API's parameters.
            e.problems().forEach(p -> errors.add(switch (p.field()) {
                case "before_created_at" -> "beforeCreatedAt";
                case "before_id" -> "beforeId";
                default -> p.field();
            } + ": " + p.message()));
        }
        boolean more = files.size() > pageSize;
        var page = more ? files.subList(0, pageSize) : files;
        var rows = new ArrayList<Row>();
        for (var file : page) {
            rows.add(new Row(file, Media.purposeInWords(file.purpose()), media.usesOf(file.id()).stream().map(MediaUse::link).toList()));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("more", more);
        model.addAttribute("next", more ? page.getLast() : null);
        model.addAttribute("size", pageSize == PAGE ? null : pageSize);
        model.addAttribute("errors", errors);
        model.addAttribute("paged", beforeId != null);
        return htmx && beforeId != null ? "settings/audio :: rows" : "settings/audio";
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
