package dev.weft.agent.config;

import dev.weft.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Writes {@code agent.yaml} into a temporary directory and reads it. */
abstract class AgentConfigTestBase {
  @TempDir Path dir;

  Path write(String yaml) throws IOException {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  AgentConfig read(String yaml) throws Exception {
    return AgentConfig.read(write(yaml), Map.of());
  }

  AgentConfig read(String yaml, Map<String, String> env) throws Exception {
    return AgentConfig.read(write(yaml), env);
  }

  /** The message reading {@code yaml} fails with, the file's path shortened to agent.yaml. */
  String error(String yaml) throws IOException {
    return error(yaml, Map.of());
  }

  String error(String yaml, Map<String, String> env) throws IOException {
    Path file = write(yaml);
    try {
      AgentConfig.read(file, env);
    } catch (ConfigException e) {
      String prefix = file + ":";
      return e.getMessage().startsWith(prefix)
          ? "agent.yaml:" + e.getMessage().substring(prefix.length())
          : e.getMessage();
    }
    throw new AssertionError("no error reading:\n" + yaml);
  }
}
