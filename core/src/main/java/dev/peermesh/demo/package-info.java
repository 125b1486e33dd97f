/**
 * A runnable demonstration of several nodes in one JVM.
 */
package dev.peermesh.demo;
