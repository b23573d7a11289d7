package dev.weft.agent.config;

import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.config.ConfigException;
import dev.weft.config.ConfigFile;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent's configuration file ({@code agent.yaml}), every section with its defaults, read by
 * {@link #read(Path, Map)}. Top-level keys: {@code profile}, {@code identity}, {@code
 * authorization}, {@code server}, {@code agent_registry}, {@code observability}, {@code metadata},
 * {@code agent} and {@code fabric}; every section may be left out.
 *
 * @param profile {@code profile}; default {@link Profile#DEVELOPMENT}
 * @param identity {@code identity}
 * @param authorization {@code authorization}
 * @param server {@code server}
 * @param agentRegistry {@code agent_registry}: other agents by name, in file order; default none
 * @param observability {@code observability}
 * @param metadata {@code metadata}: free text values (name, cloud, region, description, version,
 *     ...) in file order; default none
 * @param agent {@code agent}: what {@code weft agent run} instantiates
 * @param fabric {@code fabric}: the fabric node the agent attaches to; default none
 */
public record AgentConfig(
    Profile profile,
    IdentityConfig identity,
    AuthorizationConfig authorization,
    ServerConfig server,
    Map<String, PeerConfig> agentRegistry,
    ObservabilityConfig observability,
    Map<String, String> metadata,
    ImplementationConfig agent,
    Optional<FabricConfig> fabric) {

  /** The largest configuration file read: 1 MiB ({@link ConfigFile#MAX_BYTES}). */
  public static final int MAX_FILE_BYTES = ConfigFile.MAX_BYTES;

  /** Copies the maps, keeping their order; nothing may be null. */
  public AgentConfig {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(authorization, "authorization");
    Objects.requireNonNull(server, "server");
    agentRegistry = Collections.unmodifiableMap(new LinkedHashMap<>(agentRegistry));
    Objects.requireNonNull(observability, "observability");
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(fabric, "fabric");
  }

  /**
   * Reads {@code file} and applies the overrides in {@code env} (pass {@code System.getenv()}).
   *
   * <p><b>Overrides.</b> A key's variable is {@code WEFT_} followed by its dotted key in upper case
   * with every {@code .} replaced by {@code _}: {@code server.port} is {@code WEFT_SERVER_PORT},
   * {@code identity.spiffe_id} is {@code WEFT_IDENTITY_SPIFFE_ID}, {@code authorization.opa.url} is
   * {@code WEFT_AUTHORIZATION_OPA_URL}, {@code profile} is {@code WEFT_PROFILE}. A variable's value
   * is read exactly as the same text in the file would be, and wins over the file.
   *
   * <ul>
   *   <li>List keys ({@code identity.allowed_trust_domains}, {@code authorization.policy_paths})
   *       take comma-separated values; an empty value is an empty list. Relative policy paths from
   *       a variable resolve against the file's directory too.
   *   <li>Map keys ({@code metadata}, {@code observability.logging.default_fields}, {@code
   *       observability.metrics.labels}) take one variable per entry: {@code
   *       WEFT_METADATA_REGION=eu} sets {@code metadata.region} (an existing key whose upper case
   *       matches keeps its spelling, else the name is lower-cased).
   *   <li>{@code agent_registry} entries named in the file are overridden with {@code
   *       WEFT_AGENT_REGISTRY_<NAME>_SPIFFE_ID}, {@code _ADDRESS} and {@code _GROUP} ({@code NAME}
   *       upper case); entries cannot be added from the environment.
   *   <li>{@code WEFT_IDENTITY_SPIRE_SOCKET} and {@code WEFT_IDENTITY_WORKLOAD_API_SOCKET} both set
   *       the Workload API socket (setting both is an error); when neither the file nor they give
   *       one, {@code SPIFFE_ENDPOINT_SOCKET} does.
   *   <li>A variable that starts with the prefix of a section ({@code WEFT_PROFILE}, {@code
   *       WEFT_IDENTITY_}, {@code WEFT_AUTHORIZATION_}, {@code WEFT_SERVER_}, {@code
   *       WEFT_AGENT_REGISTRY_}, {@code WEFT_OBSERVABILITY_}, {@code WEFT_METADATA_}, {@code
   *       WEFT_AGENT_}) but names no key is an error listing the known ones; other variables (such
   *       as {@code WEFT_LOG_LEVEL}) are ignored.
   * </ul>
   *
   * <p>Values are read as weft-config reads every Weft file: durations such as {@code 2s}, {@code
   * 500ms}, {@code 1h30m} or {@code PT1S}; sizes in bytes or with {@code KiB}, {@code MiB} or
   * {@code GiB}; log levels {@code trace} to {@code error} in any case.
   *
   * @throws ConfigException if the file cannot be read, is over {@link #MAX_FILE_BYTES} or is not
   *     valid YAML (or JSON; a key written twice in one mapping is an error), holds an unknown key
   *     or a bad value, breaks a rule between keys or of the production profile, or a variable is
   *     unknown or holds a bad value; e.g. {@code agent.yaml:12: server.port: 70000 (expected: an
   *     integer from 0 to 65535)} or {@code WEFT_SERVER_PORT: "abc" (expected: an integer from 0 to
   *     65535)}
   */
  public static AgentConfig read(Path file, Map<String, String> env) throws ConfigException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    return ConfigReader.read(file, env);
  }
}
