package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** Requests run on Tomcat's platform-thread pool even though the app otherwise uses virtual threads. */
class RequestThreadsTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void tomcatServesRequestsOnItsOwnPlatformThreadPool() {
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        var executor = tomcat.getConnector().getProtocolHandler().getExecutor();
        assertThat(executor).isInstanceOf(org.apache.tomcat.util.threads.ThreadPoolExecutor.class);
        assertThat(executor).isNotInstanceOf(org.apache.tomcat.util.threads.VirtualThreadExecutor.class);
    }
}
