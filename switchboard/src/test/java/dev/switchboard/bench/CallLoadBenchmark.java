package dev.switchboard.bench;

import dev.switchboard.SwitchboardApplication;
import dev.switchboard.platform.EmbeddedDatabase;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.SimulatorServer;
import dev.switchboard.simulator.TelnyxSimulator;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call-load benchmark: the standalone simulator (real time, HTTP on loopback) against the whole app
 * (embedded PostgreSQL with durable settings), ramping calls per second. Each call is answered by the
 * app, rings a member (round robin) whose phone answers after 1 s, talks, and hangs up 6 s after it
 * began. Prints calls/s completed, webhooks/s, the time from a webhook's delivery to the command it
 * causes, errors, call logs lost and heap; then the baseline: the same signature check and inbox write
 * without the engine. Not a test: run {@code bench/calls.sh}. Results go in docs/benchmarks.md.
 */
public final class CallLoadBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CallLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("app")) {
            // The app's own JVM: started by the driver below, with its settings as arguments.
            new SpringApplicationBuilder(SwitchboardApplication.class).run(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        var rates = new ArrayList<Integer>();
        for (var r : (args.length > 1 ? args[1] : "25,50,100,200").split(",")) {
            rates.add(Integer.parseInt(r.strip()));
        }
        int hold = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int appPort = freePort();
        var seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        var real = Clock.systemUTC();
        var sim = new TelnyxSimulator(new TelnyxSimulator.Config("bench-connection",
                "http://127.0.0.1:" + appPort + "/api/telnyx/webhooks", seed, Duration.ofSeconds(1)),
                new SimClock(real.instant()), SimulatorServer.concurrentHttpSink(Duration.ofSeconds(5)));
        sim.keepDeliveries(false);
        sim.defaultPhone(PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var server = SimulatorServer.start(sim, 0, real);
        var data = Files.createTempDirectory("switchboard-bench");
        // PostgreSQL runs in its own processes, started here so this driver can count rows as the owner.
        boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
        // -Dbench.statements=true: PostgreSQL counts its statements, and the costliest are printed at the end.
        boolean statements = Boolean.getBoolean("bench.statements");
        var serverSettings = new LinkedHashMap<String, String>();
        if (statements) {
            serverSettings.put("shared_preload_libraries", "pg_stat_statements");
            serverSettings.put("pg_stat_statements.track_planning", "on");
        }
        // -Dbench.pg="shared_buffers=1GB;max_wal_size=4GB": more PostgreSQL server settings, for experiments.
        for (var setting : System.getProperty("bench.pg", "").split(";")) {
            if (!setting.isBlank()) {
                var parts = setting.split("=", 2);
                serverSettings.put(parts[0].strip(), parts[1].strip());
            }
        }
        var postgres = EmbeddedDatabase.start(data.resolve("postgres"), durable, serverSettings);
        var props = new LinkedHashMap<String, Object>();
        props.put("server.port", appPort);
        props.put("switchboard.data-dir", data.toString());
        props.put("switchboard.database.url", postgres.getJdbcUrl("postgres", "postgres"));
        props.put("switchboard.database.user", "postgres");
        props.put("switchboard.database.password", "");
        // -Dbench.app-pool-size=N: the app's connection pool (signals in a transaction at once: N minus 4).
        props.put("switchboard.database.pool-size", System.getProperty("bench.app-pool-size", "30"));
        props.put("telnyx.api-key", "bench-key");
        props.put("telnyx.api-base-url", "http://127.0.0.1:" + server.port() + "/v2");
        props.put("telnyx.connection-id", "bench-connection");
        props.put("telnyx.public-key", sim.publicKey());
        props.put("switchboard.demo.enabled", "false");
        props.put("switchboard.bench.baseline-endpoint", "true");
        props.put("logging.level.root", "WARN");
        props.put("logging.level.dev.switchboard", "WARN");
        // The app in a JVM of its own (1 GB heap), so its heap, GC and CPU are its alone.
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g"));
        // The app's collector as it is run (the pom's spring-boot:run arguments): the parallel collector, which session 28
        // measured against G1 in three alternated pairs (p99 lower in all six rates compared, less heap, the same CPU).
        // -Dbench.app-gc= (empty) runs the JVM's default (G1); another -XX:+Use...GC runs that one.
        var gc = System.getProperty("bench.app-gc", "-XX:+UseParallelGC").strip();
        if (!gc.isEmpty()) {
            command.add(gc);
        }
        var extra = System.getProperty("bench.app-jvm-args", "").strip(); // e.g. a JFR recording
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CallLoadBenchmark.class.getName(), "app"));
        props.forEach((k, v) -> command.add("--" + k + "=" + v));
        var appArgs = System.getProperty("bench.app-args", "").strip(); // e.g. --spring.threads.virtual.enabled=false
        if (!appArgs.isEmpty()) {
            command.addAll(List.of(appArgs.split("\\s+")));
        }
        var log = data.resolve("app.log").toFile();
        var app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        // The driver's own queries (progress, counts) on two pooled connections: a connection per query would
        // start and end a PostgreSQL backend each time, on the machine being measured.
        var ownerPool = new com.zaxxer.hikari.HikariDataSource();
        ownerPool.setDataSource(postgres.getPostgresDatabase());
        ownerPool.setMaximumPoolSize(2);
        ownerPool.setPoolName("bench-driver");
        var owner = JdbcClient.create(ownerPool);
        if (statements) {
            owner.sql("create extension if not exists pg_stat_statements").update();
        }
        try {
            var base = "http://127.0.0.1:" + appPort;
            var http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            waitUntilUp(http, base, app, log);
            setUp(http, base, "bench", "+13125550100", 200);
            // BENCH_SQL="...": statements run as the schema owner before any call (experiments with storage settings).
            var sql = java.util.Objects.requireNonNullElse(System.getenv("BENCH_SQL"), "").strip();
            if (!sql.isEmpty()) {
                for (var statement : sql.split(";")) {
                    if (!statement.isBlank()) {
                        owner.sql(statement).update();
                    }
                }
            }
            var stats = new AppStats(http, base);
            System.out.printf("java %s, %d cores, %d s per rate; members answer after 1 s, calls last 6 s; app in its own JVM (pid %d)%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds, app.pid());
            System.out.println("app CPU ms/call: the app process's CPU time over the run (JIT and GC included) divided by calls placed;");
            System.out.println("CPU share: of the machine's 2 cores over the run, used by the app / this driver with the simulator / PostgreSQL");
            System.out.println("rate/s  placed  drained s  webhooks/s  handle p50 ms  p99 ms  max ms  not answered  lost  app heap MB  app CPU ms/call  CPU share app/sim/pg %  app JIT ms/call");
            // Warm-up (not reported): lets the JIT compile the hot paths before anything is measured. A large
            // Spring app keeps compiling for minutes, and compiles anew at each higher rate: measured after a
            // minute at 30 calls/s, the JIT still took a fifth of the app's CPU at 75 calls/s, and about
            // 150 s at the rate itself brought it under 2 %. So: up 15 calls/s every 20 s to the warm-up
            // rate (the first rate unless -Dbench.warmup-rate says otherwise), then held there.
            var out = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            int warmup = Integer.getInteger("bench.warmup-seconds", 240);
            int warmupRate = Integer.getInteger("bench.warmup-rate", rates.getFirst());
            for (int done = 0; done < warmup; done += 20) {
                run(sim, owner, stats, Math.min(15 * (1 + done / 20), warmupRate), Math.min(20, warmup - done));
            }
            System.setOut(out);
            for (int rate : rates) {
                run(sim, owner, stats, rate, seconds);
            }
            System.out.println("webhook deliveries that failed: " + SimulatorServer.failedDeliveries());
            if (statements) {
                printStatements(owner);
            }
            baseline(http, base, seed, seconds, stats);
            if (hold > 0) {
                // Members take at most 10 calls each: holding N calls at once needs N/10 of them, with some slack,
                // in a company of their own (so the rates above were measured with the usual 200).
                setUp(http, base, "hold", "+13125550200", hold / 9 + 1);
                hold(sim, owner, stats, hold, rates.getFirst());
            }
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
            server.close();
            ownerPool.close();
            postgres.close();
        }
        System.exit(0);
    }

