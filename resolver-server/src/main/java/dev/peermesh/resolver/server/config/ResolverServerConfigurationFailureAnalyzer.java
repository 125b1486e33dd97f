package dev.peermesh.resolver.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ResolverServerConfigurationException} into Spring Boot's "APPLICATION FAILED TO START" report. */
public final class ResolverServerConfigurationFailureAnalyzer
        extends AbstractFailureAnalyzer<ResolverServerConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ResolverServerConfigurationException cause) {
        return new FailureAnalysis("The resolver server's settings cannot work: " + cause.problem() + ".",
                "Change the settings: " + cause.action() + ".", cause);
    }
}
