package dev.switchboard.directory;

import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The company's jobs: what a customer's call is probably about. */
@Service
public class Jobs {

    /** The most jobs one page of the list holds (its {@code limit}). */
    public static final int MAX_PAGE = 1000;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Jobs(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Unassigns every job of a member who is being removed, each with an audit entry by {@code actor} (the job's page
     * and the Activity say who had it); returns how many.
     */
    @Transactional
    public int unassignAll(Actor actor, UUID memberId) {
        var ids = jdbc.sql("select id from jobs where company_id = :c and assigned_member_id = :m order by id")
                .param("c", TenantContext.require().value()).param("m", memberId).query(UUID.class).list();
        for (var id : ids) {
            var before = get(id);
            // Its updated_at is kept: it orders a caller's open jobs ("ring the technician first"), which nobody reordered.
            jdbc.sql("update jobs set assigned_member_id = null where company_id = :c and id = :id")
                    .param("c", TenantContext.require().value()).param("id", id).update();
            audit.record(actor, "job", id, "update", before, get(id));
        }
        return ids.size();
    }

    @Transactional(readOnly = true)
    public List<Job> list(UUID customerId, String status, int limit) {
        return list(customerId, status, limit, null);
    }

    /**
     * Where a page of jobs (newest first) ends: the next page is the jobs created before this one (by its creation, then
     * its id). A list read page by page through the API reaches every job, however many (a limit of at most 1,000 left
     * the older ones unreachable).
     */
    public record Before(java.time.Instant createdAt, UUID id) {
    }

    /** As {@link #list(UUID, String, int)}, the jobs after (older than) {@code before}; null: from the newest. */
    @Transactional(readOnly = true)
    public List<Job> list(UUID customerId, String status, int limit, Before before) {
        if (status != null && !status.isBlank()
                && java.util.Arrays.stream(Job.Status.values()).noneMatch(v -> v.name().equalsIgnoreCase(status.strip()))) {
            // Filtering by a status no job can have returned nothing, as if there were no jobs.
            throw new dev.switchboard.platform.InvalidInputException("status", "enum", "must be one of "
                    + java.util.Arrays.stream(Job.Status.values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
        }
        dev.switchboard.platform.InvalidInputException.requireInRange("limit", limit, 1, MAX_PAGE);
        return jdbc.sql("""
                select * from jobs where company_id = :c
                  and (cast(:customer as uuid) is null or customer_id = :customer)
                  and (cast(:status as text) is null or status = :status)
                  and (cast(:beforeId as uuid) is null or (created_at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                order by created_at desc, id desc limit :limit
                """)
                .param("c", TenantContext.require().value()).param("customer", customerId)
                .param("beforeAt", before == null ? null : Timestamp.from(before.createdAt()))
                .param("beforeId", before == null ? null : before.id())
                .param("status", status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT))
                .param("limit", limit)
                .query(Jobs::map).list();
    }

    @Transactional(readOnly = true)
    public Job get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("job", id));
    }

