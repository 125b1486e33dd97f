package dev.peermesh.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test method a fresh {@link TestMesh}, formed before the test runs and stopped after it: declare a
 * {@code TestMesh} parameter on the test (or a {@code @BeforeEach}) method. On a method it overrides the class's.
 *
 * <p>{@code @WithTestMesh(nodes = 3) class OrdersTest { @Test void spreads(TestMesh mesh) { ... } }}
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestMeshExtension.class)
public @interface WithTestMesh {

    /** How many nodes. */
    int nodes() default 3;

    /** The mesh id; empty for a fresh one per test. */
    String meshId() default "";

    /** The mesh password; empty for a fresh one per test. */
    String password() default "";
}
