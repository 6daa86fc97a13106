package dev.switchboard.platform;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A keyset-paged list's answer: the page, and when it is full (it has {@code limit} rows) a {@code Link} header (RFC
 * 8288, {@code rel="next"}) to the same request from after its last row; a page that is not full is the last.
 */
public final class NextPageLink {

    private NextPageLink() {
    }

    /**
     * On a handler answering {@link #ok}: the OpenAPI document ({@code OpenApiContract}) then says so, with the {@code Link}
     * header of its 200 and what its {@code limit} and {@code before_*} parameters are for.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
    public @interface Paged {

        /** The largest {@code limit} the list takes (a larger one is refused, 422), documented as its maximum. */
        int maxLimit();
    }

    /**
     * {@code page} answered 200, with the link to the next page when it is full: the current request's query with each of
     * {@code cursorOf(last row)}'s parameters set (encoded as a query value: a number's {@code +} as {@code %2B}).
     */
    public static <T> ResponseEntity<List<T>> ok(List<T> page, int limit, Function<T, Map<String, String>> cursorOf) {
        var response = ResponseEntity.ok();
        if (!page.isEmpty() && page.size() == limit) {
            var next = ServletUriComponentsBuilder.fromCurrentRequest();
            // The request's query comes encoded, so the cursor's values are encoded as they would be.
            cursorOf.apply(page.getLast()).forEach((name, value) -> next.replaceQueryParam(name, URLEncoder.encode(value, StandardCharsets.UTF_8)));
            response.header(HttpHeaders.LINK, "<" + next.build(true).toUriString() + ">; rel=\"next\"");
        }
        return response.body(page);
    }
}
