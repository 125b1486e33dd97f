/**
 * The demo: several sample nodes in one JVM on loopback, joined into one mesh, for trying the page on one machine.
 */
@NullMarked
package dev.peermesh.sample.demo;

import org.jspecify.annotations.NullMarked;
