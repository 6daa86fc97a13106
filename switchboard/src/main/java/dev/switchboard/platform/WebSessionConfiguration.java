package dev.switchboard.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

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
}
