package dev.weft.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The SDK brings no logging backend and configures none: it serves and calls with whatever the
 * application bound to slf4j (here slf4j-jdk14), and leaves java.util.logging as it found it. The
 * build's enforcer rule refuses Logback on weft-agent's class path; this test shows the SDK works
 * without it.
 */
class SdkLoggingTest {

  @Test
  void noLogbackNorJulBridgeIsOnTheSdksClassPath() {
    for (String name :
        List.of(
            "ch.qos.logback.classic.LoggerContext",
            "net.logstash.logback.encoder.LogstashEncoder",
            "org.slf4j.bridge.SLF4JBridgeHandler")) {
      assertThatThrownBy(() -> Class.forName(name))
          .as(name)
          .isInstanceOf(ClassNotFoundException.class);
    }
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("org.slf4j.jul.JDK14LoggerFactory");
  }

  @Test
  void aServedCallLeavesTheApplicationsLoggingAsItWas() throws Exception {
    List<Handler> julHandlers = List.of(LogManager.getLogManager().getLogger("").getHandlers());
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client = fx.client("/agent/orchestrator")) {
      JsonNode answer = client.call(fx.port(), "echo", "{\"n\": 1}");

      assertThat(answer.at("/result/parts/0/data/n").asInt()).isEqualTo(1);
    }
    assertThat(LogManager.getLogManager().getLogger("").getHandlers())
        .containsExactlyElementsOf(julHandlers);
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("org.slf4j.jul.JDK14LoggerFactory");
  }
}
