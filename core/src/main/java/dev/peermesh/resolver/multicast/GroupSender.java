package dev.peermesh.resolver.multicast;

import java.io.IOException;

/** Where the {@link Announcer} sends its datagrams: the group's socket, or a recorder in tests. */
interface GroupSender {

    /** Sends one datagram to the group. */
    void send(Datagram datagram) throws IOException;

    /** The group and the interface, for messages. */
    String describe();
}
