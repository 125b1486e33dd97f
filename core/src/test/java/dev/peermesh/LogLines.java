package dev.peermesh;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.LoggerFactory;

/**
 * What the node's log file would hold, captured through a pattern layout as a console or file appender writes it, so a
 * test sees the lines a reader of the log would see (a {@code ListAppender} sees events, not lines).
 */
final class LogLines implements AutoCloseable {

    /** Every line the layout writes starts with this. */
    static final String PREFIX = "LOG|";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    LogLines() {
        LoggerContext context = root.getLoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PREFIX + "%-5level %logger{0} - %msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        root.addAppender(appender);
    }

    /** The raw text written so far. */
    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** The lines written so far, split as a terminal or a log reader splits them: at CR, LF or CR LF. */
    List<String> lines() {
        return text().lines().toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
