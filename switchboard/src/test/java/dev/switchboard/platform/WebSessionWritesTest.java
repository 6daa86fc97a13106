package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Two requests of one browser at once (a double click on a Save answered by a redirect with a flash message) each work on
 * their own copy of the session and each add the same new attribute (the flash maps): the second save writes it, where it
 * failed on the attributes' key (a 500 over a save that was made; found by review).
 */
class WebSessionWritesTest extends IntegrationTest {

    private static final String FLASH = "org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS";

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Test
    void twoCopiesOfOneSessionAddingTheSameAttributeBothSaveAndTheLastWins() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        SessionRepository<Session> repository = (SessionRepository) sessions;
        var created = repository.createSession();
        repository.save(created);
        var first = repository.findById(created.getId());
        var second = repository.findById(created.getId());
        first.setAttribute(FLASH, new ArrayList<>(List.of("first")));
        second.setAttribute(FLASH, new ArrayList<>(List.of("second")));
        repository.save(first);
        assertThatCode(() -> repository.save(second)).doesNotThrowAnyException();
        List<Object> saved = repository.findById(created.getId()).getAttribute(FLASH);
        assertThat(saved).containsExactly("second");
    }
}
