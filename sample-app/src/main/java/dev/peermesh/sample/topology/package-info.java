/**
 * The picture of the whole mesh: each node reports its neighbors on a topic, and every node keeps the latest report
 * of each, forgetting nodes that fall silent.
 */
@NullMarked
package dev.peermesh.sample.topology;

import org.jspecify.annotations.NullMarked;
