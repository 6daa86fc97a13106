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
 * fill its memory. The carrier's own API host is trusted whatever its address (the standalone simulator on this
 * machine serves its recordings there).
 */
final class HttpRecordingFetcher implements RecordingFetcher {

    static final int MAX_REDIRECTS = 3;
    /** As much as media storage keeps of a fetched recording (4 hours of 8 kHz 16-bit WAV fit). */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    /** Resolves a host name to its addresses (a seam for tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HttpClient http;
    private final String trustedHost;
    private final long maxBytes;
    private final Resolver resolver;

    HttpRecordingFetcher(String carrierApiBaseUrl) {
        this(carrierApiBaseUrl, MAX_BYTES, InetAddress::getAllByName);
    }

    HttpRecordingFetcher(String carrierApiBaseUrl, long maxBytes, Resolver resolver) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.trustedHost = hostOf(carrierApiBaseUrl);
        this.maxBytes = maxBytes;
        this.resolver = resolver;
    }

    @Override
    public byte[] fetch(String url) {
        var uri = check(url);
        try {
            for (int redirects = 0; ; redirects++) {
                var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
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
                    return read(body, url);
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
        if (host.toLowerCase(Locale.ROOT).equals(trustedHost)) {
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
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address: judged as that one
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String hostOf(String url) {
        try {
            var host = url == null ? null : URI.create(url.strip()).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
