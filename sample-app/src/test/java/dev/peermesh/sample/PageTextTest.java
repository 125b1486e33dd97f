package dev.peermesh.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the static page tells a first-time reader, checked on the file as served (the browser test drives the page).
 */
class PageTextTest {

    @Test
    void pageExplainsThatAHopCountFollowsTheBroadcastTreeNotTheDrawnLinks() throws IOException {
        String page = resource("/static/index.html").replaceAll("\\s+", " ");

        assertThat(page).contains("<p id=\"hops-hint\" class=\"hint\">")
                .contains("how many links a message crossed")
                .contains("broadcast tree")
                .contains("not the shortest path between the circles drawn")
                .contains("0 hops is your own message coming back");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = PageTextTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
