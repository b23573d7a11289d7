package dev.weft.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.Capability;
import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.demo.OrchestratorAgent;
import dev.weft.agent.demo.ProcessorAgent;
import dev.weft.agent.demo.SearchAgent;
import dev.weft.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every agent card has a description, and a description per skill, from the configuration. */
class AgentCardDescriptionTest {

  @TempDir Path dir;

  /** An agent whose one capability says nothing about itself. */
  public static final class Terse {
    /** No description. */
    @Capability(name = "count")
    public int count() {
      return 1;
    }
  }

  @Test
  void everyDemoAgentsCardDescribesTheAgentAndEachSkill() throws Exception {
    for (Object agent : List.of(new OrchestratorAgent(), new SearchAgent(), new ProcessorAgent())) {
      JsonNode card =
          AgentRuntime.card(
              config(
                  """
          metadata:
            name: "demo"
            description: "A demo agent of the local mesh"
          """),
              agent);

      assertThat(card.path("description").asText()).isEqualTo("A demo agent of the local mesh");
      assertThat(card.path("skills"))
          .isNotEmpty()
          .allSatisfy(skill -> assertThat(skill.path("description").asText()).isNotBlank());
    }
  }

  @Test
  void aCardWithoutAnAgentDescriptionIsRefused() {
    assertThatThrownBy(
            () -> AgentRuntime.card(config("metadata: {name: \"x\"}\n"), new OrchestratorAgent()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "metadata.description: missing (expected: what this agent does, in a"
                + " sentence; its A2A agent card shows it)");
  }

  @Test
  void skillDescriptionsFromTheConfigurationReplaceTheAnnotations() throws Exception {
    JsonNode card =
        AgentRuntime.card(
            config(
                """
        metadata: {description: "Counts"}
        agent:
          skills:
            count: {description: "Counts to one"}
        """),
            new Terse());

    assertThat(card.at("/skills/0/description").asText()).isEqualTo("Counts to one");
  }

  @Test
  void aSkillWithoutAnyDescriptionIsRefused() {
    assertThatThrownBy(
            () -> AgentRuntime.card(config("metadata: {description: \"Counts\"}\n"), new Terse()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "agent.skills.count.description: missing (expected: what the capability"
                + " does; its @Capability gives no description)");
  }

  @Test
  void aSkillDescriptionForNoCapabilityIsRefused() {
    assertThatThrownBy(
            () ->
                AgentRuntime.card(
                    config(
                        """
        metadata: {description: "Counts"}
        agent:
          skills:
            cont: {description: "typo"}
        """),
                    new Terse()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "agent.skills.cont: not a capability of "
                + Terse.class.getName()
                + " (expected one of: count)");
  }

  private AgentConfig config(String yaml) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, yaml);
    return AgentConfig.read(file, Map.of());
  }
}