    /** The app's numbers, read over its benchmark endpoint. */
    private record AppStats(HttpClient http, String base) {
        tools.jackson.databind.JsonNode read(boolean gc) {
            try {
                return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/telnyx/webhooks-bench?gc=" + gc)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void waitUntilUp(HttpClient http, String base, Process app, java.io.File log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the app exited; see " + log);
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/telnyx/webhooks")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new IllegalStateException("the app did not start within 120 s; see " + log);
    }

    /**
     * Holds {@code calls} bridged calls at once (placed at {@code rate} per second, nobody hangs up),
     * then reads the app's heap after a full collection; then hangs them all up.
     */
    private static void hold(TelnyxSimulator sim, JdbcClient owner, AppStats stats, int calls, int rate) {
        long idleHeap = stats.read(true).path("heap_used_bytes").asLong();
        long before = owner.sql("select count(*) from calls where answered_at is not null and ended_at is null").query(Long.class).single();
        var callers = new ArrayList<dev.switchboard.simulator.Caller>();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (int i = 0; i < calls; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            callers.add(sim.call("+1773" + String.format("%07d", 2_000_000 + i), "+13125550200"));
        }
        long bridged = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            bridged = owner.sql("select count(*) from calls where answered_at is not null and ended_at is null").query(Long.class).single() - before;
            if (bridged >= calls) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        long heldHeap = stats.read(true).path("heap_used_bytes").asLong();
        System.out.printf("held %d bridged calls at once (placed at %d/s): app heap after full GC %d MB (idle before: %d MB)%n",
                bridged, rate, heldHeap / (1024 * 1024), idleHeap / (1024 * 1024));
        if (bridged < calls) {
            System.out.println("        the others: " + String.join(", ", owner.sql("""
                    select what || ' ' || count(*) from (
                      select coalesce(outcome, case when answered_at is null then 'not answered yet' else 'bridged' end) as what
                      from calls where to_number = '+13125550200' and (outcome is not null or answered_at is null)) c
                    group by what order by what
                    """).query(String.class).list()));
        }
        callers.forEach(dev.switchboard.simulator.Caller::hangUp);
    }

