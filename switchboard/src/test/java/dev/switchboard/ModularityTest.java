package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The module structure: declared dependencies hold, and each module says in one line what it is for. */
class ModularityTest {

    /** The Telnyx simulator is a library in its own Maven module, not a module of the application. */
    static final ApplicationModules MODULES = ApplicationModules.of(SwitchboardApplication.class,
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.switchboard.simulator.."));

    @Test
    void modulesOnlyUseWhatTheyDeclare() {
        MODULES.verify();
    }

    @Test
    void everyModuleHasAPackageInfoSayingWhatItIsFor() throws Exception {
        assertThat(MODULES.stream().map(m -> m.getBasePackage().getName()))
                .contains("dev.switchboard.shared", "dev.switchboard.platform", "dev.switchboard.tenancy",
                        "dev.switchboard.directory", "dev.switchboard.web");
        for (var module : MODULES) {
            var file = Path.of("src/main/java", module.getBasePackage().getName().replace('.', '/'), "package-info.java");
            assertThat(file).as(module.getBasePackage().getName()).exists();
            var text = Files.readString(file);
            assertThat(text).as(file.toString()).containsPattern("/\\*\\*\\s*\\S[^\\n]*");
        }
    }
}
