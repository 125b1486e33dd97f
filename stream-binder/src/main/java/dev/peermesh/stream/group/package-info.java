/**
 * Consumer groups without a broker: every member of a group hears every message, and each decides on its own, by
 * rendezvous hashing of the message id over the members it knows ({@link dev.peermesh.stream.group.Rendezvous}),
 * whether it is the one to handle it. Members announce themselves with heartbeats on a reserved topic
 * ({@link dev.peermesh.stream.group.GroupMembership}); each keeps the recent messages others own
 * ({@link dev.peermesh.stream.group.GroupBacklog}) and takes over those of a member that left or went silent.
 * {@link dev.peermesh.stream.group.GroupView} and the backlog take the time as an argument and run no threads.
 */
@NullMarked
package dev.peermesh.stream.group;

import org.jspecify.annotations.NullMarked;
