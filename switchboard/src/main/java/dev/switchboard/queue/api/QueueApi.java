package dev.switchboard.queue.api;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.queue.CallQueue;
import dev.switchboard.queue.QueueInput;
import dev.switchboard.queue.QueueLine;
import dev.switchboard.queue.QueueStats;
import dev.switchboard.queue.Queues;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Call queues: their settings, the callers waiting now, and statistics for a period. */
@RestController
@RequestMapping("/api/v1/queues")
@Tag(name = "Queues")
class QueueApi {

    private final Queues queues;
    private final QueueLine line;
    private final QueueStats stats;
    private final Clock clock;
    private final JsonMergePatch mergePatch;
    private final Companies companies;

    QueueApi(Queues queues, QueueLine line, QueueStats stats, Clock clock, JsonMergePatch mergePatch, Companies companies) {
        this.mergePatch = mergePatch;
        this.companies = companies;
        this.queues = queues;
        this.line = line;
        this.stats = stats;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "The company's call queues")
    List<CallQueue> list() {
        return queues.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One call queue with its settings")
    CallQueue get(@PathVariable UUID id) {
        return queues.get(id);
    }

    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another queue already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Create a queue (strategy, members, waiting, overflow, callbacks)")
    CallQueue create(@RequestBody QueueInput body) {
        return queues.create(actor(), body);
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another queue already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace all of a queue's settings (strategy, members, waiting, overflow, callbacks)")
    CallQueue update(@PathVariable UUID id, @RequestBody QueueInput body) {
        return queues.update(actor(), id, body);
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another queue already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PatchMapping(path = "/{id}", consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Change some of a queue's settings (JSON Merge Patch, RFC 7396)", description = """
            Fields present are changed, absent ones kept; null empties an optional field (hold_media_id, a target; targets
            merge field by field). A null for a field without an empty value (name, strategy, member_ids: send [] instead,
            vip_tag: send "" for none, a switch, a number of seconds or callers, callback_key) or an unknown field is refused with 400 naming
            it. The result is checked and saved as a PUT of it would be (422 or 409 with the same errors; nothing changed).""")
    CallQueue patch(@PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = JsonMergePatch.MEDIA_TYPE, schema = @Schema(ref = "#/components/schemas/QueueInputPartial")),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/QueueInputPartial"))})
            @RequestBody JsonNode body) {
        var patch = mergePatch.of(body, QueueInput.class, QueueInput.NOT_NULLABLE);
        return queues.update(actor(), id, patch::applyTo);
    }

    @Operation(summary = "Delete a call queue (409 state while callers wait in it, 409 in_use naming what sends calls to it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: "
            + "state while callers wait in the queue or for its callbacks (try again "
            + "when it is empty); or in_use, the detail naming each place that still sends calls to it (change those first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    void delete(@PathVariable UUID id) {
        queues.delete(actor(), id);
    }

    @GetMapping("/{id}/callers")
    @Operation(summary = "Callers in line now, in order, with their position and wait so far")
    List<QueueLine.Waiting> callers(@PathVariable UUID id) {
        return line.waiting(id, clock.instant());
    }

    @ApiResponse(responseCode = "204", description = "Cancelled: the callback left the line")
    @ApiResponse(responseCode = "409", description = "Not cancelled, nothing changed: state, the callback is being made now "
            + "(a member took it and the customer is being dialled)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/{id}/callbacks/{entryId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "Cancel a pending callback (one of the callers' entries with a callback_number, not yet being made): the "
            + "customer was reached another way, or asked not to be called; its history says who cancelled it")
    void cancelCallback(@PathVariable UUID id, @PathVariable UUID entryId) {
        queues.get(id);
        line.cancelCallback(actor(), id, entryId, clock.instant());
    }

    @GetMapping("/{id}/entries/{entryId}/history")
    @Operation(summary = "A caller's or callback's history in the queue, in order: joined, each offer with the member and when, "
            + "no answers, callback asked for, dialled, completed or failed",
            description = "An offer of a callback no member took called nobody, so it is not in the call log: it is here. An agent "
                    + "sees the steps about colleagues without their names (member_id null), as the queue's figures keep theirs.")
    List<QueueLine.Step> history(@PathVariable UUID id, @PathVariable UUID entryId) {
        var entry = line.entry(entryId).filter(e -> e.queueId().equals(id))
                .orElseThrow(() -> new dev.switchboard.platform.NotFoundException("queue entry", entryId));
        return QueueLine.Step.seenBy(actor(), line.history(entry.id()));
    }

    @GetMapping("/{id}/stats")
    @Operation(summary = "Offered, answered, abandoned, service level, average speed of answer, longest wait, per member",
            description = "The period from and to, each an instant or a day on the company's clock (as the analytics take "
                    + "them): a first day from its midnight, a last day to its end, included. Without from, the period starts at "
                    + "midnight on the company's clock of the day it ends (to, now without it; a to at midnight ends the day "
                    + "before): today's figures, as the Queues page shows them. An agent gets the queue's figures and, among "
                    + "the members', only their own.")
    QueueStats.Stats stats(@PathVariable UUID id,
            @Parameter(description = "the start: a day such as 2026-12-01 (its midnight) or an instant such as 2026-12-01T06:00:00Z")
            @RequestParam(required = false) String from,
            @Parameter(description = "the end: a day such as 2026-12-07 (included, to its end) or an instant such as "
                    + "2026-12-08T06:00:00Z (not included)")
            @RequestParam(required = false) String to) {
        var zone = companies.current().timezone();
        var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
        var startGiven = when("from", from, zone, false, problems);
        var endGiven = when("to", to, zone, true, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var end = endGiven == null ? clock.instant() : endGiven;
        // Today's, as the page's "Today" (and a contact centre's daily counters, reset at midnight in the company's
        // timezone): the last 24 hours said more than the page on any morning after a busy evening.
        var start = startGiven != null ? startGiven : end.isBefore(InvalidInputException.EARLIEST.plus(Duration.ofDays(2)))
                ? InvalidInputException.EARLIEST : end.minusNanos(1).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        if (!start.isBefore(end)) {
            throw new InvalidInputException("from", "order", "must be before 'to'");
        }
        if (Duration.between(start, end).toDays() > 366) {
            throw new InvalidInputException("from", "range", "a period is at most 366 days");
        }
        var result = stats.stats(id, start, end);
        // A colleague's offers and misses are performance figures: a supervisor's to read, as analytics are.
        var actor = actor();
        return actor.role() == Role.AGENT ? result.onlyMember(actor.memberId()) : result;
    }

    /**
     * A period's end as given: an instant, or a day on the company's clock ({@code end}: the midnight after it, the day
     * included); null when not given; else null and a problem naming {@code field}.
     */
    private static Instant when(String field, String text, java.time.ZoneId zone, boolean end,
            List<dev.switchboard.platform.FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var value = text.strip();
        // Out of the years the database holds (0001 to 9999), refused naming the field: a day past them was turned into a
        // midnight Java has no date for, refused as "date" (or failing the query).
        var range = new dev.switchboard.platform.FieldProblem(field, "range", "must be a day or an instant between 0001-01-01 and 9999-12-31");
        try {
            var at = Instant.parse(value);
            if (!InvalidInputException.isStorable(at)) {
                problems.add(range);
                return null;
            }
            return at;
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            try {
                var day = java.time.LocalDate.parse(value);
                if (day.getYear() < 1 || day.getYear() > 9999) {
                    problems.add(range);
                    return null;
                }
                var at = (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
                return at.isBefore(InvalidInputException.EARLIEST) ? InvalidInputException.EARLIEST
                        : at.isAfter(InvalidInputException.LATEST) ? InvalidInputException.LATEST : at;
            } catch (java.time.format.DateTimeParseException notADay) {
                var shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
                problems.add(new dev.switchboard.platform.FieldProblem(field, "format", "must be a day such as 2026-12-01 or an "
                        + "instant such as 2026-12-01T00:00:00Z ('" + shown + "' is neither)"));
                return null;
            }
        }
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
