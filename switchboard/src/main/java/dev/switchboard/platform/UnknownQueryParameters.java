package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter the API's operation does not take is refused with 400 naming it and the parameters it takes, as an
 * unknown field of a JSON body is. Ignored, a misspelt or misplaced filter answered as if none were given: {@code
 * GET /api/v1/voicemail/messages?member_id=...} (its filter is {@code box}) listed every box's messages, {@code
 * /api/v1/jobs?customer=...} every customer's jobs, and a client deleting or exporting "what it filtered" acted on all.
 * Checked before the handler runs, so nothing is done with such a request. Only the query string: a form or an upload's
 * parts are not the API's way of sending fields. {@code _} is let by: the cache buster of jQuery's {@code cache: false}
 * and other HTTP clients, which changes no answer (found by review).
 */
@Component
class UnknownQueryParameters implements HandlerInterceptor, WebMvcConfigurer {

    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** The query parameter clients add to defeat caches ({@code ?_=1733600000000}). */
    private static final String CACHE_BUSTER = "_";

    /** The query parameters each handler takes; null for one taking any (a {@code @RequestParam Map}). */
    private final Map<Method, java.util.Optional<Set<String>>> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        var query = request.getQueryString();
        if (!(handler instanceof HandlerMethod method) || query == null || query.isEmpty()) {
            return true;
        }
        var known = taken.computeIfAbsent(method.getMethod(), m -> takes(method));
        if (known.isEmpty()) {
            return true;
        }
        var unknown = new TreeSet<String>();
        for (var pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            // RequestParameterFilter has refused a query that does not decode.
            var name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!known.get().contains(name) && !name.equals(CACHE_BUSTER)) {
                unknown.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return true;
        }
        var takes = known.get().isEmpty() ? "this operation takes no query parameters"
                : "this operation takes " + String.join(", ", known.get());
        var problems = new ArrayList<FieldProblem>();
        for (var name : unknown) {
            problems.add(new FieldProblem(name, "unknown", "unknown parameter '" + name + "': " + takes));
        }
        throw new MalformedRequestException(problems);
    }

    private static java.util.Optional<Set<String>> takes(HandlerMethod method) {
        var names = new TreeSet<String>();
        for (var parameter : method.getMethodParameters()) {
            var param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                return java.util.Optional.empty();
            }
            var name = param.name().isEmpty() ? param.value() : param.name();
            if (name.isEmpty()) {
                parameter.initParameterNameDiscovery(NAMES);
                name = parameter.getParameterName();
            }
            names.add(name);
        }
        return java.util.Optional.of(names);
    }
}