    /** A company named {@code name} with {@code number} and {@code members} members (10 calls each at most) in one round-robin rule. */
    private static void setUp(HttpClient http, String base, String name, String number, int members) throws Exception {
        post(http, base + "/api/v1/signup", null, "{\"company_name\":\"" + name + "\",\"timezone\":\"UTC\",\"owner_email\":\"" + name
                + "@bench.test\",\"owner_password\":\"bench-password\"}");
        var token = JSON.readTree(post(http, base + "/api/v1/auth/token", null,
                "{\"email\":\"" + name + "@bench.test\",\"password\":\"bench-password\"}")).path("token").asString();
        post(http, base + "/api/v1/company", token, "PUT{\"name\":\"" + name + "\",\"timezone\":\"UTC\",\"business_numbers\":[\"" + number + "\"]}");
        var ids = new ArrayList<String>();
        for (int i = 0; i < members; i++) {
            var body = "{\"name\":\"Agent " + i + "\",\"phone_extension\":\"" + (1000 + i) + "\",\"sip_address\":\"sip:agent" + i
                    + "@bench.sip.telnyx.com\",\"max_concurrent_calls\":10}";
            ids.add(JSON.readTree(post(http, base + "/api/v1/members", token, body)).path("id").asString());
        }
        post(http, base + "/api/v1/routing-rules", token, "{\"name\":\"Everyone\",\"type\":\"ROUND_ROBIN\",\"ring_timeout_seconds\":20,\"member_ids\":"
                + JSON.writeValueAsString(ids) + "}");
    }

