package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.proto.trust.v1.GenerateJoinTokenRequest;
import dev.weft.proto.trust.v1.JoinToken;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft trust token generate}. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Join tokens for node agents.",
    subcommands = TokenCommand.Generate.class)
public final class TokenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Generate a single-use join token that lets one node agent attest.")
  static final class Generate implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--spiffe-id",
        paramLabel = "ID",
        description =
            "SPIFFE ID the agent gets, under spiffe://<td>/weft/agent/ (default: spiffe://<td>/weft/agent/join_token/<token id>).")
    String spiffeId;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        converter = CliDurations.class,
        defaultValue = "600",
        description = "How long the token is valid (default: 600 seconds).")
    Duration ttl;

    @Override
    public Integer call() throws CliException {
      GenerateJoinTokenRequest.Builder req =
          GenerateJoinTokenRequest.newBuilder().setTtlSeconds(ttl.toSeconds());
      if (spiffeId != null) {
        req.setSpiffeId(spiffeId);
      }
      JoinToken token;
      try (AdminOptions.Connection c = adminOptions.connect()) {
        token = c.admin().generateJoinToken(req.build());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", token.getToken());
        m.put("spiffe_id", token.getSpiffeId());
        m.put("expires_at", Instant.ofEpochSecond(token.getExpiresAtUnix()).toString());
        OutputOptions.printJson(out, m);
      } else {
        out.println("Token: " + token.getToken());
        out.println("SPIFFE ID: " + token.getSpiffeId());
        out.println("Expires: " + Instant.ofEpochSecond(token.getExpiresAtUnix()));
        out.flush();
      }
      return 0;
    }
  }
}
