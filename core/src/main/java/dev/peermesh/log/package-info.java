/** Logging for things peers can make happen as often as they like: at most one line per reason per interval. */
package dev.peermesh.log;