    /** The statements that took PostgreSQL the most time over the whole run (warm-up included). */
    private static void printStatements(JdbcClient owner) {
        System.out.println("PostgreSQL's statements over the run: " + owner.sql("select sum(calls) || ' executed, ' || round(sum(total_exec_time)) || ' ms in all; planned ' || sum(plans) || ' times, ' || round(sum(total_plan_time)) || ' ms' from pg_stat_statements")
                .query(String.class).single() + "; calls placed: " + owner.sql("select count(*) from calls").query(Long.class).single());
        System.out.println("Updates in place (HOT) of all updates: " + String.join(", ", owner.sql("""
                select relname || ' ' || n_tup_hot_upd || '/' || n_tup_upd from pg_stat_user_tables
                where relname in ('calls', 'call_legs', 'team_availability', 'call_routing_rules', 'wal_flushes') order by relname
                """).query(String.class).list()));
        System.out.println("PostgreSQL's costliest statements (total ms, calls, mean ms, plans, plan ms, statement):");
        owner.sql("""
                select total_exec_time, calls, mean_exec_time, plans, total_plan_time, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements
                order by total_exec_time + total_plan_time desc limit 40
                """).query((rs, n) -> String.format("%9.0f %8d %7.3f %8d %7.0f  %s", rs.getDouble(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4),
                        rs.getDouble(5), rs.getString(6).length() > 150 ? rs.getString(6).substring(0, 150) : rs.getString(6)))
                .list().forEach(System.out::println);
    }

    /** CPU time so far of this JVM (the driver and the simulator) and of PostgreSQL's processes. */
    private static long[] localCpu() {
        long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        long pg = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return new long[] {self, pg};
    }

    private static void run(TelnyxSimulator sim, JdbcClient owner, AppStats stats, int rate, int seconds) {
        sim.drainReactionTimes();
        var first = stats.read(true);
        long cpuBefore = first.path("process_cpu_nanos").asLong();
        long jitBefore = first.path("jit_millis").asLong();
        var localBefore = localCpu();
        long deliveredBefore = sim.deliveredCount();
        long callsBefore = owner.sql("select count(*) from calls").query(Long.class).single();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        int placed = 0;
        long peakHeap = 0;
        var handled = new ArrayList<Long>();
        var phases = new Phases();
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            long due = start + placed * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            var from = "+1773555" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
            sim.call(from, "+13125550100").hangUpAfter(Duration.ofSeconds(6));
            placed++;
            if (placed % rate == 0) {
                var now = stats.read(false);
                peakHeap = Math.max(peakHeap, now.path("heap_used_bytes").asLong());
                now.path("handling_nanos").forEach(n -> handled.add(n.asLong()));
                phases.add(now);
            }
        }
        long placedAt = System.nanoTime();
        long ended = 0;
        long deadline = placedAt + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            ended = owner.sql("select count(*) from calls where ended_at is not null").query(Long.class).single() - callsBefore;
            if (ended >= placed) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double drained = (System.nanoTime() - placedAt) / 1e9;
        long rows = owner.sql("select count(*) from calls").query(Long.class).single() - callsBefore;
        long notAnswered = owner.sql("select count(*) from (select outcome from calls order by started_at desc limit :n) c where outcome is distinct from 'ANSWERED'")
                .param("n", placed).query(Long.class).single();
        var why = owner.sql("""
                select coalesce(outcome, 'still going') || ' ' || count(*) from (select outcome from calls order by started_at desc limit :n) c
                where outcome is distinct from 'ANSWERED' group by outcome order by count(*) desc
                """).param("n", placed).query(String.class).list();
        var last = stats.read(false);
        last.path("handling_nanos").forEach(n -> handled.add(n.asLong()));
        phases.add(last);
        long cpu = last.path("process_cpu_nanos").asLong() - cpuBefore;
        long jit = last.path("jit_millis").asLong() - jitBefore;
        var localAfter = localCpu();
        double machine = elapsed * 1e9 * Runtime.getRuntime().availableProcessors() / 100;
        handled.sort(Long::compare);
        long webhooks = sim.deliveredCount() - deliveredBefore;
        // Calls last 6 s, so the last ones end about 6 s after the last was placed; more means a backlog.
        System.out.printf("%6d  %6d  %9.1f  %10.1f  %12.2f  %6.2f  %6.2f  %12d  %4d  %11d  %15.1f  %8.0f/%.0f/%.0f  %11.1f%n", rate, placed, drained,
                webhooks / elapsed, pct(handled, 0.50), pct(handled, 0.99), handled.isEmpty() ? 0 : handled.getLast() / 1e6,
                notAnswered, placed - rows, peakHeap / (1024 * 1024), cpu / 1e6 / placed,
                cpu / machine, (localAfter[0] - localBefore[0]) / machine, (localAfter[1] - localBefore[1]) / machine, jit / (double) placed);
        if (!why.isEmpty()) {
            System.out.println("        not answered: " + String.join(", ", why));
        }
        phases.print();
    }

