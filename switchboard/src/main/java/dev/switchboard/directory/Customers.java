package dev.switchboard.directory;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The company's customers: caller lookup by number, and the data calls are linked to. */
@Service
public class Customers {

    /** The most customers one page of the list holds (its {@code limit}). */
    public static final int MAX_PAGE = 1000;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Companies companies;
    private final Clock clock;
    /** The call log (the calls module's), asked for when a customer is saved: not a dependency of the directory's. */
    private final org.springframework.beans.factory.ObjectProvider<CustomerCalls> calls;

    Customers(JdbcClient jdbc, AuditLog audit, Companies companies, Clock clock,
            org.springframework.beans.factory.ObjectProvider<CustomerCalls> calls) {
        this.calls = calls;
        this.jdbc = jdbc;
        this.audit = audit;
        this.companies = companies;
        this.clock = clock;
    }

    private static final String SELECT = """
            select c.*, coalesce((select array_agg(p.number order by p.position) from customer_phones p
                                   where p.company_id = c.company_id and p.customer_id = c.id), '{}') as numbers
            from customers c where c.company_id = :c
            """;

    /**
     * What is wrong with a customer tag (stripped), or null: letters, digits, spaces, _ or -, at most 50. A routing rule's
     * tag condition and a queue's VIP tag are checked by it too: one a customer cannot have never matches a call.
     */
    public static String tagProblem(String tag) {
        return tag.length() > 50 || !tag.matches("[\\p{L}\\p{N} _-]+")
                ? "'" + tag + "' must be letters, digits, spaces, _ or -, at most 50" : null;
    }

    @Transactional(readOnly = true)
    public List<Customer> list(String query, int limit) {
        return list(query, limit, 0);
    }

    /**
     * The customers whose name, email, external id or a number matches {@code query} (all for none), by name, from the
     * {@code offset}-th on: a page of the customers page.
     */
    @Transactional(readOnly = true)
    public List<Customer> list(String query, int limit, int offset) {
        dev.switchboard.platform.InvalidInputException.requireInRange("offset", offset, 0, Integer.MAX_VALUE);
        return list(query, limit, offset, null);
    }

    /**
     * Where a page of customers (by name, then id) ends: the next page is the customers after the one with this name and
     * id. A cursor, not an offset: a list read page by page through the API reaches every customer, however many (a
     * limit of at most 1,000 left the 1,001st unreachable), and one added or deleted meanwhile shifts no other.
     */
    public record After(String name, UUID id) {
    }

    /** The customers matching {@code query} (as {@link #list(String, int, int)}) after {@code after} (null: from the first). */
    @Transactional(readOnly = true)
    public List<Customer> list(String query, int limit, After after) {
        return list(query, limit, 0, after);
    }

    private List<Customer> list(String query, int limit, int offset, After after) {
        dev.switchboard.platform.InvalidInputException.requireInRange("limit", limit, 1, MAX_PAGE);
        // What was typed is searched for as it is: '%' and '_' are not LIKE's wildcards (a backslash escapes them).
        var q = query == null || query.isBlank() ? null
                : "%" + query.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        // A number is found however it is typed ("(312) 555-0199", "555-0199", "020 7946 0000"): by its digits, and as
        // the whole number read in the company's country (a national trunk prefix is not among the stored digits).
        String digits = null;
        String e164 = null;
        if (q != null && query.strip().matches("[0-9+().\\-/ ]+") && query.replaceAll("[^0-9]", "").length() >= 3) {
            digits = "%" + query.replaceAll("[^0-9]", "") + "%";
            try {
                e164 = PhoneNumber.parse(query, companies.current().defaultRegion()).e164();
            } catch (IllegalArgumentException e) {
                // only part of a number: its digits are searched for
            }
        }
        return jdbc.sql(SELECT + """
                 and (cast(:q as text) is null or lower(c.name) like :q or lower(coalesce(c.email, '')) like :q
                      or lower(coalesce(c.external_id, '')) like :q
                      or exists (select 1 from customer_phones p where p.company_id = c.company_id and p.customer_id = c.id
                                 and (p.number like :q or p.number like cast(:digits as text) or p.number = cast(:e164 as text))))
                 and (cast(:afterId as uuid) is null or (lower(c.name), c.id) > (lower(cast(:afterName as text)), cast(:afterId as uuid)))
                order by lower(c.name), c.id limit :limit offset :offset
                """)
                .param("c", TenantContext.require().value()).param("q", q).param("digits", digits).param("e164", e164)
                .param("afterName", after == null ? null : after.name()).param("afterId", after == null ? null : after.id())
                .param("limit", limit).param("offset", offset)
                .query(Customers::map).list();
    }

