package dev.peermesh.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample application, under {@code sample}: its history, message limits, event streams and the
 * topology reports it shares.
 *
 * <p>{@code sample.history-size=1000}
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** Most received chat messages kept in memory; older ones are forgotten. */
    private int historySize = 500;

    /** Longest topic a message may be published to, in characters. */
    private int maxTopicLength = 100;

    /** Longest message text, in characters. */
    private int maxTextLength = 2000;

    /** This node's web address as others can open it (for example http://node1:8080); shown in the topology. */
    private @Nullable String publicUrl;

    private final Stream stream = new Stream();

    private final Topology topology = new Topology();

    public int getHistorySize() { return historySize; }

    public void setHistorySize(int historySize) { this.historySize = historySize; }

    public int getMaxTopicLength() { return maxTopicLength; }

    public void setMaxTopicLength(int maxTopicLength) { this.maxTopicLength = maxTopicLength; }

    public int getMaxTextLength() { return maxTextLength; }

    public void setMaxTextLength(int maxTextLength) { this.maxTextLength = maxTextLength; }

    public @Nullable String getPublicUrl() { return publicUrl; }

    public void setPublicUrl(@Nullable String publicUrl) { this.publicUrl = publicUrl; }

    public Stream getStream() { return stream; }

    public Topology getTopology() { return topology; }

    /** Server-sent event streams. */
    public static class Stream {

        /** Most event streams open at once; further subscribers are answered 503. */
        private int maxSubscribers = 64;

        /** How long one event stream stays open; browsers reconnect on their own. */
        private Duration timeout = Duration.ofMinutes(30);

        /** How often an idle stream gets a comment, so closed connections are noticed and released. */
        private Duration heartbeat = Duration.ofSeconds(15);

        public int getMaxSubscribers() { return maxSubscribers; }

        public void setMaxSubscribers(int maxSubscribers) { this.maxSubscribers = maxSubscribers; }

        public Duration getTimeout() { return timeout; }

        public void setTimeout(Duration timeout) { this.timeout = timeout; }

        public Duration getHeartbeat() { return heartbeat; }

        public void setHeartbeat(Duration heartbeat) { this.heartbeat = heartbeat; }
    }

    /** The topology reports nodes share so each can draw the whole mesh. */
    public static class Topology {

        /** Topic of the reports; never shown in the chat. */
        private String topic = "peermesh.topology";

        /** How often this node reports its neighbors (and at once when one comes or goes). */
        private Duration interval = Duration.ofSeconds(5);

        /** How long a node that stopped reporting stays in the picture. */
        private Duration expiry = Duration.ofSeconds(16);

        /** Most nodes kept in the picture; the longest silent ones are dropped first. */
        private int maxNodes = 500;

        public String getTopic() { return topic; }

        public void setTopic(String topic) { this.topic = topic; }

        public Duration getInterval() { return interval; }

        public void setInterval(Duration interval) { this.interval = interval; }

        public Duration getExpiry() { return expiry; }

        public void setExpiry(Duration expiry) { this.expiry = expiry; }

        public int getMaxNodes() { return maxNodes; }

        public void setMaxNodes(int maxNodes) { this.maxNodes = maxNodes; }
    }
}
