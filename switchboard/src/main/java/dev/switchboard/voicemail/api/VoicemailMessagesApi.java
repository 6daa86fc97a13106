package dev.switchboard.voicemail.api;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NextPageLink;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.voicemail.VoicemailMessage;
import dev.switchboard.voicemail.Voicemails;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Voicemail messages: list (by box, heard or not, in the Deleted folder or not), play, mark heard or unheard, delete (to
 * the Deleted folder), restore, delete forever. Owners, admins and supervisors see every box; an agent sees their own box
 * and the general one.
 *
 * <p>Deleting and deleting forever are two operations, as Microsoft Graph's {@code DELETE /messages/{id}} (to Deleted
 * Items) and {@code POST /messages/{id}/permanentDelete} are, not one with a flag: a client that always sent {@code DELETE}
 * keeps its meaning (gone from the box) and cannot lose a message for good by a flag it mistyped or did not know of.
 */
@RestController
@RequestMapping("/api/v1/voicemail/messages")
@Tag(name = "Voicemail")
class VoicemailMessagesApi {

    private final Voicemails voicemails;

    VoicemailMessagesApi(Voicemails voicemails) {
        this.voicemails = voicemails;
    }

    /**
     * A message as the API shows it.
     *
     * @param box {@code general} or the member's id
     * @param audioStatus STORED (play it at {@code audio_url}), FETCHING (still being copied from the
     *        carrier), FAILED (copying it was given up: {@code audio_error} says why) or NONE
     * @param audioError the last failure to copy the recording from the carrier, if any
     * @param customerId the customer the call is linked to (null: none)
     * @param customerName that customer's name (null: no customer, or deleted since), to show with {@code from_number}
     * @param veryShort shorter than {@value VoicemailMessage#VERY_SHORT_SECONDS} s (the caller hung up at the beep): kept,
     *        but its call counts as missed
     * @param wasFor the name of the member it was left for, when that member was deleted since and the message moved to
     *        the general box (null otherwise): whose customer called
     * @param deleted in the Deleted folder: restore it with {@code POST .../restore}
     * @param deletedAt when it was deleted (null: it was not)
     * @param deletedBy who deleted it (a user's login, "phone" for its member by phone; null: not deleted), as recorded at
     *        the delete: kept for the clients that read it
     * @param deletedByName who deleted it by name, as the web Deleted page names them: a login by its name as it is now
     *        (the login recorded, once that login is removed), its member's name with " (by phone)" for a delete by phone
     *        (null: not deleted)
     * @param purgeAt when it is deleted for good with its audio, {@value VoicemailMessage#TRASH_DAYS} days after its delete
     *        (null: not deleted)
     */
    record MessageView(UUID id, String box, UUID memberId, UUID callId, String fromNumber, Instant receivedAt,
            int durationSeconds, String transcription, boolean heard, VoicemailMessage.AudioStatus audioStatus, String audioUrl,
            String audioError, UUID customerId, String customerName, boolean veryShort, String wasFor, boolean deleted,
            Instant deletedAt, String deletedBy, String deletedByName, Instant purgeAt) {

        /** {@code m} as the API shows it, {@code deletedByNames} naming who deleted it ({@link Voicemails#deletedByNames}). */
        static MessageView of(VoicemailMessage m, Map<UUID, String> deletedByNames) {
            return new MessageView(m.id(), m.memberId() == null ? "general" : m.memberId().toString(), m.memberId(), m.callId(),
                    m.fromNumber(), m.receivedAt(), m.durationSeconds(), m.transcription(), m.heard(), m.audioStatus(),
                    m.audioStatus() == VoicemailMessage.AudioStatus.STORED ? "/api/v1/voicemail/messages/" + m.id() + "/audio" : null,
                    m.mediaId() == null ? m.audioError() : null, m.customerId(), m.customerName(), m.veryShort(), m.wasFor(),
                    m.deleted(), m.deletedAt(), m.deletedBy(), deletedByNames.get(m.id()), m.purgeAt());
        }
    }

    /** The messages as the API shows them, who deleted each named in one look-up for them all. */
    private List<MessageView> views(List<VoicemailMessage> messages) {
        var names = voicemails.deletedByNames(messages);
        return messages.stream().map(m -> MessageView.of(m, names)).toList();
    }

    private MessageView view(VoicemailMessage message) {
        return views(List.of(message)).getFirst();
    }

    /** The only change a message takes: heard or not. */
    record Change(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean heard) {
    }