    @Transactional(readOnly = true)
    public Customer get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("customer", id));
    }

    /** The customer {@code id}, or empty when there is none (a call log keeps the id of a customer deleted since). */
    @Transactional(readOnly = true)
    public Optional<Customer> find(UUID id) {
        return jdbc.sql(SELECT + " and c.id = :id").param("c", TenantContext.require().value()).param("id", id)
                .query(Customers::map).optional();
    }

    /** The names of the customers {@code ids} that still exist, by id (for a page of calls). */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> names(java.util.Collection<UUID> ids) {
        var names = new java.util.HashMap<UUID, String>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.sql("select id, name from customers where company_id = :c and id = any(:ids)")
                .param("c", TenantContext.require().value()).param("ids", ids.stream().distinct().toArray(UUID[]::new))
                .query((rs, n) -> names.put(rs.getObject("id", UUID.class), rs.getString("name"))).list();
        return names;
    }

    /** The customers who call from {@code number} (usually one; a shared line may have several). */
    @Transactional(readOnly = true)
    public List<Customer> findByNumber(PhoneNumber number) {
        return jdbc.sql(SELECT + " and c.id in (select customer_id from customer_phones where company_id = :c and number = :n) order by c.created_at, c.id")
                .param("c", TenantContext.require().value()).param("n", number.e164())
                .query(Customers::map).list();
    }

    /**
     * A customer saved, with how many earlier calls were linked to them: the calls from (or to) a number they were given,
     * made while it was nobody's (see {@link #linkEarlierCalls}).
     */
    public record Saved(Customer customer, int linkedCalls) {
    }

    @Transactional
    public Customer create(Actor actor, CustomerInput input) {
        return add(actor, input).customer();
    }

    /** As {@link #create}, saying how many earlier calls of their numbers were linked to the new customer. */
    @Transactional
    public Saved add(Actor actor, CustomerInput input) {
        requireWrite(actor);
        var v = validate(input, "");
        if (!v.problems().isEmpty()) {
            throw new InvalidInputException(v.problems());
        }
        requireExternalIdFree(v.externalId(), null);
        requireNotTheSameAgain(v, null);
        var id = insert(v);
        int linked = linkEarlierCalls(id, v.numbers());
        var created = get(id);
        audit.record(actor, "customer", id, "create", null, created);
        return new Saved(created, linked);
    }

    @Transactional
    public Customer update(Actor actor, UUID id, CustomerInput input) {
        return change(actor, id, input).customer();
    }

    /** As {@link #update}, saying how many earlier calls of the numbers the customer was given were linked to them. */
    @Transactional
    public Saved change(Actor actor, UUID id, CustomerInput input) {
        requireWrite(actor);
        var before = get(id);
        var v = validate(input, "");
        if (!v.problems().isEmpty()) {
            throw new InvalidInputException(v.problems());
        }
        requireExternalIdFree(v.externalId(), id);
        requireNotTheSameAgain(v, id);
        var company = TenantContext.require().value();
        try {
            jdbc.sql("""
                    update customers set name = :name, email = :email, external_id = :ext, tags = :tags, notes = :notes,
                      updated_at = :now where company_id = :c and id = :id
                    """)
                    .param("name", v.name()).param("email", v.email()).param("ext", v.externalId())
                    .param("tags", v.tags().toArray(String[]::new)).param("notes", v.notes())
                    .param("now", Timestamp.from(clock.instant())).param("c", company).param("id", id).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("external_id", "another customer has external id " + v.externalId());
        }
        jdbc.sql("delete from customer_phones where company_id = :c and customer_id = :id").param("c", company).param("id", id).update();
        insertPhones(company, id, v.numbers());
        int linked = linkEarlierCalls(id, newNumbers(before, v.numbers()));
        var after = get(id);
        audit.record(actor, "customer", id, "update", before, after);
        return new Saved(after, linked);
    }

    /** Of {@code numbers}, those {@code before} did not have. */
    private static List<String> newNumbers(Customer before, List<String> numbers) {
        var had = before.phoneNumbers().stream().map(PhoneNumber::e164).collect(java.util.stream.Collectors.toSet());
        return numbers.stream().filter(n -> !had.contains(n)).toList();
    }

    /**
     * Links to customer {@code id} the calls made with one of {@code numbers} (new ones of theirs) on the other end while
     * it was nobody's: a call from an unknown number is theirs once they are added with it, on their page and in the call
     * log's customer filter. Only calls linked to no customer: one already linked (a shared line's other customer, or one
     * set by hand) is left alone. Only for numbers new to the customer: a call unlinked by hand from one they already had
     * stays unlinked when they are edited. Returns how many.
     */
    int linkEarlierCalls(UUID id, List<String> numbers) {
        var log = calls.getIfAvailable();
        return log == null || numbers.isEmpty() ? 0 : log.linkUnlinked(id, numbers);
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        requireWrite(actor);
        var before = get(id);
        jdbc.sql("delete from customers where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).update();
        audit.record(actor, "customer", id, "delete", before, null);
    }

    /** A customer row checked; {@code problems} is empty when it can be saved. */
    record Checked(String name, String email, String externalId, List<String> numbers, List<String> tags, String notes,
            List<FieldProblem> problems, List<String> extensionLines) {
    }

    /** {@code notes} with each of {@code lines} not already one of its lines added at the end. */
    private static String withLines(String notes, List<String> lines) {
        for (var line : lines) {
            if (notes == null || !notes.lines().map(String::strip).toList().contains(line)) {
                notes = notes == null || notes.isBlank() ? line : notes + "\n" + line;
            }
        }
        return notes;
    }

    Checked validate(CustomerInput in, String prefix) {
        var problems = new ArrayList<FieldProblem>();
        var region = companies.current().defaultRegion();
        var name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty()) {
            problems.add(new FieldProblem(prefix + "name", "required", "must not be blank"));
        } else if (name.length() > 200) {
            problems.add(new FieldProblem(prefix + "name", "length", "must be at most 200 characters"));
        }
        var email = blank(in.email());
        if (email != null && !dev.switchboard.shared.EmailAddress.isValid(email)) {
            problems.add(new FieldProblem(prefix + "email", "email", "must be an email address such as name@example.com"));
        }
        var ext = blank(in.externalId());
        if (ext != null && ext.length() > 100) {
            problems.add(new FieldProblem(prefix + "external_id", "length", "must be at most 100 characters"));
        }
        var numbers = new LinkedHashSet<String>();
        // An extension after a number ("(312) 555-0177 ext. 12") is no part of the number a call comes from or is made to:
        // it is kept in the notes, where the office reads it before calling (it was dropped without a word).
        var extensions = new ArrayList<String>();
        var raw = in.phoneNumbers() == null ? List.<String>of() : in.phoneNumbers();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i) == null || raw.get(i).isBlank()) {
                continue;
            }
            try {
                var number = PhoneNumber.parse(raw.get(i), region).e164();
                numbers.add(number);
                var extension = PhoneNumber.extensionOf(raw.get(i), region);
                if (extension != null) {
                    extensions.add("Extension " + extension + " at " + companies.current().formats().phone(number));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(prefix + "phone_numbers[" + i + "]", "e164", e.getMessage()));
            }
        }
        if (numbers.size() > 20) {
            problems.add(new FieldProblem(prefix + "phone_numbers", "length", "at most 20 numbers per customer"));
        }
        var tags = new LinkedHashSet<String>();
        for (var t : in.tags() == null ? List.<String>of() : in.tags()) {
            if (t == null || t.isBlank()) {
                continue;
            }
            var tag = t.strip();
            var problem = tagProblem(tag);
            if (problem != null) {
                problems.add(new FieldProblem(prefix + "tags", "pattern", problem));
            } else {
                tags.add(tag);
            }
        }
        var notes = withLines(blank(in.notes()), extensions);
        if (notes != null && notes.length() > 5000) {
            problems.add(new FieldProblem(prefix + "notes", "length", "must be at most 5000 characters"));
        }
        return new Checked(name, email, ext, List.copyOf(numbers), List.copyOf(tags), notes, problems, List.copyOf(extensions));
    }

    UUID insert(Checked v) {
        var id = UUID.randomUUID();
        var company = TenantContext.require().value();
        var now = Timestamp.from(clock.instant());
        try {
            jdbc.sql("""
                    insert into customers (company_id, id, name, email, external_id, tags, notes, created_at, updated_at)
                    values (:c, :id, :name, :email, :ext, :tags, :notes, :now, :now)
                    """)
                    .param("c", company).param("id", id).param("name", v.name()).param("email", v.email())
                    .param("ext", v.externalId()).param("tags", v.tags().toArray(String[]::new)).param("notes", v.notes())
                    .param("now", now).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("external_id", "another customer has external id " + v.externalId());
        }
        insertPhones(company, id, v.numbers());
        return id;
    }

    /** {@code raw} as an E.164 number read in the company's country, or null when it is none (as {@link #validate} reads it). */
    String e164(String raw) {
        try {
            return PhoneNumber.parse(raw, companies.current().defaultRegion()).e164();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The customer who has an external id, named in the refusal of another customer with it. */
    public record Holder(UUID id, String name) {
    }

    /**
     * The customer other than {@code except} (null: anyone) whose external id is {@code externalId}, if any: a refusal
     * names (and the pages link) them, so the person sees which customer already is that record of their other software.
     */
    @Transactional(readOnly = true)
    public Optional<Holder> externalIdHolder(String externalId, UUID except) {
        if (externalId == null || externalId.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select id, name from customers where company_id = :c and external_id = :e and id is distinct from cast(:except as uuid)")
                .param("c", TenantContext.require().value()).param("e", externalId.strip()).param("except", except)
                .query((rs, n) -> new Holder(rs.getObject("id", UUID.class), rs.getString("name"))).optional();
    }

    /** Why {@code externalId} cannot be another customer's, in the words of the form, the API and the import. */
    static String externalIdTaken(String externalId, String holder) {
        return "external id " + externalId + " is already " + holder + "'s";
    }

    /** Refuses {@code externalId} when another customer than {@code except} has it, naming them (409, {@code unique}). */
    private void requireExternalIdFree(String externalId, UUID except) {
        externalIdHolder(externalId, except).ifPresent(h -> {
            throw new ConflictException("external_id", externalIdTaken(externalId, h.name()));
        });
    }

    /**
     * Refuses a customer who is one already there again (the same name in any case, and one of their numbers), as the
     * import does ({@link #sameCustomerExists}): the next call would be linked to one of two copies. Another name on the
     * number is a shared line (a family, an office), saved.
     */
    private void requireNotTheSameAgain(Checked v, UUID except) {
        lockForDuplicates();
        for (var number : v.numbers()) {
            var same = jdbc.sql("""
                    select c.name from customers c join customer_phones p on p.company_id = c.company_id and p.customer_id = c.id
                    where c.company_id = :c and p.number = :n and lower(c.name) = lower(:name) and c.id is distinct from cast(:except as uuid)
                    limit 1
                    """).param("c", TenantContext.require().value()).param("n", number).param("name", v.name()).param("except", except)
                    .query(String.class).optional();
            if (same.isPresent()) {
                throw new ConflictException("phone_numbers", "duplicate", "a customer " + same.get() + " with "
                        + companies.current().formats().phone(number) + " already exists: find them on the Customers page"
                        + " (someone else on the same line is added under their own name)");
            }
        }
    }

    /**
     * Held from the check for the same customer again until the save commits: the same customer added twice at once (a
     * double click on Save, two nodes) was checked by each before the other was saved, and both copies were saved. No
     * constraint can refuse it (the numbers are rows of their own).
     */
    void lockForDuplicates() {
        dev.switchboard.platform.TransactionLocks.hold(jdbc, "customers:" + TenantContext.require().value());
    }

    /**
     * The customer of this name (in any case), other than {@code except} (null: anyone), who already has {@code number}:
     * the same customer again, not a shared line.
     */
    Optional<UUID> sameCustomer(String name, String number, UUID except) {
        return jdbc.sql("""
                select c.id from customers c join customer_phones p on p.company_id = c.company_id and p.customer_id = c.id
                where c.company_id = :c and p.number = :n and lower(c.name) = lower(:name) and c.id is distinct from cast(:except as uuid)
                order by c.id limit 1
                """).param("c", TenantContext.require().value()).param("n", number).param("name", name).param("except", except)
                .query(UUID.class).optional();
    }

    /** The customer whose external id is {@code externalId}, locked until the transaction ends (an import updates them). */
    Optional<UUID> lockByExternalId(String externalId) {
        return jdbc.sql("select id from customers where company_id = :c and external_id = :e for update")
                .param("c", TenantContext.require().value()).param("e", externalId).query(UUID.class).optional();
    }

    /**
     * Saves an import's row {@code v} over customer {@code id}: each field whose column the file has ({@code columns},
     * lower case) as the row gives it, an empty cell clearing it; the others as they are. The external id is the one it
     * was found by.
     */
    int updateFromImport(UUID id, Checked v, java.util.Set<String> columns) {
        var current = get(id);
        var company = TenantContext.require().value();
        jdbc.sql("""
                update customers set name = :name, email = :email, tags = :tags, notes = :notes, updated_at = :now
                where company_id = :c and id = :id
                """)
                .param("name", v.name())
                .param("email", columns.contains("email") ? v.email() : current.email())
                .param("tags", (columns.contains("tags") ? v.tags() : current.tags()).toArray(String[]::new))
                // A file without a notes column keeps the notes, with the extensions of its numbers added (they were lost).
                .param("notes", columns.contains("notes") ? v.notes() : withLines(current.notes(), v.extensionLines()))
                .param("now", Timestamp.from(clock.instant())).param("c", company).param("id", id).update();
        if (columns.contains("phone") || columns.contains("phone_numbers")) {
            jdbc.sql("delete from customer_phones where company_id = :c and customer_id = :id").param("c", company).param("id", id).update();
            insertPhones(company, id, v.numbers());
            return linkEarlierCalls(id, newNumbers(current, v.numbers()));
        }
        return 0;
    }

    private void insertPhones(UUID company, UUID id, List<String> numbers) {
        int position = 0;
        for (var n : numbers) {
            jdbc.sql("insert into customer_phones (company_id, customer_id, number, position) values (:c, :id, :n, :p)")
                    .param("c", company).param("id", id).param("n", n).param("p", position++).update();
        }
    }

    static void requireWrite(Actor actor) {
        if (actor.role() == dev.switchboard.tenancy.Role.AGENT) {
            throw new dev.switchboard.platform.ForbiddenException("agents cannot change customers or jobs");
        }
    }

    static Customer map(ResultSet rs, int n) throws SQLException {
        return new Customer(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"),
                rs.getString("external_id"), strings(rs.getArray("numbers")).stream().map(PhoneNumber::new).toList(),
                strings(rs.getArray("tags")), rs.getString("notes"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    Optional<Customer> findByExternalId(String externalId) {
        return jdbc.sql(SELECT + " and c.external_id = :e").param("c", TenantContext.require().value()).param("e", externalId)
                .query(Customers::map).optional();
    }
}
