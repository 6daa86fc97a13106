package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A form's one-line field (a name, a label, a number: every field but a text area) is refused, with 400 naming it,
 * when it holds a tab or a line break, as a one-line text in a JSON body is ({@link Text}). A browser never sends
 * them from an input, but a hand-made POST can, and a name with a line break in it breaks every list, export and
 * spoken prompt it is in. {@link RequestParameterFilter} allows them in every form field, as it runs before any
 * handler is chosen and cannot know which fields are text areas; the handler says so, with {@link Text.MultiLine} on
 * its form record's component, its {@code @RequestParam}, or naming them on a {@code @RequestParam Map} of fields.
 * Checked before the handler runs, so nothing is done with such a request. The API's query parameters too (its texts
 * are JSON, held to the rule as they are read, but its filters are query parameters): 400 with a problem naming the
 * parameter, as the page's form field is.
 */
@Component
class OneLineFormFields implements HandlerInterceptor, WebMvcConfigurer {

    private final Map<Method, Set<String>> multiLine = new ConcurrentHashMap<>();

    private final org.springframework.beans.factory.ObjectProvider<RefusalPage> pages;

    OneLineFormFields(org.springframework.beans.factory.ObjectProvider<RefusalPage> pages) {
        this.pages = pages;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/api/");
        if (api && RequestParameterFilter.isMultipart(request)) {
            return true; // an upload's parts are files and their names, checked by UploadFieldsFilter
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException unreadable) {
            return true; // an upload over its limits: its handler refuses it, saying the limit
        }
        if (parameters.isEmpty()) {
            return true;
        }
        var textAreas = multiLine.computeIfAbsent(method.getMethod(), m -> textAreas(method));
        for (var entry : parameters.entrySet()) {
            if (textAreas.contains(entry.getKey())) {
                continue;
            }
            for (var value : entry.getValue()) {
                int control = Text.controlCharacter(value, false);
                if (control >= 0 && api) {
                    // The API's texts come in JSON bodies, held to the rule there; its query parameters (a filter's
                    // number) are one line too, and were not: the call log's number filter dropped a tab as a space.
                    // Refused as a problem document naming the parameter, by the API's own handler of this exception.
                    throw new MalformedRequestException(java.util.List.of(new FieldProblem(entry.getKey(), "format", Text.message(control))));
                }
                if (control >= 0) {
                    RequestParameterFilter.refuse(request, response, "'" + entry.getKey() + "' " + Text.message(control),
                            pages.getIfAvailable());
                    return false;
                }
            }
        }
        return true;
    }

    /** The fields {@code handler} declares multi-line. */
    private static Set<String> textAreas(HandlerMethod handler) {
        var names = new HashSet<String>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            var type = parameter.getParameterType();
            var marked = parameter.getParameterAnnotation(Text.MultiLine.class);
            var param = parameter.getParameterAnnotation(RequestParam.class);
            if (marked != null && Map.class.isAssignableFrom(type)) {
                names.addAll(java.util.List.of(marked.value()));
            } else if (marked != null) {
                var name = param == null ? "" : param.name().isEmpty() ? param.value() : param.name();
                names.add(name.isEmpty() ? parameter.getParameter().getName() : name);
            } else if (type.isRecord() && (parameter.hasParameterAnnotation(ModelAttribute.class) || param == null)) {
                for (var component : type.getRecordComponents()) {
                    if (component.isAnnotationPresent(Text.MultiLine.class)) {
                        names.add(component.getName());
                    }
                }
            }
        }
        return Set.copyOf(names);
    }
}