    /** The job {@code id}, or empty when there is none (a call log keeps the id of a job deleted since). */
    @Transactional(readOnly = true)
    public java.util.Optional<Job> find(UUID id) {
        return jdbc.sql("select * from jobs where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query(Jobs::map).optional();
    }

    /** The titles of the jobs {@code ids} that still exist, by id (for a page of calls). */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> titles(java.util.Collection<UUID> ids) {
        var titles = new java.util.HashMap<UUID, String>();
        if (ids.isEmpty()) {
            return titles;
        }
        jdbc.sql("select id, title from jobs where company_id = :c and id = any(:ids)")
                .param("c", TenantContext.require().value()).param("ids", ids.stream().distinct().toArray(UUID[]::new))
                .query((rs, n) -> titles.put(rs.getObject("id", UUID.class), rs.getString("title"))).list();
        return titles;
    }

    /**
     * The job a call with {@code customerId} is probably about: of their jobs not yet done or cancelled (however many
     * they have had since), the one most recently updated (scheduled, assigned, its status moved on), then the most
     * recently created. The call log links to it, and a rule may ring the member it is assigned to first.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Job> latestOpen(UUID customerId) {
        return latestOpen(List.of(customerId));
    }

    /**
     * As {@link #latestOpen(UUID)}, among the jobs of every customer in {@code customerIds}: several customers may share a
     * phone number (a household, a landlord and a tenant, a business's front desk), and a call from it is probably about
     * the open job the most recently updated of all theirs, whichever customer it belongs to ({@link Job#customerId()}).
     * Empty for no customers.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Job> latestOpen(java.util.Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return java.util.Optional.empty();
        }
        return jdbc.sql("""
                select * from jobs where company_id = :c and customer_id in (:customers) and status not in ('DONE', 'CANCELLED')
                order by updated_at desc, created_at desc, id limit 1
                """)
                .param("c", TenantContext.require().value()).param("customers", List.copyOf(customerIds))
                .query(Jobs::map).optional();
    }

    @Transactional
    public Job create(Actor actor, JobInput input) {
        Customers.requireWrite(actor);
        var status = validate(input);
        var id = UUID.randomUUID();
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into jobs (company_id, id, customer_id, title, status, assigned_member_id, scheduled_at, created_at, updated_at)
                values (:c, :id, :customer, :title, :status, :member, :at, :now, :now)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("customer", input.customerId())
                .param("title", input.title().strip()).param("status", status.name()).param("member", input.assignedMemberId())
                .param("at", input.scheduledAt() == null ? null : Timestamp.from(input.scheduledAt())).param("now", now)
                .update();
        var created = get(id);
        audit.record(actor, "job", id, "create", null, created);
        return created;
    }

    @Transactional
    public Job update(Actor actor, UUID id, JobInput input) {
        Customers.requireWrite(actor);
        var before = get(id);
        var status = validate(input);
        jdbc.sql("""
                update jobs set customer_id = :customer, title = :title, status = :status, assigned_member_id = :member,
                  scheduled_at = :at, updated_at = :now where company_id = :c and id = :id
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("customer", input.customerId())
                .param("title", input.title().strip()).param("status", status.name()).param("member", input.assignedMemberId())
                .param("at", input.scheduledAt() == null ? null : Timestamp.from(input.scheduledAt()))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        var after = get(id);
        audit.record(actor, "job", id, "update", before, after);
        return after;
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        Customers.requireWrite(actor);
        var before = get(id);
        jdbc.sql("delete from jobs where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).update();
        audit.record(actor, "job", id, "delete", before, null);
    }

    /** Checks {@code input} as {@link #create} would, saving nothing: a form with another bad field shows every error. */
    @Transactional(readOnly = true)
    public void check(JobInput input) {
        validate(input);
    }

    private Job.Status validate(JobInput in) {
        var problems = new ArrayList<FieldProblem>();
        var company = TenantContext.require().value();
        if (in.customerId() == null) {
            problems.add(new FieldProblem("customer_id", "required", "must be the id of a customer"));
        } else if (!exists("customers", in.customerId())) {
            problems.add(new FieldProblem("customer_id", "exists", "no customer " + in.customerId() + " in this company"));
        }
        if (in.title() == null || in.title().isBlank()) {
            problems.add(new FieldProblem("title", "required", "must not be blank"));
        } else if (in.title().strip().length() > 200) {
            problems.add(new FieldProblem("title", "length", "must be at most 200 characters"));
        }
        Job.Status status = Job.Status.OPEN;
        if (in.status() != null) {
            try {
                status = Job.Status.valueOf(in.status().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("status", "enum", "must be one of OPEN, SCHEDULED, IN_PROGRESS, DONE, CANCELLED"));
            }
        }
        if (!dev.switchboard.platform.InvalidInputException.isStorable(in.scheduledAt())) {
            // A year before 1 was shown and put back in the job's form as a year of our era (-0001 as 0003), so saving the
            // form unchanged moved the job.
            problems.add(new FieldProblem("scheduled_at", "range", dev.switchboard.platform.InvalidInputException.NOT_STORABLE));
        }
        if (in.assignedMemberId() != null && !exists("team_members", in.assignedMemberId())) {
            problems.add(new FieldProblem("assigned_member_id", "exists", "no team member " + in.assignedMemberId() + " in this company"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return status;
    }

    private boolean exists(String table, UUID id) {
        return jdbc.sql("select exists (select 1 from " + table + " where company_id = :c and id = :id)")
                .param("c", TenantContext.require().value()).param("id", id).query(Boolean.class).single();
    }

    static Job map(ResultSet rs, int n) throws SQLException {
        var at = rs.getTimestamp("scheduled_at");
        return new Job(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("title"),
                Job.Status.valueOf(rs.getString("status")), rs.getObject("assigned_member_id", UUID.class),
                at == null ? null : at.toInstant(), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