    @GetMapping
    @Operation(summary = "Messages, newest first; box = general, mine or a member's id; heard = true or false; deleted = true "
            + "lists the Deleted folder's instead (false, the default: the boxes', never a deleted one); a full page "
            + "(limit, at most 500) has a Link header (rel=\"next\") to the next one, which pages back with before_received_at "
            + "and before_id of its last message")
    @dev.switchboard.platform.NextPageLink.Paged(maxLimit = Voicemails.MAX_PAGE)
    ResponseEntity<List<MessageView>> list(@RequestParam(required = false) String box, @RequestParam(required = false) Boolean heard,
            @RequestParam(defaultValue = "false") boolean deleted,
            @RequestParam(name = "before_received_at", required = false) Instant beforeReceivedAt,
            @RequestParam(name = "before_id", required = false) UUID beforeId,
            @RequestParam(defaultValue = "" + Voicemails.MAX_PAGE) int limit) {
        var page = voicemails.list(actor(), box, heard, deleted, beforeReceivedAt, beforeId, limit);
        return NextPageLink.ok(views(page), limit, last -> Map.of("before_received_at", last.receivedAt().toString(), "before_id", last.id().toString()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One message, in the Deleted folder too; agents only those of their own box and the general box")
    MessageView get(@PathVariable UUID id) {
        return view(voicemails.get(actor(), id));
    }

    @ApiResponse(responseCode = "200", description = "The audio's bytes, as its type says", content = {
            @Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))})
    @GetMapping("/{id}/audio")
    /**
     * The recording. Downloading it does not mark the message heard: a program fetching it (to archive it, attach it to
     * a ticket, transcribe it) has not listened to it, and marking it would start its retention clock and hide it from
     * the member as new. A client that plays it to a person marks it with {@code PATCH {"heard": true}}, as the web
     * inbox does when its player starts playing.
     */
    @Operation(summary = "The recording (audio/mpeg or audio/wav); 404 while it is still being copied from the carrier. "
            + "Does not mark the message heard: PATCH {\"heard\": true} does")
    ResponseEntity<byte[]> audio(@PathVariable UUID id) {
        var audio = voicemails.audio(actor(), id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(audio.contentType()))
                .contentLength(audio.bytes().length).cacheControl(CacheControl.noStore()).body(audio.bytes());
    }

    @ApiResponse(responseCode = "200", description = "Marked")
    @ApiResponse(responseCode = "409", description = "Not marked, nothing changed: state, for a message in the Deleted folder "
            + "(restore it first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PatchMapping("/{id}")
    @Operation(summary = "Mark heard ({\"heard\": true}) or unheard ({\"heard\": false}); 409 for a message in the Deleted folder "
            + "(restore it first: it comes back heard or new as it was deleted)")
    MessageView change(@PathVariable UUID id, @RequestBody Change body) {
        if (body == null || body.heard() == null) {
            throw new InvalidInputException("heard", "required", "must be true or false");
        }
        return view(voicemails.setHeard(actor(), id, body.heard()));
    }

    @ApiResponse(responseCode = "204", description = "Moved to the Deleted folder")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: state, for a message already in the Deleted folder",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT) // what the document says: the answer's status is set below
    @Operation(summary = "Delete a message: it moves to the Deleted folder with its recording and transcription, can be restored "
            + "there, and is deleted for good " + VoicemailMessage.TRASH_DAYS + " days later (owners and admins, or the box's own "
            + "member); 409 for one already deleted (POST .../permanent-delete deletes it for good)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        voicemails.delete(actor(), id);
        return ResponseEntity.noContent().build();
    }

    @ApiResponse(responseCode = "200", description = "Restored")
    @ApiResponse(responseCode = "409", description = "Not restored, nothing changed: state, for a message not in the Deleted folder",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/{id}/restore")
    @Operation(summary = "Bring a deleted message back to its box (the general one if its member was deleted since), heard or "
            + "new as it was, with its recording; whoever may delete it may; 409 for a message that is not deleted")
    MessageView restore(@PathVariable UUID id) {
        return view(voicemails.restore(actor(), id));
    }

    /** Where a message is moved to. */
    record Move(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "general, mine or a team member's id") String box) {
    }

    @ApiResponse(responseCode = "200", description = "Moved: the message as it is now, new in its new box")
    @ApiResponse(responseCode = "409", description = "Not moved, nothing changed: state, for a message in the Deleted folder "
            + "(restore it first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/{id}/move")
    @Operation(summary = "Move a message to another mailbox (box = general, mine or a team member's id), as a message left in the "
            + "general mailbox for a technician is handed to them: it arrives there new, and the new box's email and text "
            + "notifications are sent. A general mailbox message may be moved by anyone who reads it, a member's by that member, "
            + "an owner or an admin; 422 for a box that is not there or the one it is in, 409 for a message in the Deleted folder")
    MessageView move(@PathVariable UUID id, @RequestBody Move body) {
        return view(voicemails.move(actor(), id, body == null ? null : body.box()));
    }

    @ApiResponse(responseCode = "204", description = "Deleted for good, with its recording")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: state, for a message not in the Deleted "
            + "folder (DELETE it first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/{id}/permanent-delete")
    @ResponseStatus(HttpStatus.NO_CONTENT) // what the document says: the answer's status is set below
    @Operation(summary = "Delete a message in the Deleted folder for good, with its recording, without waiting the "
            + VoicemailMessage.TRASH_DAYS + " days; whoever may delete it may; 409 for a message that is not deleted (DELETE it first)")
    ResponseEntity<Void> permanentDelete(@PathVariable UUID id) {
        voicemails.purge(actor(), id);
        return ResponseEntity.noContent().build();
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
