package dev.peermesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * The requests a node waits on, without a mesh: what goes out, which replies end which request, and that none is
 * held forever — a reply from another node than the target, a receipt that names no message, a publisher that
 * throws.
 */
class RequestsTest {

    private static final long SELF = 0xA;
    private static final long TARGET = 0xB;
    private static final long OTHER = 0xC;

    private final List<Outgoing> published = new ArrayList<>();

    private final Requests requests = new Requests(SELF, 3, 100, message -> {
        published.add(message);
        return CompletableFuture.completedFuture(new MessageId(SELF, published.size()));
    }, () -> new dev.peermesh.PeerAddress("10.0.0.1", 7400));

    @Test
    void aRequestToOneNodeEndsOnlyWithThatNodesReply() throws Exception {
        CompletableFuture<MeshMessage> reply = requests.first(TARGET, outgoing("price"), Duration.ofSeconds(10));
        assertThat(published).singleElement().satisfies(request -> assertThat(request.headers())
                .containsEntry(MeshMessage.REQUEST_HEADER, "100")
                .containsEntry(MeshMessage.TARGET_HEADER, NodeId.format(TARGET))
                .containsEntry(MeshMessage.ADDRESS_HEADER, "10.0.0.1:7400"));

        assertThat(requests.replyArrived(reply(OTHER, "100"))).isTrue(); // taken, but not the answer
        assertThat(reply).isNotDone();
        assertThat(requests.replyArrived(reply(TARGET, "100"))).isTrue();

        assertThat(reply.get(5, TimeUnit.SECONDS).id().origin()).isEqualTo(TARGET);
        assertThat(requests.counters().lateReplies()).isEqualTo(1);
        assertThat(requests.counters().pending()).isZero();
    }

    @Test
    void aReceiptThatNamesNoMessageIsDroppedAndTheSendStillEnds() {
        CompletableFuture<MessageId> sent = requests.receipt(TARGET, outgoing("t"), Duration.ofMillis(200));
        MeshMessage bad = new MeshMessage(new MessageId(TARGET, 1), "t", Map.of(MeshMessage.IN_REPLY_TO_HEADER, "100",
                MeshMessage.TARGET_HEADER, NodeId.format(SELF), MeshMessage.RECEIPT_HEADER, "not a number"),
                new byte[0], 1, 0);

        assertThat(requests.replyArrived(bad)).isTrue();

        assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class)
                .hasMessageContaining("did not confirm the message on topic 't' within PT0.2S");
        assertThat(requests.counters().lateReplies()).isEqualTo(1);
        assertThat(requests.counters().pending()).isZero();
    }

    @Test
    void aPublisherThatThrowsFailsTheRequestAndFreesItsPlace() {
        Requests throwing = new Requests(SELF, 1, 1, message -> {
            throw new NullPointerException("header value");
        }, () -> null);

        CompletableFuture<MeshMessage> failed = throwing.first(0, outgoing("t"), Duration.ofSeconds(30));

        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(NullPointerException.class);
        assertThat(throwing.counters().pending()).isZero();
        assertThat(throwing.counters().rejected()).isEqualTo(1);
        assertThat(throwing.first(0, outgoing("t"), Duration.ofSeconds(30))).as("its place is free again")
                .failsWithin(5, TimeUnit.SECONDS).withThrowableThat().withCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void aTimeoutOutsideTheAllowedRangeIsRefusedBeforeAnythingWaits() {
        assertThatThrownBy(() -> requests.first(0, outgoing("t"), Duration.ofDays(400)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT24H");
        assertThatThrownBy(() -> requests.all(outgoing("t"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(requests.counters().pending()).isZero();
        assertThat(published).isEmpty();
    }

    @Test
    void everyReplyWithinTheWindowAndLateOnesCounted() throws Exception {
        CompletableFuture<List<MeshMessage>> all = requests.all(outgoing("t"), Duration.ofMillis(300));
        requests.replyArrived(reply(TARGET, "100"));
        requests.replyArrived(reply(OTHER, "100"));

        assertThat(all.get(5, TimeUnit.SECONDS)).extracting(m -> m.id().origin()).containsExactly(TARGET, OTHER);
        requests.replyArrived(reply(0xD, "100"));
        assertThat(requests.counters().lateReplies()).isEqualTo(1);
        assertThat(requests.counters().answered()).isEqualTo(1);
    }

    private static Outgoing outgoing(String topic) {
        return new Outgoing(topic, Map.of(), null, new byte[] {1}, true, 0);
    }

    private static MeshMessage reply(long from, String number) {
        return new MeshMessage(new MessageId(from, 1), "price", Map.of(MeshMessage.IN_REPLY_TO_HEADER, number,
                MeshMessage.TARGET_HEADER, NodeId.format(SELF)), new byte[0], 1, 0);
    }
}
