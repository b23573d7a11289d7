package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.proto.trust.v1.Agent;
import dev.weft.proto.trust.v1.ListAgentsRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft trust agent list}: the agents the trust server has attested. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the agents the trust server has attested.")
public final class AgentListCommand implements Callable<Integer> {
  @Mixin AdminOptions adminOptions;
  @Mixin OutputOptions output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException {
    List<Agent> agents;
    try (AdminOptions.Connection c = adminOptions.connect()) {
      agents = c.admin().listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      OutputOptions.printJson(
          out, Map.of("agents", agents.stream().map(AgentListCommand::toMap).toList()));
      return 0;
    }
    out.println(
        "Found " + agents.size() + (agents.size() == 1 ? " attested agent:" : " attested agents:"));
    for (Agent a : agents) {
      out.println();
      print(out, a);
    }
    out.flush();
    return 0;
  }

  static Map<String, Object> toMap(Agent a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spiffe_id", a.getSpiffeId());
    m.put("serial_number", a.getSerialNumber());
    m.put("svid_expires_at", Instant.ofEpochSecond(a.getSvidExpiresAtUnix()).toString());
    m.put("attested_at", Instant.ofEpochSecond(a.getAttestedAtUnix()).toString());
    m.put("banned", a.getBanned());
    return m;
  }

  /** One agent as SPIRE's {@code agent list} prints it (aligned fields). */
  static void print(PrintWriter out, Agent a) {
    out.printf("%-17s : %s%n", "SPIFFE ID", a.getSpiffeId());
    out.printf("%-17s : %s%n", "Attestation type", "join_token");
    out.printf("%-17s : %s%n", "Expiration time", Instant.ofEpochSecond(a.getSvidExpiresAtUnix()));
    out.printf("%-17s : %s%n", "Serial number", a.getSerialNumber());
    out.printf("%-17s : %s%n", "Attested", Instant.ofEpochSecond(a.getAttestedAtUnix()));
    out.printf("%-17s : %s%n", "Banned", a.getBanned());
  }
}
