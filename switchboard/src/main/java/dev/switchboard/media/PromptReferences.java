package dev.switchboard.media;

import dev.switchboard.shared.CompanyId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What still uses an uploaded prompt, so that {@link Media#released} and {@link PromptSweep} delete only a file nothing
 * needs. Every place that can hold a prompt's id is here: each of the four has a foreign key to {@code media_files} as
 * well, so one added later and forgotten here makes the delete fail and the file stay, never go while in use. Plus the
 * calls in progress: a call's plan keeps the greeting it is about to play (a holiday's), which has no foreign key.
 *
 * <p>Not searched: voicemail messages and call recordings, which hold only files stored as {@code voicemail} or
 * {@code recording}, and those are never deleted as prompts (nor could a prompt be one: {@link Media#findPrompt}).
 */
final class PromptReferences {

    /**
     * A place: its kind, in words, the condition that finds it, and {@code named}, the query that lists each such place by
     * id and name (the same condition), for the refusal of a delete to name them ({@link #uses}).
     */
    private record Place(MediaUse.Kind kind, String description, String sql, String named) {
    }

    private static final List<Place> PLACES = List.of(
            new Place(MediaUse.Kind.MAILBOX, "a mailbox's greeting",
                    "select 1 from voicemail_boxes where company_id = :c and greeting_media_id = :id",
                    "select b.member_id as id, t.name from voicemail_boxes b left join team_members t"
                            + " on t.company_id = b.company_id and t.id = b.member_id"
                            + " where b.company_id = :c and b.greeting_media_id = :id order by b.member_id nulls first, t.name"),
            new Place(MediaUse.Kind.HOLIDAY, "a holiday's greeting",
                    "select 1 from company_holidays where company_id = :c and greeting_media_id = :id",
                    "select id, name from company_holidays where company_id = :c and greeting_media_id = :id order by name"),
            new Place(MediaUse.Kind.IVR_MENU, "an IVR menu's greeting",
                    "select 1 from ivr_menus where company_id = :c and greeting_audio_id = :id",
                    "select id, name from ivr_menus where company_id = :c and greeting_audio_id = :id order by name"),
            new Place(MediaUse.Kind.QUEUE, "a queue's hold music",
                    "select 1 from call_queues where company_id = :c and hold_media_id = :id",
                    "select id, name from call_queues where company_id = :c and hold_media_id = :id order by name"),
            // Open calls only (calls_open index), and their plan and step as the engine wrote them (json text).
            new Place(MediaUse.Kind.CALL, "used by a call in progress", "select 1 from calls where ended_at is null and company_id = :c"
                    + " and (plan::text like :pattern or step::text like :pattern)",
                    "select null::uuid as id, null::text as name from calls where ended_at is null and company_id = :c"
                            + " and (plan::text like :pattern or step::text like :pattern) limit 1"));

    private PromptReferences() {
    }

    /**
     * A condition true of a row of {@code media_files} aliased {@code m} that nothing here uses, for the sweep's search
     * ({@link PromptSweep}); built from the same places, so the two never disagree. Each file it finds is checked
     * again with {@link #of} under its lock before it goes.
     */
    static String unusedBy(String m) {
        var condition = new StringBuilder();
        for (var place : PLACES) {
            if (!condition.isEmpty()) {
                condition.append(" and ");
            }
            condition.append("not exists (").append(place.sql().replace(":c", m + ".company_id").replace(":id", m + ".id")
                    .replace(":pattern", "('%' || " + m + ".id || '%')")).append(")");
        }
        return condition.toString();
    }

    /** Where the file is still used (empty: nowhere). */
    static List<String> of(JdbcClient jdbc, CompanyId company, UUID id) {
        var uses = new ArrayList<String>();
        for (var place : PLACES) {
            var spec = jdbc.sql(place.sql() + " limit 1").param("c", company.value());
            spec = place.sql().contains(":pattern") ? spec.param("pattern", "%" + id + "%") : spec.param("id", id);
            if (spec.query(Integer.class).optional().isPresent()) {
                uses.add(place.description());
            }
        }
        return uses;
    }

    /** Each place that uses the file, by kind, id and name (empty: none), for a refused delete to name and link them. */
    static List<MediaUse> uses(JdbcClient jdbc, CompanyId company, UUID id) {
        var uses = new ArrayList<MediaUse>();
        for (var place : PLACES) {
            var spec = jdbc.sql(place.named()).param("c", company.value());
            spec = place.named().contains(":pattern") ? spec.param("pattern", "%" + id + "%") : spec.param("id", id);
            uses.addAll(spec.query((rs, n) -> new MediaUse(place.kind(), rs.getObject("id", UUID.class), rs.getString("name"))).list());
        }
        return uses;
    }
}
