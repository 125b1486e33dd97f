package dev.peermesh.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Joins a Spring Boot test's application to a {@link TestMesh} of {@link #nodes()} in-JVM nodes: the mesh starts
 * before the application context, the application's node is configured to join it (its mesh id and password, seeds,
 * loopback, any free port, quick timers, no TLS — whatever the application's own configuration says), the context
 * is ready only once its node is linked into the mesh, and the {@code TestMesh} is a bean the test can inject to
 * publish to the application and record what it publishes. The mesh stops when the context closes; contexts the
 * Spring test framework caches share theirs.
 *
 * <p>{@code @SpringBootTest @AutoConfigurePeermesh(nodes = 2) class OrdersTest { @Autowired TestMesh mesh; }}
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigurePeermesh {

    /** How many test nodes besides the application's own. */
    int nodes() default 2;
}
