package dev.peermesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Request/reply on six real nodes: a requester and five responders that answer with their own id. The first reply
 * wins; all replies within a window are collected; a request nobody answers times out; a reply after the timeout is
 * counted and dropped; replies reach only the requester, never a subscriber.
 */
class RequestReplyTest {

    @Test
    void firstReplyAllRepliesAndATargetedRequest() throws Exception {
        try (TestMesh mesh = new TestMesh("request")) {
            MeshNode requester = mesh.start();
            List<MeshNode> responders = startResponders(mesh, requester);

            MeshMessage first = requester.request("price", text("apples"), Map.of(), Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS);
            assertThat(responders.stream().map(MeshNode::nodeId)).contains(first.id().origin());
            assertThat(first.text()).isEqualTo("apples from " + NodeId.format(first.id().origin()));

            List<MeshMessage> all = requester.requestAll("price", text("pears"), Map.of(), Duration.ofSeconds(3))
                    .get(15, TimeUnit.SECONDS);
            assertThat(all).extracting(m -> m.id().origin()).containsExactlyInAnyOrderElementsOf(
                    responders.stream().map(MeshNode::nodeId).toList());
            assertThat(all).allSatisfy(reply -> assertThat(reply.text()).startsWith("pears from "));

            MeshNode chosen = responders.get(3);
            MeshMessage only = requester.request(chosen.nodeId(), "price", text("plums"), Map.of(),
                    Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertThat(only.id().origin()).isEqualTo(chosen.nodeId());

            // replies went to the requester's futures only: no subscriber anywhere saw one
            for (MeshNode node : mesh.nodes()) {
                assertThat(mesh.messages(node))
                        .noneMatch(m -> m.headers().containsKey(MeshMessage.IN_REPLY_TO_HEADER));
            }
            // the targeted request reached its target only; the broadcast ones every responder, not the requester
            assertThat(mesh.messages(requester)).isEmpty();
            await().untilAsserted(() -> {
                for (MeshNode responder : responders) {
                    assertThat(mesh.messages(responder)).extracting(MeshMessage::text)
                            .containsAll(List.of("apples", "pears"))
                            .hasSize(responder == chosen ? 3 : 2);
                }
            });
            await().untilAsserted(() -> assertThat(requester.state().counters().requests().lateReplies())
                    .as("the four replies to the first request after the first").isEqualTo(4));
        }
    }

    @Test
    void aRequestNobodyAnswersTimesOutAndAReplyAfterTheTimeoutIsCountedAndDropped() throws Exception {
        try (TestMesh mesh = new TestMesh("request-late")) {
            MeshNode requester = mesh.start();
            MeshNode slow = mesh.start(requester);
            await().until(() -> requester.state().online() && slow.state().online());
            CompletableFuture<MeshMessage> held = new CompletableFuture<>();
            slow.subscribe("slow", held::complete); // answered below, after the requester gave up

            CompletableFuture<MeshMessage> unanswered = requester.request("nobody", text("?"), Map.of(),
                    Duration.ofMillis(300));
            CompletableFuture<MeshMessage> late = requester.request("slow", text("?"), Map.of(),
                    Duration.ofMillis(300));

            assertThatThrownBy(() -> unanswered.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessage("No reply to the request on topic 'nobody' within PT0.3S");
            assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
            slow.reply(held.get(10, TimeUnit.SECONDS), text("too late"), Map.of()).get(10, TimeUnit.SECONDS);

            await().untilAsserted(() -> assertThat(requester.state().counters().requests()).satisfies(requests -> {
                assertThat(requests.lateReplies()).isEqualTo(1);
                assertThat(requests.timedOut()).isEqualTo(2);
                assertThat(requests.pending()).isZero();
            }));
            assertThat(mesh.messages(requester)).isEmpty();
        }
    }

    @Test
    void aSubscriberMayWaitForAReplyOnTheDeliveryThread() throws Exception {
        try (TestMesh mesh = new TestMesh("request-in-subscriber")) {
            MeshNode requester = mesh.start();
            MeshNode responder = mesh.start(requester);
            await().until(() -> requester.state().online() && responder.state().online());
            responder.subscribe("price", request -> responder.reply(request, text("7"), Map.of()));
            CompletableFuture<String> answer = new CompletableFuture<>();
            requester.subscribe("go", message -> {
                try {
                    answer.complete(requester.request("price", text("?"), Map.of(), Duration.ofSeconds(5))
                            .get(10, TimeUnit.SECONDS).text());
                }
                catch (Exception ex) {
                    answer.completeExceptionally(ex);
                }
            });

            responder.publish("go", text("now"), Map.of());

            assertThat(answer.get(15, TimeUnit.SECONDS)).isEqualTo("7");
        }
    }

    @Test
    void onlyARequestCanBeAnswered() throws Exception {
        try (TestMesh mesh = new TestMesh("request-not")) {
            MeshNode node = mesh.start();
            MessageId id = node.publish("news", text("plain"), Map.of());
            MeshMessage plain = new MeshMessage(id, "news", Map.of(), text("plain"), 1, 0);

            assertThatThrownBy(() -> node.reply(plain, text("?"), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a request (it has no peermesh.request header)");
        }
    }

    @Test
    void requestsPastTheBoundFailAtOnce() throws Exception {
        try (TestMesh mesh = new TestMesh("request-bound")) {
            MeshNode node = mesh.start(settings -> settings.maxPendingRequests(2), b -> b);
            node.request("a", text("1"), Map.of(), Duration.ofSeconds(30));
            node.request("a", text("2"), Map.of(), Duration.ofSeconds(30));

            CompletableFuture<MeshMessage> third = node.request("a", text("3"), Map.of(), Duration.ofSeconds(30));

            assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(PublishRejectedException.class)
                    .hasMessageContaining("2 requests already wait for replies (peermesh.limits.max-pending-requests");
        }
    }

    /** Five responders, each answering with the request's text and its own id. */
    private static List<MeshNode> startResponders(TestMesh mesh, MeshNode seed) {
        List<MeshNode> responders = IntStream.range(0, 5).mapToObj(i -> mesh.start(seed)).toList();
        for (MeshNode responder : responders) {
            responder.subscribe("price", request -> responder.reply(request,
                    text(request.text() + " from " + NodeId.format(responder.nodeId())), Map.of()));
        }
        await().atMost(15, TimeUnit.SECONDS).until(() -> TestMesh.connected(mesh.nodes()));
        return responders;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
