package dev.switchboard.carrier;

import dev.switchboard.calls.RecordingFetcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads a recording from the URL a (signed) webhook named. The URL is data from outside, so it is not fetched
 * blindly: only {@code http(s)} to a public address (a name resolving to a loopback, private, link-local (the cloud
 * metadata service, 169.254.169.254), carrier-grade NAT, unique-local or multicast address is refused, as is any
 * redirect to one: redirects are followed here, at most {@link #MAX_REDIRECTS}, each checked), and at most
 * {@code maxBytes} read (announced by its length or not), so a URL cannot make the server read its own network or
 * fill its memory. The whole fetch, redirects and body included, ends within {@link #DEADLINE} (a server sending a
 * byte now and then held the copying worker for ever; MediaDownloads sizes its claims to a try's longest). The carrier's
 * own API address (its host and port) is trusted whatever its address.
 */
final class HttpRecordingFetcher implements RecordingFetcher {

    static final int MAX_REDIRECTS = 3;
    /** As much as media storage keeps of a fetched recording (4 hours of 8 kHz 16-bit WAV fit). */
    static final long MAX_BYTES = 256L * 1024 * 1024;
    /** The longest a fetch takes, its redirects and its body's download included (within MediaDownloads' 40 s a try). */
    static final Duration DEADLINE = Duration.ofSeconds(35);
    /** Closes a download's body when its deadline passes (a read blocked on a stalled server then ends). */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                var t = new Thread(r, "recording-fetch-deadline");
                t.setDaemon(true);
                return t;
            });

    /** Resolves a host name to its addresses (a seam for tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HttpClient http;
    private final String trustedHost;
    private final int trustedPort;
    private final long maxBytes;
    private final Duration deadline;
    private final Resolver resolver;

    HttpRecordingFetcher(String carrierApiBaseUrl) {
        this(carrierApiBaseUrl, MAX_BYTES, InetAddress::getAllByName, DEADLINE);
    }

    HttpRecordingFetcher(String carrierApiBaseUrl, long maxBytes, Resolver resolver) {
        this(carrierApiBaseUrl, maxBytes, resolver, DEADLINE);
    }

    HttpRecordingFetcher(String carrierApiBaseUrl, long maxBytes, Resolver resolver, Duration deadline) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        var trusted = uriOf(carrierApiBaseUrl);
        this.trustedHost = trusted == null || trusted.getHost() == null ? "" : trusted.getHost().toLowerCase(Locale.ROOT);
        this.trustedPort = trusted == null ? -1 : port(trusted);
        this.maxBytes = maxBytes;
        this.deadline = deadline;
        this.resolver = resolver;
    }

    @Override
    public byte[] fetch(String url) {
        var uri = check(url);
        long until = System.nanoTime() + deadline.toNanos();
        try {
            for (int redirects = 0; ; redirects++) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the recording at " + url + " took over " + deadline.toSeconds() + " s to fetch");
                }
                var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                try (var body = response.body()) {
                    if (status >= 300 && status < 400 && status != 304) {
                        var location = response.headers().firstValue("location")
                                .orElseThrow(() -> new IllegalStateException("HTTP " + status + " without a Location for " + url));
                        if (redirects >= MAX_REDIRECTS) {
                            throw new IllegalStateException("more than " + MAX_REDIRECTS + " redirects for " + url);
                        }
                        uri = check(uri.resolve(location).toString());
                        continue;
                    }
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status + " for " + url);
                    }
                    long announced = response.headers().firstValueAsLong("content-length").orElse(-1);
                    if (announced > maxBytes) {
                        throw new IllegalStateException("the recording at " + url + " is " + announced + " bytes, over the " + maxBytes + " kept");
                    }
                    long remaining = until - System.nanoTime();
                    var stop = WATCHDOG.schedule(() -> {
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // closing is all it is for
                        }
                    }, Math.max(0, remaining), java.util.concurrent.TimeUnit.NANOSECONDS);
                    try {
                        return read(body, url);
                    } catch (IOException e) {
                        if (System.nanoTime() - until >= 0) {
                            throw new IllegalStateException("the recording at " + url + " took over " + deadline.toSeconds() + " s to fetch");
                        }
                        throw e;
                    } finally {
                        stop.cancel(false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] read(InputStream body, String url) throws IOException {
        var out = new ByteArrayOutputStream();
        var buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) != -1; ) {
            total += n;
            if (total > maxBytes) {
                throw new IllegalStateException("the recording at " + url + " is over the " + maxBytes + " bytes kept");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The URL, when it may be fetched; else why not. */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the recording URL is not a URL: " + url);
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the recording URL is not http(s): " + url);
        }
        var host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the recording URL has no host: " + url);
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("the recording URL carries a user name: " + url);
        }
        if (host.toLowerCase(Locale.ROOT).equals(trustedHost) && port(uri) == trustedPort) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the recording URL's host " + host + " is unknown");
        }
        for (var address : addresses) {
            if (!isPublic(address)) {
                throw new IllegalArgumentException("the recording URL's host " + host + " is not a public address (" + address.getHostAddress()
                        + "): recordings are fetched only from the carrier's storage");
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        var b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking 198.18/15
                    && first < 240; // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique-local fc00::/7
            }
            // Forms that carry an IPv4 address are judged as that one: ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible,
            // deprecated), 64:ff9b::a.b.c.d (NAT64) and 2002:aabb:ccdd:: (6to4).
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = zeros && b[10] == 0 && b[11] == 0;
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            for (int i = 4; nat64 && i < 12; i++) {
                nat64 = b[i] == 0;
            }
            if (mapped || compatible || nat64) {
                return isPublic(v4(java.util.Arrays.copyOfRange(b, 12, 16)));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublic(v4(java.util.Arrays.copyOfRange(b, 2, 6)));
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] four) {
        try {
            return InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static URI uriOf(String url) {
        try {
            return url == null ? null : URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The port {@code uri} reaches: its own, else its scheme's. */
    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
