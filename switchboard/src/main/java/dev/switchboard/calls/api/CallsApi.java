package dev.switchboard.calls.api;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Companies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The call log. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Calls")
class CallsApi {

    private final CallLogs logs;
    private final Companies companies;
    private final dev.switchboard.directory.Members members;
    private final dev.switchboard.media.Media media;
    private final dev.switchboard.calls.ClickToCalls clickToCalls;
    private final dev.switchboard.calls.CallTransfers transfers;
    private final dev.switchboard.platform.JsonMergePatch mergePatch;

    CallsApi(CallLogs logs, Companies companies, dev.switchboard.directory.Members members, dev.switchboard.media.Media media, dev.switchboard.calls.ClickToCalls clickToCalls,
            dev.switchboard.calls.CallTransfers transfers, dev.switchboard.platform.JsonMergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.clickToCalls = clickToCalls;
        this.transfers = transfers;
        this.media = media;
        this.logs = logs;
        this.companies = companies;
        this.members = members;
    }

    record ClickToCall(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID memberId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The number to call, in any form the company's country"
                    + " writes it; an extension after it (\"(773) 555-0199 x12\", \"ext. 12\") is dialled as tones once the number"
                    + " answers", example = "(773) 555-0199 x12") String number) {
    }

    record Placed(UUID callId) {
    }

    @org.springframework.web.bind.annotation.PostMapping("/calls")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.CREATED)
    @Operation(summary = "Click-to-call: ring the member's phone, then the number, and bridge them (agents: only themselves)")
    @ApiResponse(responseCode = "201", description = "Placed: the member's phones ring")
    @ApiResponse(responseCode = "409", description = "Not placed, nothing changed: available, naming member_id: the member has "
            + "no phone (no SIP address or forwarding number), or cannot make a call now (they are at their concurrent-call "
            + "limit; or, placed by someone else, their status is not Available; a member's own call is not stopped by their "
            + "status, do-not-disturb or vacation, which are for calls to them); the detail says which",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    Placed clickToCall(@RequestBody ClickToCall body) {
        var actor = dev.switchboard.tenancy.Actor.current().orElseThrow();
        // Who may call from that member's phone before what is wrong with the rest: an agent naming a colleague (or an id
        // that is nobody's) is refused for that alone, whatever the number, and learns nothing of the number's rules nor
        // of whether the id is a member's.
        if (body.memberId() != null && !actor.canConfigure() && !actor.isMember(body.memberId())) {
            throw new dev.switchboard.platform.ForbiddenException("you can place calls only from your own phone");
        }
        // Both named when both are left out (the number is checked again, for good, when the call is placed).
        InvalidInputException.all(() -> {
            if (body.memberId() == null) {
                throw new InvalidInputException("member_id", "required", "the member who makes the call");
            }
        }, () -> clickToCalls.clickToCallNumber(body.number()));
        if (members.find(body.memberId()).isEmpty()) {
            throw new InvalidInputException("member_id", "exists", "no member " + body.memberId() + " in this company");
        }
        return new Placed(clickToCalls.place(body.memberId(), body.number(), actor.isMember(body.memberId())));
    }

    /** @param voicemail to a voicemail box at once: {@code member_id}'s, or with no member the general voicemail */
    record TransferBody(UUID memberId, UUID ruleId, String number, Boolean voicemail) {
    }

    @org.springframework.web.bind.annotation.PostMapping("/calls/{id}/transfer")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR','AGENT')")
    @Operation(summary = "Transfer an answered call to a member, a rule, a number or a voicemail box",
            description = "A call in, or a call out (a click-to-call, a queue callback) once its number has answered: the person "
                    + "on the other end stays with whoever has them until the target answers, and waits for it, hearing ringback, "
                    + "if that member hangs up first (a blind transfer). With \"voicemail\": true, to a voicemail box at once: "
                    + "member_id's (whatever their status; the asker's own too), or with no member the general voicemail; whoever "
                    + "had the caller is hung up, and the caller hears the box's greeting and leaves a message.")
    @ApiResponse(responseCode = "200", description = "Transferring: the target rings while the caller stays with whoever has them")
    @ApiResponse(responseCode = "409", description = "Not transferred, nothing changed; the rule says why: state, naming id: the "
            + "call is not an answered call in progress (still ringing or dialling, being told it is recorded, over, or whoever "
            + "had it or the number called has just hung up), "
            + "or it was forwarded to an outside number the carrier connected directly; available, naming member_id, rule_id or "
            + "target: nobody the target rings can take the call now (the detail names each and why), or the target rings "
            + "nobody (a menu, voicemail, a disabled rule); conflict, naming member_id: that member already has the call",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    CallLogs.Detail transfer(@PathVariable UUID id, @RequestBody TransferBody body) {
        transfers.transfer(actor(), id, body.memberId(), body.ruleId(), body.number(), Boolean.TRUE.equals(body.voicemail()));
        // As GET shows it to the asker (an agent's view leaves out colleagues' parts of a callback's history).
        return playable(logs.get(actor(), id));
    }

    /** The call log's {@code outcome} parameter, as the document describes it. */
    static final String OUTCOME = "The calls with any of these outcomes: one (outcome=MISSED), several separated by commas "
            + "(outcome=MISSED,ABANDONED,VOICEMAIL: the calls nobody answered) or the "
            + "parameter repeated (outcome=MISSED&outcome=ABANDONED); in any case. One that is no outcome is refused (422) naming "
            + "it and the outcomes there are. "
            + "Left out, any outcome, except a queue callback's offers no member took (OFFER_NOT_TAKEN: nobody was called), "
            + "listed only when that outcome is asked for. A full page's next link keeps them.";

    @GetMapping("/call-logs")
    @dev.switchboard.platform.NextPageLink.Paged(maxLimit = CallLogs.MAX_PAGE)
    @Operation(summary = "Calls, newest first, filtered; a full page has a Link header (rel=\"next\") to the next one, "
            + "which pages back with before_started_at and before_id of its last row")
    org.springframework.http.ResponseEntity<List<CallLogs.Entry>> list(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(name = "member_id", required = false) UUID memberId, @RequestParam(required = false) String direction,
            @Parameter(description = OUTCOME, array = @ArraySchema(schema = @Schema(implementation = dev.switchboard.calls.Outcome.class)))
            @RequestParam(required = false) List<String> outcome,
            @RequestParam(required = false) String number,
            @Parameter(description = "only the calls linked to this customer (by caller ID when the call came, when the customer "
                    + "was added with the number or given it since, or set by hand: PATCH /api/v1/call-logs/{id})")
            @RequestParam(name = "customer_id", required = false) UUID customerId,
            @Parameter(description = "only the calls linked to this job (set by hand: PATCH /api/v1/call-logs/{id})")
            @RequestParam(name = "job_id", required = false) UUID jobId,
            @Parameter(description = "only the calls that went through this queue: its callers (each time they joined or came back) "
                    + "and its callbacks' calls out")
            @RequestParam(name = "queue_id", required = false) UUID queueId,
            @Parameter(description = "only the calls with this tag (one of their tags, in any case: 'warranty' finds 'Warranty'; "
                    + "set by PATCH /api/v1/call-logs/{id} or on the call's page)")
            @RequestParam(required = false) String tag,
            @RequestParam(name = "before_started_at", required = false) Instant beforeStartedAt,
            @RequestParam(name = "before_id", required = false) UUID beforeId, @RequestParam(defaultValue = "50") int limit) {
        InvalidInputException.requireInRange("limit", limit, 1, CallLogs.MAX_PAGE);
        // Agents see the calls they took part in, as on the call log page: asking for someone else's is refused.
        var actor = actor();
        if (memberId != null && actor.role() == dev.switchboard.tenancy.Role.AGENT && !memberId.equals(actor.memberId())) {
            throw new dev.switchboard.platform.ForbiddenException("an agent sees only the calls they took part in, not member " + memberId + "'s");
        }
        String e164 = null;
        if (number != null && !number.isBlank()) {
            e164 = CallLogs.numberFilter(number, companies.current().defaultRegion());
        }
        var page = logs.list(new CallLogs.Filter(from, to, CallLogs.memberFilter(actor, memberId), direction, outcome, e164, customerId,
                beforeStartedAt, beforeId, limit, jobId, queueId, tag)).stream().map(CallLogs.Entry::withPlayableRecording).toList();
        return dev.switchboard.platform.NextPageLink.ok(page, limit,
                last -> java.util.Map.of("before_started_at", last.startedAt().toString(), "before_id", last.id().toString()));
    }

    @GetMapping("/call-logs/members")
    @Operation(summary = "Everyone the call log's member_id filter takes: the team members, then those removed since, whose "
            + "calls stay in the log (removed: true, named as the log names them, 'Dan Ortiz (removed)')")
    List<dev.switchboard.directory.Members.Everyone> filterMembers() {
        return members.everyone();
    }

    private static dev.switchboard.tenancy.Actor actor() {
        return dev.switchboard.tenancy.Actor.current().orElseThrow();
    }

    @GetMapping("/call-logs/{id}")
    @Operation(summary = "One call with its decision trace (who rang, who was skipped and why), legs and journey log")
    CallLogs.Detail get(@PathVariable UUID id) {
        return playable(logs.get(actor(), id));
    }

    private static CallLogs.Detail playable(CallLogs.Detail detail) {
        return new CallLogs.Detail(detail.call().withPlayableRecording(), detail.trace(), detail.legs(), detail.events(), detail.textBack(),
                detail.callback());
    }

    @ApiResponse(responseCode = "200", description = "The audio's bytes, as its type says", content = {
            @Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary"))})
    @GetMapping("/call-logs/{id}/recording")
    @Operation(summary = "The call's recording (audio/mpeg); 404 while it is still being copied from the carrier, or when it has none "
            + "(a voicemail call's message is at its message's audio)")
    org.springframework.http.ResponseEntity<byte[]> recording(@PathVariable UUID id) {
        var call = logs.withStoredRecording(actor(), id);
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType(media.get(call.recordingMediaId()).contentType()))
                .cacheControl(org.springframework.http.CacheControl.noStore()).body(media.bytes(call.recordingMediaId()));
    }

    record Annotation(@Schema(description = "The call's notes; left out or null: kept") @dev.switchboard.platform.Text.MultiLine String notes,
            @Schema(description = "The call's tags, all of them; left out or null: kept; [] for none") List<String> tags,
            @Schema(description = "The customer the call is with; null: none; left out: kept") UUID customerId,
            @Schema(description = "The job of the call's customer the call is about; null: none; left out: kept (but a job "
                    + "of another customer than one given as customer_id goes)") UUID jobId) {
    }

    @PatchMapping("/call-logs/{id}")
    @Operation(summary = "Edit a call's notes and tags, or link it to a customer and job; each change is in the audit log with "
            + "who made it", description = """
            Notes and tags: an agent only those of the calls they took part in (another's is a 403, as reading it is).
            customer_id and job_id (null unlinks; left out, kept): owners, admins and supervisors only, as they change
            customers and jobs (an agent is refused with 403). A call from a number nobody had when it came is linked to
            the customer who has it once they are added (or given the number), without this; here it is linked by hand.
            Refused with 422 naming the field, nothing changed: a customer or job that is not this company's; a job of
            another customer than the call's (the one given, else the call's own). A job for a call with no customer is
            taken with its customer. A customer changed without a job_id drops the call's job if it is another
            customer's.""")
    @ApiResponse(responseCode = "200", description = "The call as it is now")
    @ApiResponse(responseCode = "422", description = "Not changed: exists, naming customer_id or job_id (no such customer or job "
            + "in this company); customer, naming job_id (the job is another customer's than the call's)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    CallLogs.Entry annotate(@PathVariable UUID id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
            @Content(mediaType = org.springframework.http.MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Annotation.class)))
            @RequestBody tools.jackson.databind.JsonNode body) {
        var fields = mergePatch.of(body, Annotation.class, java.util.Set.of()).applyTo(new Annotation(null, null, null, null));
        var link = new CallLogs.LinkChange(body.has("customer_id"), fields.customerId(), body.has("job_id"), fields.jobId());
        return logs.edit(actor(), id, fields.notes(), fields.tags(), link).withPlayableRecording();
    }
}
