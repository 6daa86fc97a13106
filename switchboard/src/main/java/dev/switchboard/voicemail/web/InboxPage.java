package dev.switchboard.voicemail.web;

import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.voicemail.VoicemailMessage;
import dev.switchboard.voicemail.Voicemails;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The voicemail inbox: the signed-in member's box and the company's shared box, each newest first in pages of
 * {@value #PAGE} with links to older and newer pages; play (which marks a message heard: {@link #played}), read, mark
 * heard or new, delete (to the Deleted folder). The Deleted folder ({@link #deleted}): the deleted messages of the
 * boxes the user sees, who deleted each and when, when it goes for good; restore, delete forever.
 */
@Controller
class InboxPage {

    private final Voicemails voicemails;
    private final dev.switchboard.directory.Members members;
    private final Companies companies;
    private final dev.switchboard.voicemail.CallAccess calls;
    private final dev.switchboard.voicemail.Mailboxes mailboxes;
    private final java.time.Clock clock;

    InboxPage(Voicemails voicemails, dev.switchboard.directory.Members members, Companies companies,
            dev.switchboard.voicemail.CallAccess calls, dev.switchboard.voicemail.Mailboxes mailboxes, java.time.Clock clock) {
        this.calls = calls;
        this.mailboxes = mailboxes;
        this.clock = clock;
        this.voicemails = voicemails;
        this.members = members;
        this.companies = companies;
    }

    /**
     * What each shown message without a transcription says in its place (TranscriptionStatus): by its box's setting,
     * what the carrier said in its call's journey, and how long ago it was left.
     */
    private Map<UUID, String> transcriptionStatus(List<VoicemailMessage> shown) {
        var waiting = shown.stream().filter(m -> m.transcription() == null).toList();
        var said = calls.transcribedWithoutText(waiting.stream().map(VoicemailMessage::callId).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet()));
        var asked = new HashMap<java.util.Optional<UUID>, Boolean>();
        var now = clock.instant();
        var result = new HashMap<UUID, String>();
        for (var m : waiting) {
            boolean transcribes = asked.computeIfAbsent(java.util.Optional.ofNullable(m.memberId()),
                    box -> mailboxes.settings(box.orElse(null)).transcriptionEnabled());
            result.put(m.id(), dev.switchboard.voicemail.TranscriptionStatus.of(transcribes,
                    m.callId() == null ? null : said.get(m.callId()), m.receivedAt(), now).words());
        }
        return result;
    }

    /** Messages on one page of a mailbox. */
    static final int PAGE = 50;

    /**
     * Where each section's page starts: older than a message ({@code ...Before}, the next pages) or newer than one
     * ({@code ...After}, back towards the newest); neither, the newest messages. Each section pages on its own.
     */
    record Pages(Instant mineBefore, UUID mineBeforeId, Instant mineAfter, UUID mineAfterId,
            Instant sharedBefore, UUID sharedBeforeId, Instant sharedAfter, UUID sharedAfterId) {

        /** The parameters given, to keep the pages shown when a form on them is sent. */
        Map<String, String> params() {
            var params = new LinkedHashMap<String, String>();
            put(params, "mineBefore", mineBefore);
            put(params, "mineBeforeId", mineBeforeId);
            put(params, "mineAfter", mineAfter);
            put(params, "mineAfterId", mineAfterId);
            put(params, "sharedBefore", sharedBefore);
            put(params, "sharedBeforeId", sharedBeforeId);
            put(params, "sharedAfter", sharedAfter);
            put(params, "sharedAfterId", sharedAfterId);
            return params;
        }

        static void put(Map<String, String> params, String name, Object value) {
            if (value != null) {
                params.put(name, value.toString());
            }
        }
    }

    /** Another member's box with messages not heard yet: whose, and how many. */
    record OtherBox(UUID id, String name, long count) {
    }

    /**
     * One page of a mailbox section, newest first.
     *
     * @param box the mailbox it shows as an address names it ({@value #GENERAL} or a member's id; null: every box the user
     *        sees, on the Deleted page): where its link to its Deleted messages goes
     * @param olderUrl the next page (older messages), null on the last
     * @param newerUrl the previous page (newer messages), null on the first
     */
    record Section(String key, String title, String box, List<VoicemailMessage> messages, String olderUrl, String newerUrl) {
    }

    /** How an address names the company's general mailbox (as the API's {@code box} does). */
    static final String GENERAL = "general";

    /**
     * The mailbox a Deleted page's address or form names: {@value #GENERAL}, or a member's by id; a blank one, none
     * (every mailbox). Read by Spring from a form's {@code box} through {@link #valueOf}: anything else there is refused
     * (400 naming box) before the form is acted on, as an id that is no id is.
     */
    record Mailbox(String value) {

        /** {@code text} as a mailbox; null for none; IllegalArgumentException for text that names none. */
        public static Mailbox valueOf(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            var v = text.strip();
            return new Mailbox(v.equalsIgnoreCase(GENERAL) ? GENERAL : UUID.fromString(v).toString());
        }

        boolean general() {
            return GENERAL.equals(value);
        }

        /** The member whose box it is; null for the general one. */
        UUID member() {
            return general() ? null : UUID.fromString(value);
        }
    }

    /**
     * The inbox: a member's box ({@code box}: a member's id by {@link #boxOf}'s rule; none, the user's own) and the general
     * box after it; {@code box} {@value #GENERAL} (the general box, which everyone sees, as a link naming it asks), the
     * general box first and the user's own after it.
     */
    @GetMapping("/voicemail")
    String inbox(@RequestParam(name = "box", required = false) String boxParam, @ModelAttribute Pages pages, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        Mailbox chosen;
        try {
            chosen = Mailbox.valueOf(boxParam);
        } catch (IllegalArgumentException notAnId) {
            return badBox(boxParam, "the Voicemail page",
                    "a team member's mailbox by its id, the general mailbox by " + GENERAL, "your own", model, response);
        }
        boolean general = chosen != null && chosen.general();
        var left = leftTeam(chosen, "/voicemail", redirect);
        if (left != null) {
            return left;
        }
        var boxOf = chosen == null || general ? ownBox(actor) : boxOf(actor, chosen.member());
        var sections = new ArrayList<Section>();
        try {
            if (boxOf != null) {
                sections.add(section(actor, "mine", boxOf.equals(actor.memberId()) ? "My mailbox"
                        : members.find(boxOf).map(m -> m.name() + "'s mailbox").orElse("Mailbox"), boxOf.toString(),
                        pages.mineBefore(), pages.mineBeforeId(), pages.mineAfter(), pages.mineAfterId()));
            }
            // Named as everywhere else (the Voicemail tab's box picker, the trace's "general voicemail", notifications).
            sections.add(general ? 0 : sections.size(), section(actor, "shared", "General mailbox", GENERAL,
                    pages.sharedBefore(), pages.sharedBeforeId(), pages.sharedAfter(), pages.sharedAfterId()));
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("problems", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
            return "error/400";
        }
        var shown = sections.stream().flatMap(s -> s.messages().stream()).toList();
        model.addAttribute("sections", sections);
        model.addAttribute("deletable", deletable(actor, shown));
        model.addAttribute("markable", markable(actor, shown));
        // Each section's own box's: its link opens the Deleted page of that box, which counts the same.
        var deletedCounts = new HashMap<String, Long>();
        sections.forEach(s -> deletedCounts.put(s.key(), voicemails.countDeleted(actor, s.box())));
        model.addAttribute("deletedCounts", deletedCounts);
        model.addAttribute("trashDays", VoicemailMessage.TRASH_DAYS);
        model.addAttribute("audio", audio(shown));
        model.addAttribute("transcriptionStatus", transcriptionStatus(shown));
        // "The call" only where its page opens: an agent sees only the calls they took part in, not every shared message's.
        model.addAttribute("openableCalls", calls.openable(actor, shown.stream()
                .map(VoicemailMessage::callId).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet())));
        model.addAttribute("box", general ? null : boxOf);
        model.addAttribute("general", general);
        // The pages shown, kept by the forms on them: marking a message heard on page 3 comes back to page 3.
        model.addAttribute("keep", pages.params());
        var team = members.list();
        var everyone = actor.role() == dev.switchboard.tenancy.Role.AGENT ? java.util.List.<dev.switchboard.directory.TeamMember>of() : team;
        model.addAttribute("members", everyone);
        // The picker's "My mailbox" (the address without a box) only for whoever has one: without, it opened the general box alone.
        model.addAttribute("hasOwnBox", ownBox(actor) != null);
        // Where a message can be handed to: any member's box (an agent's too: the team is theirs to read), or the general one.
        model.addAttribute("moveTargets", team);
        // For whoever sees every box: how many new messages each member's box holds, beside its name in the picker, and the
        // boxes not shown here that hold some, linked (the home page counts the company's; they were found only by opening
        // each member's box in turn).
        var unheard = voicemails.unheardByMember(actor);
        model.addAttribute("unheard", unheard);
        var shownBox = general ? null : boxOf;
        model.addAttribute("otherUnheard", everyone.stream().filter(m -> unheard.containsKey(m.id()) && !m.id().equals(shownBox))
                .map(m -> new OtherBox(m.id(), m.name(), unheard.get(m.id()))).toList());
        model.addAttribute("zone", companies.current().timezone());
        return "voicemail/inbox";
    }

    /**
     * A {@code box} in the address that is no mailbox's id (a mistyped or cut-off link): the error page says which part of
     * the address and what it should be, the same on the inbox and the Deleted page.
     */
    private static String badBox(String boxParam, String page, String names, String without, Model model,
            HttpServletResponse response) {
        response.setStatus(400);
        model.addAttribute("address", true);
        model.addAttribute("problems", List.of("box: '" + boxParam + "' is not a mailbox. The address names " + names
                + ": choose the mailbox from the list on " + page + ", or leave box out for " + without + "."));
        return "error/400";
    }

    /**
     * The box of a member who has left the team ({@code chosen}), as every notification of their messages and any bookmark
     * links to it: the general mailbox their messages moved to ({@code page}: the inbox or the Deleted page), which says
     * so (null when {@code chosen} is no such box). Opened there, not answered "team member not found" as if the messages
     * were gone; whoever reads the general mailbox (everyone) sees them there.
     */
    private String leftTeam(Mailbox chosen, String page, RedirectAttributes redirect) {
        if (chosen == null || chosen.general() || members.find(chosen.member()).isPresent()) {
            return null;
        }
        var name = voicemails.formerMemberName(chosen.member()).orElse(null);
        if (name == null) {
            return null;
        }
        redirect.addFlashAttribute("saved", name + " is no longer on the team: the messages of their mailbox are in the general "
                + "mailbox, each saying it was for them.");
        redirect.addAttribute("box", GENERAL);
        return "redirect:" + page;
    }

    /**
     * The member's box chosen ({@code box}, null for none) that {@code actor} opens: owners, admins and supervisors any
     * member's (a member that is not there is a 404); an agent only their own, whatever the address says (null when they
     * have none). The inbox's and the Deleted page's rule.
     */
    private UUID boxOf(Actor actor, UUID box) {
        if (box == null) {
            return null;
        }
        if (actor.role() == dev.switchboard.tenancy.Role.AGENT) {
            if (!box.equals(actor.memberId())) {
                // Said, as the API says it, not answered with their own box as if it were the one asked for.
                throw new dev.switchboard.platform.ForbiddenException("agents see only their own box and the general box"
                        + members.find(box).map(m -> ", not " + m.name() + "'s").orElse(""));
            }
            return ownBox(actor);
        }
        if (members.find(box).isEmpty()) {
            throw new NotFoundException("team member", box);
        }
        return box;
    }

    /** The signed-in user's own member's box; null when they have none (no member, or their member was removed). */
    private UUID ownBox(Actor actor) {
        return actor.memberId() != null && members.find(actor.memberId()).isPresent() ? actor.memberId() : null;
    }

    /**
     * The messages shown whose Delete (in a box), Restore and Delete forever (in the Deleted folder) are offered: where
     * they are allowed, as {@link Voicemails#delete} decides: owners and admins, a box's own member.
     */
    private static java.util.Set<UUID> deletable(Actor actor, List<VoicemailMessage> shown) {
        return shown.stream().filter(m -> Voicemails.mayDelete(actor, m)).map(VoicemailMessage::id).collect(java.util.stream.Collectors.toSet());
    }

    /** The messages shown that {@code actor} may mark heard or new ({@link Voicemails#mayMarkHeard}), by listening too. */
    private static java.util.Set<UUID> markable(Actor actor, List<VoicemailMessage> shown) {
        return shown.stream().filter(m -> Voicemails.mayMarkHeard(actor, m)).map(VoicemailMessage::id).collect(java.util.stream.Collectors.toSet());
    }

    /** Where each shown message plays from: its stored copy (a signed link), or the carrier's while it is being copied. */
    private Map<UUID, String> audio(List<VoicemailMessage> shown) {
        var audio = new HashMap<UUID, String>();
        shown.forEach(m -> {
            if (m.mediaId() != null) {
                audio.put(m.id(), "/voicemail/" + m.id() + "/audio");
            } else if (m.audioStatus() == VoicemailMessage.AudioStatus.FETCHING) {
                // Copying gave up on a FAILED one: its carrier URL is what could not be fetched, so it gets no player.
                audio.put(m.id(), m.carrierAudioUrl());
            }
        });
        return audio;
    }

    /**
     * One page of a section, through the API's keyset paging ({@link Voicemails#list(Actor, String, Boolean, boolean, Instant, UUID, int)}),
     * with links to the pages on either side that keep everything else the address says (the box, the other section's page).
     */
    private Section section(Actor actor, String key, String title, String box, Instant before, UUID beforeId, Instant after,
            UUID afterId) {
        return section(actor, key, title, box, false, before, beforeId, after, afterId);
    }

    /** As {@link #section(Actor, String, String, String, Instant, UUID, Instant, UUID)}, of the Deleted folder when {@code deleted}. */
    private Section section(Actor actor, String key, String title, String box, boolean deleted, Instant before, UUID beforeId,
            Instant after, UUID afterId) {
        List<VoicemailMessage> rows;
        boolean older;
        boolean newer;
        if (after != null || afterId != null) {
            if (after == null || afterId == null) {
                throw new InvalidInputException(key + "AfterId", "pair", key + "After and " + key + "AfterId go together");
            }
            var newerRows = voicemails.listNewer(actor, box, null, deleted, after, afterId, PAGE + 1);
            if (newerRows.size() > PAGE) {
                rows = newerRows.subList(1, newerRows.size());
                newer = true;
                older = !voicemails.list(actor, box, null, deleted, rows.getLast().receivedAt(), rows.getLast().id(), 1).isEmpty();
            } else {
                // Back at the newest: the first page, full (whatever arrived or was deleted since).
                rows = voicemails.list(actor, box, null, deleted, null, null, PAGE + 1);
                newer = false;
                older = rows.size() > PAGE;
                rows = older ? rows.subList(0, PAGE) : rows;
            }
        } else {
            if ((before == null) != (beforeId == null)) {
                throw new InvalidInputException(key + "BeforeId", "pair", key + "Before and " + key + "BeforeId go together");
            }
            rows = voicemails.list(actor, box, null, deleted, before, beforeId, PAGE + 1);
            older = rows.size() > PAGE;
            rows = older ? rows.subList(0, PAGE) : rows;
            newer = before != null && !voicemails.listNewer(actor, box, null, deleted,
                    rows.isEmpty() ? before : rows.getFirst().receivedAt(), rows.isEmpty() ? beforeId : rows.getFirst().id(), 1).isEmpty();
        }
        String olderUrl = older ? pageUrl(key, "Before", rows.getLast()) : null;
        String newerUrl = null;
        if (newer) {
            newerUrl = rows.isEmpty() ? pageUrl(key, "After", before, beforeId) : pageUrl(key, "After", rows.getFirst());
        }
        return new Section(key, title, box, rows, olderUrl, newerUrl);
    }

    private static String pageUrl(String key, String direction, VoicemailMessage from) {
        return pageUrl(key, direction, from.receivedAt(), from.id());
    }

    /** This address with the section's page starting older (Before) or newer (After) than the message (at, id). */
    private static String pageUrl(String key, String direction, Instant at, UUID id) {
        var url = ServletUriComponentsBuilder.fromCurrentRequest();
        for (var param : List.of("Before", "BeforeId", "After", "AfterId")) {
            url.replaceQueryParam(key + param);
        }
        return url.replaceQueryParam(key + direction, at.toString()).replaceQueryParam(key + direction + "Id", id.toString())
                .scheme(null).host(null).port(null).build(true).toUriString();
    }

    /**
     * A message's recording, to whoever signed in may hear it (as the API's {@code .../audio} checks: a colleague's box is
     * an agent's 403, another company's message a 404): the inbox's and the Deleted view's player, and with
     * {@code download=true} their Download link, saved under a name that says whose message and when. The players'
     * source was a signed {@code /media} link valid for an hour: anyone it was passed to could hear the message meanwhile
     * without signing in, and a page left open longer (a dispatcher's inbox all morning) had players that no longer
     * played, saying nothing (found by a walk of the voicemail pages). Fetching it does not mark the message heard: the
     * player's first sound does ({@link #played}).
     */
    @GetMapping("/voicemail/{id}/audio")
    org.springframework.http.ResponseEntity<org.springframework.core.io.Resource> audio(@PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean download) {
        var actor = Actor.current().orElseThrow();
        var message = voicemails.get(actor, id);
        var audio = voicemails.audio(actor, id);
        var answer = org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType(audio.contentType()))
                .cacheControl(org.springframework.http.CacheControl.noStore());
        if (download) {
            answer.header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, org.springframework.http.ContentDisposition.attachment()
                    .filename(downloadName(message, audio.contentType()), java.nio.charset.StandardCharsets.UTF_8).build().toString());
        }
        return answer.body(new org.springframework.core.io.ByteArrayResource(audio.bytes()));
    }

    /** "Voicemail from +17735550123 2026-12-07 0915.wav": the caller and the time received, on the company's clock. */
    private String downloadName(VoicemailMessage message, String contentType) {
        var at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HHmm", java.util.Locale.ROOT)
                .format(message.receivedAt().atZone(companies.current().timezone()));
        var from = message.fromNumber() == null || message.fromNumber().isBlank() ? "an unknown caller"
                : message.fromNumber().replaceAll("[^+0-9A-Za-z]", "");
        return "Voicemail from " + from + " " + at + (contentType.contains("mpeg") ? ".mp3" : ".wav");
    }

    @PostMapping("/voicemail/{id}/heard")
    String heard(@PathVariable UUID id, @RequestParam(defaultValue = "true") boolean heard, @RequestParam(required = false) Mailbox box,
            @ModelAttribute Pages pages, RedirectAttributes redirect) {
        voicemails.setHeard(Actor.current().orElseThrow(), id, heard);
        redirect.addFlashAttribute("saved", heard ? "Marked as heard." : "Marked as new.");
        return backTo(box, pages, redirect);
    }

    /**
     * The page's player started playing a message (its first {@code playing} event, sent by htmx with the session's
     * CSRF header): the message is marked heard, as the member expects of one they listened to, and retention counts
     * from now as it does for "Mark as heard". An htmx request gets the message's header and mark-heard form out of
     * band (the "New" pill gone, the button now "Mark as new") and nothing else, so the audio playing is not
     * replaced; a plain post goes back to the inbox.
     *
     * <p>Why the player's event and not the download of the audio: the download ({@link #audio}) is not only the
     * player's (the Download link, a program), so it cannot say that someone listened. Browsers fetch media with {@code Range}
     * requests, a first {@code bytes=0-} included, whether to read its length ({@code preload="metadata"}), to buffer
     * ahead or to play, so a "full, not Range" request is no sign of listening either; and a fetch that ends after a
     * few bytes (the page closed) would count like one played through. {@code playing} fires only once sound starts
     * in the page, after a press on play by the person looking at it; with {@code preload="none"} nothing is fetched
     * before that. The REST API's {@code GET .../audio} does not mark a message heard (a program downloading it to
     * archive it has not listened): its clients mark it with {@code PATCH}.
     */
    @PostMapping("/voicemail/{id}/played")
    String played(@PathVariable UUID id, @RequestParam(required = false) Mailbox box, @ModelAttribute Pages pages, Model model,
            RedirectAttributes redirect, @org.springframework.web.bind.annotation.RequestHeader(name = "HX-Request",
                    defaultValue = "false") boolean htmx) {
        var message = voicemails.setHeard(Actor.current().orElseThrow(), id, true);
        if (!htmx) {
            redirect.addFlashAttribute("saved", "Marked as heard.");
            return backTo(box, pages, redirect);
        }
        model.addAttribute("m", message);
        model.addAttribute("box", box == null || box.general() ? null : box.member());
        model.addAttribute("general", box != null && box.general());
        model.addAttribute("keep", pages.params());
        model.addAttribute("zone", companies.current().timezone());
        return "voicemail/inbox :: played";
    }

    @PostMapping("/voicemail/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam(required = false) Mailbox box, @ModelAttribute Pages pages,
            RedirectAttributes redirect) {
        try {
            voicemails.delete(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", "Message moved to Deleted: it can be restored there for "
                    + VoicemailMessage.TRASH_DAYS + " days.");
        } catch (ConflictException e) {
            refused(e, redirect); // deleted meanwhile (another tab, a second click): said, not an error page
        }
        return backTo(box, pages, redirect);
    }

    /**
     * Hands a message to another mailbox ({@code to}: {@value #GENERAL} or a member's id), as {@link Voicemails#move}
     * does: it arrives there new, its new box told. A move the message's state or the box no longer allows (deleted or
     * moved meanwhile, its member removed) is said on the page it goes back to, nothing changed.
     */
    @PostMapping("/voicemail/{id}/move")
    String move(@PathVariable UUID id, @RequestParam(name = "to", required = false) String to,
            @RequestParam(required = false) Mailbox box, @ModelAttribute Pages pages, RedirectAttributes redirect) {
        try {
            var moved = voicemails.move(Actor.current().orElseThrow(), id, to);
            redirect.addFlashAttribute("saved", "Message moved to " + voicemails.boxName(moved.memberId())
                    + ", where it shows as new.");
        } catch (ConflictException e) {
            refused(e, redirect);
        } catch (InvalidInputException e) {
            var message = e.problems().getFirst().message();
            redirect.addFlashAttribute("problem", "Not moved: " + message + ". Nothing was changed.");
        }
        return backTo(box, pages, redirect);
    }

    /** Where the Deleted folder's page starts: older or newer than a message, as {@link Pages}; neither, the newest. */
    record DeletedPages(Instant deletedBefore, UUID deletedBeforeId, Instant deletedAfter, UUID deletedAfterId) {

        Map<String, String> params() {
            var params = new LinkedHashMap<String, String>();
            Pages.put(params, "deletedBefore", deletedBefore);
            Pages.put(params, "deletedBeforeId", deletedBeforeId);
            Pages.put(params, "deletedAfter", deletedAfter);
            Pages.put(params, "deletedAfterId", deletedAfterId);
            return params;
        }
    }

    /**
     * The Deleted folder: the deleted messages of every box the user sees (an agent's own and the general one), or of the
     * one chosen ({@code box}: {@value #GENERAL}, or a member's by the inbox's rule), newest first in pages as the inbox's,
     * each with its box, who deleted it and when, and the day it goes for good with its recording. They play and read as in
     * the inbox, but playing one does not mark it heard: it comes back as it was.
     */
    @GetMapping("/voicemail/deleted")
    String deleted(@RequestParam(name = "box", required = false) String boxParam, @ModelAttribute DeletedPages pages, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        Mailbox chosen;
        try {
            chosen = Mailbox.valueOf(boxParam);
        } catch (IllegalArgumentException notAnId) {
            return badBox(boxParam, "the Deleted voicemail page",
                    "a team member's mailbox by its id, the general mailbox by " + GENERAL, "every mailbox", model, response);
        }
        // The general box, which everyone sees as in the inbox; a member's box, by the inbox's rule (an agent: their own);
        // none chosen (or an agent without a box of their own), every box the user sees.
        boolean general = chosen != null && chosen.general();
        var left = leftTeam(chosen, "/voicemail/deleted", redirect);
        if (left != null) {
            return left;
        }
        var box = general || chosen == null ? null : boxOf(actor, chosen.member());
        var shownBox = general ? GENERAL : box == null ? null : box.toString();
        var title = general ? "Deleted from the general mailbox" : box == null ? "Deleted messages"
                : box.equals(actor.memberId()) ? "Deleted from my mailbox"
                : "Deleted from " + members.find(box).map(m -> m.name() + "'s mailbox").orElse("the mailbox");
        Section section;
        try {
            section = section(actor, "deleted", title, shownBox, true, pages.deletedBefore(),
                    pages.deletedBeforeId(), pages.deletedAfter(), pages.deletedAfterId());
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("problems", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
            return "error/400";
        }
        var shown = section.messages();
        var names = new HashMap<UUID, String>();
        members.list().forEach(m -> names.put(m.id(), m.name()));
        var boxes = new HashMap<UUID, String>();
        shown.forEach(m -> boxes.put(m.id(), m.memberId() == null ? "General mailbox"
                : names.getOrDefault(m.memberId(), "A member") + "'s mailbox"));
        model.addAttribute("section", section);
        model.addAttribute("count", voicemails.countDeleted(actor, shownBox));
        model.addAttribute("boxes", boxes);
        model.addAttribute("box", box);
        model.addAttribute("general", general);
        // The boxes to choose from: every member's for those who see them all; an agent their own and the general one.
        boolean agent = actor.role() == dev.switchboard.tenancy.Role.AGENT;
        model.addAttribute("members", agent ? List.of() : members.list());
        model.addAttribute("ownBox", agent ? ownBox(actor) : null);
        model.addAttribute("deletedBy", voicemails.deletedByNames(shown));
        model.addAttribute("deletable", deletable(actor, shown));
        model.addAttribute("markable", markable(actor, shown));
        model.addAttribute("audio", audio(shown));
        model.addAttribute("transcriptionStatus", transcriptionStatus(shown));
        // The box and the page shown, kept by the forms on it: restoring a message on Bob's page 2 comes back there.
        var keep = new LinkedHashMap<String, String>();
        Pages.put(keep, "box", shownBox);
        keep.putAll(pages.params());
        model.addAttribute("keep", keep);
        model.addAttribute("trashDays", VoicemailMessage.TRASH_DAYS);
        model.addAttribute("zone", companies.current().timezone());
        return "voicemail/deleted";
    }

    /**
     * Restores a message from the Deleted folder; back to the Deleted page, or to the page of call {@code call} when the
     * restore was sent from there (the call's page offers it for its message).
     */
    @PostMapping("/voicemail/{id}/restore")
    String restore(@PathVariable UUID id, @RequestParam(required = false) UUID call, @RequestParam(required = false) Mailbox box,
            @ModelAttribute DeletedPages pages, RedirectAttributes redirect) {
        try {
            var restored = voicemails.restore(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", "Message restored to " + (restored.memberId() == null ? "the general mailbox"
                    : members.find(restored.memberId()).map(m -> m.name() + "'s mailbox").orElse("its mailbox")) + ".");
        } catch (ConflictException e) {
            refused(e, redirect); // restored meanwhile (another tab, a second click)
        }
        if (call != null) {
            return "redirect:/calls/" + call;
        }
        return backToDeleted(box, pages, redirect);
    }

    @PostMapping("/voicemail/{id}/delete-forever")
    String deleteForever(@PathVariable UUID id, @RequestParam(required = false) Mailbox box, @ModelAttribute DeletedPages pages,
            RedirectAttributes redirect) {
        try {
            voicemails.purge(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", "Message and its recording deleted for good.");
        } catch (ConflictException e) {
            refused(e, redirect); // restored meanwhile: kept
        }
        return backToDeleted(box, pages, redirect);
    }

    /** Back to the Deleted page's box and page the form was sent from. */
    private static String backToDeleted(Mailbox box, DeletedPages pages, RedirectAttributes redirect) {
        if (box != null) {
            redirect.addAttribute("box", box.value());
        }
        pages.params().forEach(redirect::addAttribute);
        return "redirect:/voicemail/deleted";
    }

    /** A form its message's state no longer allows: the page it goes back to says why (nothing was changed). */
    private static void refused(ConflictException e, RedirectAttributes redirect) {
        var message = e.problem().message();
        redirect.addFlashAttribute("problem", Character.toUpperCase(message.charAt(0)) + message.substring(1) + ". Nothing was changed.");
    }

    /** Back to the mailbox and page the form was sent from (a member's, opened by an admin), not to the actor's own first page. */
    private static String backTo(Mailbox box, Pages pages, RedirectAttributes redirect) {
        if (box != null) {
            redirect.addAttribute("box", box.value());
        }
        pages.params().forEach(redirect::addAttribute);
        return "redirect:/voicemail";
    }

}
