/** The broadcast benchmark: a coordinator, its worker JVMs, and the peermesh, JGroups and raw-Netty nodes they run. */
package dev.peermesh.bench;
