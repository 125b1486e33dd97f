package dev.peermesh.resolver.server;

import dev.peermesh.resolver.server.config.ResolverServerProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Starts the resolver server.
 *
 * <p>{@code java -jar peermesh-resolver-server.jar --peermesh.resolver-server.auth.tokens=$TOKEN}
 */
@SpringBootApplication
@EnableConfigurationProperties(ResolverServerProperties.class)
public class ResolverServerApplication {

    /** Runs the server with the given command-line arguments. */
    public static void main(String[] args) {
        SpringApplication.run(ResolverServerApplication.class, args);
    }
}
