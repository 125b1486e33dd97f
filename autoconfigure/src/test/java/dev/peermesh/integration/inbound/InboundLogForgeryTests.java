package dev.peermesh.integration.inbound;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.integration.Standalone;
import dev.peermesh.integration.TwoNodeMesh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.integration.channel.QueueChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message the inbound adapter cannot convert is logged with its topic, which another node chose: CR LF, a fake log
 * line and ANSI escapes in it stay on the adapter's one line, escaped.
 */
class InboundLogForgeryTests {

    private static final String FORGERY = "\r\n18:00:00.000 ERROR FORGED-LOG-LINE \u001b[31m";

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

    private final Logger logger = (Logger) LoggerFactory.getLogger(MeshInboundChannelAdapter.class);

    private TwoNodeMesh mesh;

    private MeshInboundChannelAdapter adapter;

    record Order(String id, int quantity) {
    }

    @BeforeEach
    void start() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logger.getLoggerContext());
        encoder.setPattern("LOG|%-5level %logger{0} - %msg%n");
        encoder.start();
        appender.setContext(logger.getLoggerContext());
        appender.setEncoder(encoder);
        appender.setOutputStream(written);
        appender.start();
        logger.addAppender(appender);
        mesh = TwoNodeMesh.linked();
        adapter = new MeshInboundChannelAdapter(mesh.second());
        adapter.setOutputChannel(new QueueChannel());
        adapter.setPayloadType(Order.class);
    }

    @AfterEach
    void stop() {
        adapter.stop();
        mesh.close();
        logger.detachAppender(appender);
        appender.stop();
    }

    @Test
    void droppedMessageIsLoggedWithItsTopicEscapedOnOneLine() {
        Standalone.started(adapter);

        mesh.first().publish("orders" + FORGERY, "{\"quantity\":\"many\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(MeshPayloadCodec.CONTENT_TYPE, "application/json"));
        await().until(() -> adapter.getRejectedCount() == 1);

        String text = written.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).filteredOn(line -> line.contains("FORGED-LOG-LINE")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("LOG|WARN ")
                        .contains("on 'orders\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE \\u001b[31m'"));
        assertThat(text).doesNotContain("\r").doesNotContain("\u001b");
    }
}
