package dev.switchboard.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * When an upload's parts are read: by the servlet container, as Spring Boot would set it up, except on an error page's
 * dispatch. An error page reads no part, and the DispatcherServlet would read the whole upload (and write it to disk)
 * before showing one: for an upload refused by the CSRF check or the user's role (a 403 error page), which must be
 * refused unread, like one from someone not signed in.
 */
@Configuration(proxyBeanMethods = false)
class UploadReading {

    /** Named as the DispatcherServlet looks it up; Spring Boot's own backs off. */
    @Bean
    StandardServletMultipartResolver multipartResolver(@Value("${spring.servlet.multipart.resolve-lazily:false}") boolean lazily) {
        var resolver = new StandardServletMultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return request.getDispatcherType() != DispatcherType.ERROR && super.isMultipart(request);
            }
        };
        resolver.setResolveLazily(lazily);
        return resolver;
    }
}
