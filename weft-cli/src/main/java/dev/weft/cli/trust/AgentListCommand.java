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
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents the trust server has attested.")
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
      OutputOptions.printJson(out, Map.of("agents", agents.stream().map(a -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spiffe_id", a.getSpiffeId());
        m.put("serial_number", a.getSerialNumber());
        m.put("svid_expires_at", Instant.ofEpochSecond(a.getSvidExpiresAtUnix()).toString());
        m.put("attested_at", Instant.ofEpochSecond(a.getAttestedAtUnix()).toString());
        return m;
      }).toList()));
      return 0;
    }
    out.println("Found " + agents.size() + (agents.size() == 1 ? " attested agent" : " attested agents"));
    for (Agent a : agents) {
      out.println();
      out.printf("%-16s : %s%n", "SPIFFE ID", a.getSpiffeId());
      out.printf("%-16s : %s%n", "Serial number", a.getSerialNumber());
      out.printf("%-16s : %s%n", "SVID expires", Instant.ofEpochSecond(a.getSvidExpiresAtUnix()));
      out.printf("%-16s : %s%n", "Attested", Instant.ofEpochSecond(a.getAttestedAtUnix()));
    }
    out.flush();
    return 0;
  }
}
