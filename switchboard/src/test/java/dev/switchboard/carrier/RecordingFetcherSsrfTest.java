package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.calls.RecordingFetcher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recording URL a webhook names is fetched by the server: it must not make the server read its own network (the
 * cloud metadata service, an admin port on localhost) nor fill its memory.
 */
class RecordingFetcherSsrfTest {

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    /** Released when the test ends: holds the stalling server's response open until then. */
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    private String local;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/secret", e -> {
            hits.incrementAndGet();
            var body = "internal".getBytes();
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.createContext("/bounce", e -> {
            hits.incrementAndGet();
            e.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/secret");
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        server.createContext("/big", e -> {
            hits.incrementAndGet();
            e.sendResponseHeaders(200, 0); // chunked: no length announced
            var chunk = new byte[64 * 1024];
            try (var out = e.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException closedByClient) {
                // the fetcher stopped reading
            }
        });
        server.createContext("/stall", e -> {
            hits.incrementAndGet();
            e.sendResponseHeaders(200, 0);
            try (var out = e.getResponseBody()) {
                out.write('x'); // the headers and a byte, then nothing until the test ends (or 20 s pass)
                out.flush();
                stalled.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.io.IOException | InterruptedException closedByClient) {
                // the fetcher gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        local = "http://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        stalled.countDown();
        server.stop(0);
    }

    private static RecordingFetcher telnyx() {
        return new CarrierConfiguration().httpRecordingFetcher(
                new TelnyxProperties("https://api.telnyx.com/v2", "key", "conn", null, null, null, null));
    }

    @Test
    void refusesUrlsOnThisMachineOrThePrivateNetwork() {
        var fetcher = telnyx();
        assertThatThrownBy(() -> fetcher.fetch(local + "/secret")).hasMessageContaining("not a public address");
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + server.getAddress().getPort() + "/secret"))
                .hasMessageContaining("not a public address");
        assertThatThrownBy(() -> fetcher.fetch("http://[::ffff:127.0.0.1]:" + server.getAddress().getPort() + "/secret"))
                .hasMessageContaining("not a public address");
        assertThat(hits).hasValue(0);
        assertThatThrownBy(() -> fetcher.fetch("http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
                .hasMessageContaining("not a public address");
        assertThatThrownBy(() -> fetcher.fetch("http://10.0.0.5/admin")).hasMessageContaining("not a public address");
        assertThatThrownBy(() -> fetcher.fetch("file:///etc/passwd")).hasMessageContaining("not http(s)");
    }

    @Test
    void refusesARedirectIntoThePrivateNetwork() {
        // The carrier's own host is trusted (here a simulator on this machine); where it redirects to is checked.
        var fetcher = new HttpRecordingFetcher(local + "/v2");
        assertThatThrownBy(() -> fetcher.fetch(local + "/bounce")).hasMessageContaining("127.0.0.1 is not a public address");
        assertThat(hits).hasValue(1);
        assertThat(fetcher.fetch(local + "/secret")).asString().isEqualTo("internal");
    }

    @Test
    void stopsReadingARecordingOverTheSizeKept() {
        var fetcher = new HttpRecordingFetcher(local + "/v2", 1024 * 1024, InetAddress::getAllByName);
        assertThatThrownBy(() -> fetcher.fetch(local + "/big")).hasMessageContaining("over the 1048576 bytes kept");
    }

    /**
     * A server that sends its headers and then stalls held the fetch (and the node's copying worker) for ever: the request's
     * timeout covers only the headers. The whole fetch ends at its deadline (here 1 s; 35 s in the app), saying so. The
     * deadline is the fetcher's own wall-clock one, a socket's wait: there is no call flow here to run in virtual time.
     */
    @Test
    void givesUpADownloadThatOutlastsItsDeadline() {
        var fetcher = new HttpRecordingFetcher(local + "/v2", 1024 * 1024, InetAddress::getAllByName, java.time.Duration.ofSeconds(1));
        // (The server stalls up to 20 s: without the deadline the fetch returns its one byte then, no error.)
        assertThatThrownBy(() -> fetcher.fetch(local + "/stall")).hasMessageContaining("took over 1 s to fetch");
    }

    /** Trusted is the carrier's API address, its port included: not every port of its host (the app's own, say). */
    @Test
    void trustsTheCarriersPortNotItsWholeHost() {
        var fetcher = new HttpRecordingFetcher("http://localhost:1/v2");
        assertThatThrownBy(() -> fetcher.fetch(local + "/secret")).hasMessageContaining("not a public address");
        assertThat(hits).hasValue(0);
    }

    @Test
    void judgesAddresses() throws Exception {
        for (var blocked : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:169.254.169.254", "224.0.0.1",
                // IPv6 forms carrying an IPv4 address: NAT64, 6to4, IPv4-compatible
                "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::7f00:1"}) {
            assertThat(HttpRecordingFetcher.isPublic(InetAddress.getByName(blocked))).as(blocked).isFalse();
        }
        for (var open : new String[] {"52.216.0.1", "8.8.8.8", "2600:1f18::1", "64:ff9b::808:808", "2002:808:808::1"}) {
            assertThat(HttpRecordingFetcher.isPublic(InetAddress.getByName(open))).as(open).isTrue();
        }
    }
}
