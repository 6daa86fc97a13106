package dev.switchboard.platform;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * HTTP requests run on Tomcat's pool of platform threads, while the rest of the app (scheduled work,
 * commands to the carrier) keeps its virtual threads. A request's work here is a handful of short
 * blocking round trips to PostgreSQL (a webhook: store, lock, write, commit). Measured with
 * {@code bench/calls.sh}: a virtual thread parks and is rescheduled on every one of them, and that cost
 * the app about 15 % more CPU per call than the kernel switching platform threads, with a higher p99
 * (docs/benchmarks.md). Runs after Spring Boot's virtual-thread customizer and puts Tomcat's own
 * executor back ({@code server.tomcat.threads.*} size it).
 */
@Component
class RequestThreads implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        // No executor of our own: Tomcat then creates its standard thread pool when it starts.
        factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(null));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
