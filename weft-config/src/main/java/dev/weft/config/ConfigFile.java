package dev.weft.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Opens a configuration file: at most {@link #MAX_BYTES}, UTF-8, one YAML (or JSON) document whose
 * top is a mapping of known keys, no key written twice in one mapping; environment overrides
 * applied when the component has them. What it returns is the top {@link Section}.
 */
public final class ConfigFile {
  /**
   * The largest configuration file read: 1 MiB, far above any real one. A larger one is refused
   * unread.
   */
  public static final int MAX_BYTES = 1 << 20;

  private ConfigFile() {}

  /**
   * Reads {@code file}, whose top-level keys may be {@code topKeys}.
   *
   * @throws ConfigException if the file cannot be read, is too large, is not UTF-8 or not valid
   *     YAML, has a duplicate key, or has a top-level key not in {@code topKeys}
   */
  public static Section read(Path file, String... topKeys) throws ConfigException {
    return read(file, null, Map.of(), topKeys);
  }

  /**
   * Reads {@code file} as {@link #read(Path, String...)} does, with the variables of {@code env}
   * that {@code overrides} declares applied before any value is read.
   *
   * @param overrides what variables may set; null for none
   * @throws ConfigException as {@link #read(Path, String...)}, or for an unknown variable in the
   *     overrides' sections
   */
  public static Section read(
      Path file, EnvironmentOverrides overrides, Map<String, String> env, String... topKeys)
      throws ConfigException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    String shown = file.toString();
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1); // bounded even for a device or a pipe
      if (bytes.length > MAX_BYTES) {
        throw new ConfigException(
            shown
                + ": more than "
                + MAX_BYTES
                + " bytes (expected: a configuration file of at most 1 MiB)");
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(shown + ": not UTF-8 text (expected: a YAML file in UTF-8)", e);
    } catch (NoSuchFileException e) {
      throw new ConfigException(shown + ": no such file (expected: a YAML configuration file)", e);
    } catch (IOException e) {
      throw new ConfigException(shown + ": " + reason(e) + " (expected: a readable YAML file)", e);
    }
    Path directory = file.toAbsolutePath().normalize().getParent();
    Yaml.Node root = Yaml.parse(shown, text);
    if (overrides != null && root instanceof Yaml.Mapping m) {
      overrides.apply(m, env);
    }
    Source source = new Source(shown, directory == null ? Path.of("/") : directory, root.origin());
    return Section.root(source, root, topKeys);
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.isEmpty()
        ? message
        : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }
}
