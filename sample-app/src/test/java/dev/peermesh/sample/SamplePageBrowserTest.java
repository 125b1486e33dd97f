package dev.peermesh.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample page in a real browser: two nodes' pages open side by side in headless Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplePageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SampleNodes nodes = new SampleNodes();

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    private ChromeDriver browser;

    private String firstWindow;

    private String secondWindow;

    @BeforeAll
    void openTwoPagesOfAThreeNodeMesh(@TempDir Path profile) {
        Browser.requireChromium();
        for (int i = 0; i < 3; i++) {
            apps.add(nodes.start());
        }
        browser = Browser.start(profile);
        browser.get(SampleNodes.url(apps.get(0)) + "/");
        firstWindow = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.WINDOW);
        browser.get(SampleNodes.url(apps.get(1)) + "/");
        secondWindow = browser.getWindowHandle();
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
        nodes.close();
    }

    @Test
    void pageShowsThisNodeOnlineWithItsNeighbors() {
        browser.switchTo().window(firstWindow);
        String self = SampleNodes.nodeId(apps.get(0));
        waitUntil(driver -> self.equals(driver.findElement(By.id("node-info")).getAttribute("data-node-id"))
                && "true".equals(driver.findElement(By.id("node-info")).getAttribute("data-online")));
        assertThat(browser.findElement(By.id("node-status")).getText()).isEqualTo("online");
        assertThat(browser.findElement(By.id("mesh-id")).getText()).isEqualTo("chat");
        waitUntil(driver -> !driver.findElements(By.cssSelector("#neighbors li.neighbor")).isEmpty());
    }

    @Test
    void messageSentOnOnePageAppearsOnTheOther() {
        browser.switchTo().window(firstWindow);
        WebElement topic = browser.findElement(By.id("topic"));
        topic.clear();
        topic.sendKeys("browser");
        browser.findElement(By.id("text")).sendKeys("hello from the first page");
        browser.findElement(By.id("send")).click();
        waitUntil(driver -> texts(driver).contains("hello from the first page"));

        browser.switchTo().window(secondWindow);

        waitUntil(driver -> texts(driver).contains("hello from the first page"));
        WebElement received = browser.findElement(By.cssSelector("#messages li[data-topic='browser']"));
        assertThat(received.getAttribute("data-origin")).isEqualTo(SampleNodes.nodeId(apps.get(0)));
        assertThat(received.findElement(By.className("topic")).getText()).isEqualTo("#browser");
    }

    @Test
    void refusedMessageShowsTheProblemUnderTheForm() {
        browser.switchTo().window(secondWindow);
        WebElement topic = browser.findElement(By.id("topic"));
        topic.clear();
        topic.sendKeys("no spaces allowed");
        browser.findElement(By.id("text")).sendKeys("refused");
        browser.findElement(By.id("send")).click();

        waitUntil(driver -> driver.findElement(By.id("send-error")).isDisplayed());
        assertThat(browser.findElement(By.id("send-error")).getText()).contains("letters, digits");
        topic.clear();
        topic.sendKeys("general");
        browser.findElement(By.id("text")).clear();
    }

    @Test
    void topologyPictureDrawsEveryNodeAndLinkAndHighlightsThisOne() {
        browser.switchTo().window(secondWindow);
        waitUntil(driver -> driver.findElements(By.cssSelector("#topology-nodes .mesh-node")).size() == 3
                && driver.findElements(By.cssSelector("#topology-edges line.mesh-edge")).size() >= 2);

        List<WebElement> self = browser.findElements(By.cssSelector("#topology-nodes .mesh-node.self"));
        assertThat(self).hasSize(1);
        assertThat(self.get(0).getAttribute("data-node-id")).isEqualTo(SampleNodes.nodeId(apps.get(1)));
        List<String> drawn = browser.findElements(By.cssSelector("#topology-nodes .mesh-node")).stream()
                .map(node -> node.getAttribute("data-node-id")).toList();
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(apps.stream().map(SampleNodes::nodeId).toList());
        assertThat(browser.findElement(By.id("topology-summary")).getAttribute("data-nodes")).isEqualTo("3");
    }

    private void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT).until(condition::apply);
    }

    private static List<String> texts(WebDriver driver) {
        return driver.findElements(By.cssSelector("#messages li .text")).stream().map(WebElement::getText).toList();
    }
}
