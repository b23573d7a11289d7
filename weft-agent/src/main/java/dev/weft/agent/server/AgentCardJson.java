package dev.weft.agent.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.a2a.A2aMessages;
import java.util.Collection;

/** The A2A 0.3 AgentCard of a Weft agent. */
final class AgentCardJson {

  /** The extension that lists which skills callers may retry. */
  static final String IDEMPOTENT_EXTENSION = "https://weft.dev/a2a/extensions/idempotent/v1";

  private AgentCardJson() {}

  static ObjectNode of(
      String name,
      String description,
      String url,
      String version,
      Collection<CapabilityDef> capabilities) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode card =
        json.objectNode()
            .put("name", name)
            .put("description", description)
            .put("url", url)
            .put("version", version)
            .put("protocolVersion", A2aMessages.PROTOCOL_VERSION)
            .put("preferredTransport", "JSONRPC");
    ObjectNode caps =
        card.putObject("capabilities")
            .put("streaming", true)
            .put("pushNotifications", false)
            .put("stateTransitionHistory", false);
    ObjectNode extension =
        caps.putArray("extensions")
            .addObject()
            .put("uri", IDEMPOTENT_EXTENSION)
            .put("description", "skills that callers may retry: calling twice equals once")
            .put("required", false);
    ArrayNode idempotent = extension.putObject("params").putArray("skills");
    card.putArray("defaultInputModes").add("application/json").add("text/plain");
    card.putArray("defaultOutputModes").add("application/json").add("text/plain");
    ArrayNode skills = card.putArray("skills");
    for (CapabilityDef c : capabilities) {
      ObjectNode skill =
          skills
              .addObject()
              .put("id", c.name())
              .put("name", c.name())
              .put("description", c.description());
      ArrayNode tags = skill.putArray("tags").add("weft");
      if (c.idempotent()) {
        tags.add("idempotent");
        idempotent.add(c.name());
      }
      skill.putObject("metadata").put("weft.idempotent", c.idempotent());
    }
    card.putObject("securitySchemes")
        .putObject("mtls")
        .put("type", "mutualTLS")
        .put("description", "SPIFFE X.509-SVID");
    card.putArray("security").addObject().putArray("mtls");
    return card;
  }
}
