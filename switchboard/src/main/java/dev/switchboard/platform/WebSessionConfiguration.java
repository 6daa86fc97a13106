package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The web sessions kept in PostgreSQL (Spring Session JDBC, tables of migration V1_60). Each request works on its own copy
 * of its session: two at once (a double click on a Save answered by a redirect with a flash message, a failed sign-in sent
 * twice) both add the same new attribute, and Spring Session's plain INSERT of the second failed on the attributes' key,
 * a 500 over a save that was made (found by review). PostgreSQL's own statements (insert ... on conflict do update) make
 * the second write the attribute again, as a change of it would.
 */
@Configuration(proxyBeanMethods = false)
class WebSessionConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer postgreSqlSessions() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }

    /**
     * The messages a page leaves for the next (flash attributes), kept in the session, and not looked for on a request for
     * a static file ({@link StaticFiles}): the DispatcherServlet asks on every request it serves, and asking reads the
     * session's row and writes its last access back.
     */
    @Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    FlashMapManager flashMapManager() {
        return new SessionFlashMapManager() {
            @Override
            protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
                return StaticFiles.is(request) ? null : super.retrieveFlashMaps(request);
            }
        };
    }
}
