package dev.switchboard.platform;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers itself, for a request it refuses before the app sees it: an address it cannot decode
 * ({@code %00}, an encoded {@code /}, a broken escape in the path, a {@code ..} above the root), a request line or
 * headers over its limits. Its own answer was an HTML page in its words ("HTTP Status 400 – Bad Request"), also to an
 * API client, which reads a problem document everywhere else. This report, in the place of Tomcat's (the host's
 * {@link ErrorReportValve}), writes for an address under {@code /api/} a problem document whose {@code errors} name the
 * part of the request at fault, and for any other a short page in plain words. A status the app itself set and wrote a
 * body for (every refusal of its own) is left alone: Tomcat's report only ever writes where nothing was written.
 */
@Component
class ContainerRefusals implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var host = (StandardHost) context.getParent();
            var pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            // The host adds a report of the class it names when it starts, unless one of that class is there already:
            // named, this one stays the only one (else Tomcat's own, with its stack traces, would be added beside it).
            host.setErrorReportValveClass(Report.class.getName());
            pipeline.addValve(new Report());
        });
    }

    @Override
    public int getOrder() {
        // After Spring Boot's customizer, which adds an ErrorReportValve of its own (no server details): this replaces it.
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Tomcat's report of a refusal, in the app's words and forms. */
    static final class Report extends ErrorReportValve {

        Report() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            // A connection that can take no more (the client gone): no one would read the report.
            var writable = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
            if (!writable.get()) {
                return;
            }
            var refusal = Refusal.of(status, throwable);
            // The address as sent (Tomcat could not decode it); none when the request line itself could not be read.
            var uri = request.getCoyoteRequest().requestURI().toString();
            try {
                if (uri != null && uri.startsWith("/api/")) {
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                    write(response, Problems.document(status, refusal.title(), null, refusal.part(), refusal.rule(), refusal.message()));
                } else {
                    response.setContentType("text/html;charset=UTF-8");
                    write(response, RequestParameterFilter.plainPage(refusal.title(), refusal.message()));
                }
            } catch (IOException | IllegalStateException unwritable) {
                // The client is gone, or the response cannot take a body: there is no one to tell.
            }
        }

        private static void write(Response response, String body) throws IOException {
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
    }

    /** What a refusal says: the part of the request at fault, the rule it broke, in words. */
    record Refusal(String title, String part, String rule, String message) {

        static Refusal of(int status, Throwable cause) {
            var known = HttpStatus.resolve(status);
            var title = known == null ? "Error " + status : known.getReasonPhrase();
            // Tomcat's parser says "Request header is too large" for a request line or headers over its buffer.
            if (status == 400 && cause != null && String.valueOf(cause.getMessage()).contains("too large")) {
                return new Refusal(title, "request", "size", "the request's address and headers are larger than the server reads");
            }
            return switch (status) {
                case 400 -> new Refusal(title, "address", "malformed", "the address could not be read: it holds a character or an"
                        + " escape no address may have (%00 or another control character, an encoded /, a broken %-escape, or a .."
                        + " above the root)");
                case 414 -> new Refusal(title, "address", "size", "the address is longer than the server reads");
                case 431 -> new Refusal(title, "request", "size", "the request's headers are larger than the server reads");
                case 501 -> new Refusal(title, "method", "unsupported", "the request's method is not one the server knows");
                case 505 -> new Refusal(title, "protocol", "unsupported", "the request's HTTP version is not one the server speaks");
                default -> status >= 500 ? new Refusal(title, "request", "server", "the server could not handle the request")
                        : new Refusal(title, "request", "refused", "the server refused the request");
            };
        }
    }
}
