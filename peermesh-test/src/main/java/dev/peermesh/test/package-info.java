/**
 * A test kit for applications that use peermesh: {@link dev.peermesh.test.TestMesh}, a mesh of in-JVM nodes on
 * loopback; {@link dev.peermesh.test.MessageRecorder}, what a node delivered, awaited; the JUnit 5
 * {@link dev.peermesh.test.WithTestMesh} extension; and {@link dev.peermesh.test.AutoConfigurePeermesh}, which joins
 * a Spring Boot test's application to such a mesh.
 */
@NullMarked
package dev.peermesh.test;

import org.jspecify.annotations.NullMarked;
