package dev.peermesh.dissemination;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's topic numbers: one per name while held, forgotten with the last holder, handed out again. */
class TopicIdsTest {

    @Test
    void equalNamesShareANumberAndDifferentNamesDoNot() {
        TopicIds topics = new TopicIds();

        int news = topics.acquire("news");
        int sameNews = topics.acquire(new String("news"));
        int sport = topics.acquire("sport");

        assertThat(sameNews).isEqualTo(news);
        assertThat(sport).isNotEqualTo(news);
        assertThat(topics.name(news)).isEqualTo("news");
        assertThat(topics.name(sport)).isEqualTo("sport");
        assertThat(topics.size()).isEqualTo(2);
    }

    @Test
    void nameIsForgottenWithItsLastHolderAndItsNumberReused() {
        TopicIds topics = new TopicIds();
        int news = topics.acquire("news");
        topics.acquire("news");
        int sport = topics.acquire("sport");

        topics.release(news);
        assertThat(topics.name(news)).isEqualTo("news");
        topics.release(news);

        assertThat(topics.size()).isEqualTo(1);
        int weather = topics.acquire("weather");
        assertThat(weather).isEqualTo(news);
        assertThat(topics.name(weather)).isEqualTo("weather");
        assertThat(topics.name(sport)).isEqualTo("sport");
    }

    @Test
    void topicAskedForLastAndThenForgottenIsNumberedAfresh() {
        TopicIds topics = new TopicIds();
        int news = topics.acquire("news");
        topics.release(news);
        int weather = topics.acquire("weather"); // takes the number "news" had

        int newsAgain = topics.acquire("news");

        assertThat(newsAgain).isNotEqualTo(weather);
        assertThat(topics.name(newsAgain)).isEqualTo("news");
        assertThat(topics.name(weather)).isEqualTo("weather");
    }
}