    /**
     * Where a webhook's handling time went, as the app reports each one: its transaction (from arrival: the signature
     * check, waiting for a permit and for the call's lock, the statements), the wait for the flush that made it durable,
     * and the rest (the commands handed to a thread and sent). The p99 of each part alone, not parts of the p99.
     */
    private static final class Phases {
        private final List<Long> transaction = new ArrayList<>();
        private final List<Long> flush = new ArrayList<>();
        private final List<Long> commands = new ArrayList<>();

        void add(tools.jackson.databind.JsonNode stats) {
            var totals = stats.path("handling_nanos");
            var tx = stats.path("transaction_nanos");
            var fl = stats.path("flush_wait_nanos");
            for (int i = 0; i < totals.size(); i++) {
                transaction.add(tx.get(i).asLong());
                flush.add(fl.get(i).asLong());
                commands.add(totals.get(i).asLong() - tx.get(i).asLong() - fl.get(i).asLong());
            }
        }

        void print() {
            transaction.sort(Long::compare);
            flush.sort(Long::compare);
            commands.sort(Long::compare);
            System.out.printf("        parts, p50/p99 ms: transaction %.2f/%.2f, flush wait %.2f/%.2f, commands %.2f/%.2f%n",
                    pct(transaction, 0.50), pct(transaction, 0.99), pct(flush, 0.50), pct(flush, 0.99), pct(commands, 0.50), pct(commands, 0.99));
        }
    }

    private static void baseline(HttpClient http, String base, byte[] seed, int seconds, AppStats stats) throws Exception {
        var ok = new AtomicLong();
        long appBefore = stats.read(false).path("process_cpu_nanos").asLong();
        var localBefore = localCpu();
        var latencies = java.util.Collections.synchronizedList(new ArrayList<Long>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 16; w++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        var body = "{\"data\":{\"event_type\":\"call.machine.detection.ended\",\"id\":\"" + UUID.randomUUID()
                                + "\",\"occurred_at\":\"2026-11-25T12:00:00Z\",\"payload\":{\"call_control_id\":\"v3:bench\",\"result\":\"human\"},"
                                + "\"record_type\":\"event\"},\"meta\":{\"attempt\":1}}";
                        var ts = String.valueOf(System.currentTimeMillis() / 1000);
                        var message = (ts + "|" + body).getBytes(StandardCharsets.UTF_8);
                        var sig = new byte[64];
                        Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
                        long t0 = System.nanoTime();
                        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/telnyx/webhooks-baseline"))
                                .header("telnyx-timestamp", ts).header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(sig))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                        latencies.add(System.nanoTime() - t0);
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        long app = stats.read(false).path("process_cpu_nanos").asLong() - appBefore;
        var localAfter = localCpu();
        var sorted = new ArrayList<>(latencies);
        sorted.sort(Long::compare);
        System.out.printf("baseline (verify + store only, 16 concurrent senders): %.0f webhooks/s, HTTP p50 %.2f ms, p99 %.2f ms%n",
                ok.get() / (double) seconds, pct(sorted, 0.5), pct(sorted, 0.99));
        // What one webhook costs each process: the floor under a call's ~7 webhooks (the senders here are
        // this driver signing with BouncyCastle and posting over java.net.http).
        double webhooks = Math.max(1, ok.get());
        System.out.printf("baseline CPU per webhook: app %.3f ms, PostgreSQL %.3f ms, senders %.3f ms%n",
                app / 1e6 / webhooks, (localAfter[1] - localBefore[1]) / 1e6 / webhooks, (localAfter[0] - localBefore[0]) / 1e6 / webhooks);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }

    private static String post(HttpClient http, String url, String token, String body) throws Exception {
        var method = body.startsWith("PUT") ? "PUT" : "POST";
        var json = body.startsWith("PUT") ? body.substring(3) : body;
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
