package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of what an {@link Announcer} sends for a node. Its sender records datagrams instead of sending them, and
 * holds the announcer thread inside a periodic announcement to open the window a loaded machine opens by chance.
 */
class AnnouncerTest {

    private static final PeerRegistration NODE =
            new PeerRegistration("orders", 7401, new PeerAddress("127.0.0.1", 7401));

    @Test
    void aGoodbyeIsTheLastWordEvenWhenAnAnnouncementIsUnderWay() throws Exception {
        HoldingSender sender = new HoldingSender();
        try (Announcer announcer = new Announcer(sender, Duration.ofMillis(20))) {
            announcer.announce(NODE);
            sender.holdNextPeriodicAnnouncement();
            assertThat(sender.underWay.await(10, TimeUnit.SECONDS)).as("a periodic announcement started").isTrue();

            announcer.withdraw(NODE);

            assertThat(sender.released.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sender.sent.get(sender.sent.size() - 1))
                    .as("the last datagram sent for the node, of %s", sender.sent).isEqualTo(Datagram.Type.GOODBYE);
        }
    }

    /**
     * Records the types sent. Once armed, holds the next announcement sent on the announcer thread until a goodbye
     * has been sent or half a second has passed, whichever comes first.
     */
    private static final class HoldingSender implements GroupSender {

        final List<Datagram.Type> sent = new CopyOnWriteArrayList<>();

        final CountDownLatch underWay = new CountDownLatch(1);

        final CountDownLatch released = new CountDownLatch(1);

        private final CountDownLatch goodbyeSent = new CountDownLatch(1);

        private volatile boolean armed;

        void holdNextPeriodicAnnouncement() {
            armed = true;
        }

        @Override
        public void send(Datagram datagram) {
            boolean hold = armed && datagram.type() == Datagram.Type.ANNOUNCE
                    && Thread.currentThread().getName().equals("peermesh-multicast-announcer");
            if (hold) {
                armed = false;
                underWay.countDown();
                try {
                    goodbyeSent.await(500, TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(datagram.type());
            if (datagram.type() == Datagram.Type.GOODBYE) {
                goodbyeSent.countDown();
            }
            if (hold) {
                released.countDown();
            }
        }

        @Override
        public String describe() {
            return "a recorder";
        }
    }
}
