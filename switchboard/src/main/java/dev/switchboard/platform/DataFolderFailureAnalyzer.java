package dev.switchboard.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a data folder of another PostgreSQL major version as the reason the app did not start ("APPLICATION FAILED TO
 * START", its description and what to do), as Spring Boot does for a port in use, instead of a chain of bean creation
 * errors with the reason at the bottom. Registered in {@code META-INF/spring.factories}.
 */
class DataFolderFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabase.DataFolderOfAnotherVersion> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabase.DataFolderOfAnotherVersion cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
