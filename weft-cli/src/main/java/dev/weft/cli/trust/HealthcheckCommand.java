package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.proto.trust.v1.HealthRequest;
import dev.weft.proto.trust.v1.HealthResponse;
import dev.weft.proto.trust.v1.ListenerRefusals;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code weft trust healthcheck}: exit 0 if the server serves, 1 otherwise; also shows what the
 * listener limits ({@code server.limits}) refused since the server started.
 */
@Command(
    name = "healthcheck",
    mixinStandardHelpOptions = true,
    description = {
      "Check that the trust server is up and serving (exit status 0 if healthy).",
      "Also shows what its listener limits (server.limits) refused since it started."
    })
public final class HealthcheckCommand implements Callable<Integer> {
  @Mixin AdminOptions adminOptions;
  @Mixin OutputOptions output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException {
    HealthResponse health;
    try (AdminOptions.Connection c = adminOptions.connect()) {
      health = c.admin().health(HealthRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw new CliException(
          "server is unhealthy: "
              + e.getStatus().getCode()
              + " "
              + (e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription()),
          e);
    }
    ListenerRefusals refused = health.getRefusals();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trust_domain", health.getTrustDomain());
      m.put("serving", health.getServing());
      m.put("bundle_sequence", health.getBundleSequence());
      m.put("entries", health.getEntries());
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("node_api_connections", refused.getNodeApiConnections());
      r.put("node_api_calls", refused.getNodeApiCalls());
      r.put("admin_api_calls", refused.getAdminApiCalls());
      r.put("bundle_endpoint_connections", refused.getBundleEndpointConnections());
      m.put("refusals", r);
      OutputOptions.printJson(out, m);
    } else {
      out.println(health.getServing() ? "Server is healthy." : "Server is not serving.");
      out.println("Refused by the listener limits since the server started:");
      out.printf("  node API connections          %d%n", refused.getNodeApiConnections());
      out.printf("  node API calls                %d%n", refused.getNodeApiCalls());
      out.printf("  admin API calls               %d%n", refused.getAdminApiCalls());
      out.printf("  bundle endpoint connections   %d%n", refused.getBundleEndpointConnections());
      out.flush();
    }
    return health.getServing() ? 0 : 1;
  }
}
