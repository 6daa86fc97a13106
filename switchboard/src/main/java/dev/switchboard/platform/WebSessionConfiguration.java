package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(WebSessionConfiguration.class);

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

    /**
     * A session attribute that no longer reads (written by an older version of the app or of a library: a class renamed
     * or removed, another serialVersionUID, after an upgrade, or by a node of the other version during a rolling one) is
     * taken as absent: a browser whose sign-in no longer reads is asked to sign in again. Spring Session's own conversion
     * threw, and every request of that browser answered 500 until its session expired or its cookie was cleared.
     */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributesThatNoLongerReadAreDropped() {
        return repository -> {
            var loader = WebSessionConfiguration.class.getClassLoader();
            var conversions = new GenericConversionService();
            conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
            var deserializing = new DeserializingConverter(loader);
            conversions.addConverter(new GenericConverter() {
                @Override
                public java.util.Set<ConvertiblePair> getConvertibleTypes() {
                    return java.util.Set.of(new ConvertiblePair(byte[].class, Object.class));
                }

                @Override
                public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
                    try {
                        return source == null ? null : deserializing.convert((byte[]) source);
                    } catch (RuntimeException e) {
                        log.warn("A web session attribute no longer reads, taken as absent: {}", e.toString());
                        return null;
                    }
                }
            });
            repository.setConversionService(conversions);
        };
    }
}
