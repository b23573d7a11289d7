package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.WorkloadApiClient;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.identity.workloadapi.X509Context;
import dev.weft.trust.files.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft trust agent api ...}: the Workload API as a workload sees it (SPIRE's "agent api").
 */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description =
        "Call the SPIFFE Workload API as this process (any SPIFFE agent, Weft's or SPIRE's).",
    subcommands = {ApiCommand.Fetch.class, ApiCommand.Validate.class})
public final class ApiCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * Where the Workload API is: --socket, else $SPIFFE_ENDPOINT_SOCKET, else the one under ./.weft.
   */
  static final class Endpoint {
    @Option(
        names = "--socket",
        paramLabel = "ADDRESS",
        description =
            "Workload API address, unix:///path or a path (default: $SPIFFE_ENDPOINT_SOCKET,"
                + " or the single .weft/<td>/public/api.sock under the current directory).")
    String socket;

    WorkloadApiClient connect() throws CliException {
      try {
        return WorkloadApiClient.create(resolve());
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
    }

    private WorkloadApiEndpoint resolve() throws CliException {
      return dev.weft.cli.WorkloadEndpoints.resolve(socket);
    }
  }

  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = "Fetch SVIDs or bundles.",
      subcommands = {FetchX509.class, FetchJwt.class, FetchJwtBundle.class})
  static final class Fetch implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "x509",
      mixinStandardHelpOptions = true,
      description =
          "Fetch this process's X.509-SVIDs and bundles; --write saves them as PEM files.")
  static final class FetchX509 implements Callable<Integer> {
    private static final Set<PosixFilePermission> PUBLIC =
        PosixFilePermissions.fromString("rw-r--r--");

    @Mixin Endpoint endpoint;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--write",
        paramLabel = "DIR",
        description =
            "Write svid.N.pem, svid.N.key (mode 0600), bundle.N.pem and federated_bundle.N.M.pem to DIR,"
                + " each replaced whole.")
    Path write;

    @Override
    public Integer call() throws CliException, IOException {
      X509Context context;
      try (WorkloadApiClient client = endpoint.connect()) {
        context = client.fetchX509Context();
      } catch (WorkloadApiException e) {
        throw new CliException("Workload API: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (write != null) {
        writeFiles(context);
      }
      if (output.json()) {
        OutputOptions.printJson(
            out,
            Map.of(
                "svids",
                context.svids().stream()
                    .map(
                        s -> {
                          Map<String, Object> m = new LinkedHashMap<>();
                          m.put("spiffe_id", s.id().toString());
                          m.put("hint", s.hint());
                          m.put("expires_at", s.expiresAt().toString());
                          m.put("chain_pem", Pem.writeCertificates(s.chain()));
                          return m;
                        })
                    .toList(),
                "trust_domains",
                context.bundles().trustDomains().stream().map(Object::toString).toList()));
        return 0;
      }
      out.println("Received " + context.svids().size() + " svid(s)");
      for (X509Svid svid : context.svids()) {
        out.println();
        out.printf("%-16s : %s%n", "SPIFFE ID", svid.id());
        out.printf("%-16s : %s%n", "SVID valid after", svid.issuedAt());
        out.printf("%-16s : %s%n", "SVID valid until", svid.expiresAt());
        out.printf("%-16s : %d%n", "Chain length", svid.chain().size());
        if (!svid.hint().isEmpty()) {
          out.printf("%-16s : %s%n", "Hint", svid.hint());
        }
      }
      out.println();
      for (TrustBundle b : context.bundles().bundles()) {
        out.printf(
            "%-16s : %s (%d CA certificate(s))%n",
            "Bundle", b.trustDomain(), b.x509Authorities().size());
      }
      if (write != null) {
        out.println("Written to " + write.toAbsolutePath());
      }
      out.flush();
      return 0;
    }

    /**
     * Writes each file whole or not at all ({@link AtomicFiles}: a temporary file with its final
     * mode, forced to disk, renamed over the old one, the directory forced to disk), so that a
     * program reading the files, or a crash, never sees a part of a key or certificate.
     */
    private void writeFiles(X509Context context) throws IOException {
      Files.createDirectories(write);
      for (int i = 0; i < context.svids().size(); i++) {
        X509Svid svid = context.svids().get(i);
        writeFile("svid." + i + ".pem", Pem.writeCertificates(svid.chain()), PUBLIC);
        writeFile(
            "svid." + i + ".key", Pem.writePrivateKey(svid.privateKey()), AtomicFiles.OWNER_ONLY);
        var own = context.bundles().get(svid.id().trustDomain());
        if (own.isPresent()) {
          writeFile(
              "bundle." + i + ".pem", Pem.writeCertificates(own.get().x509Authorities()), PUBLIC);
        }
        int j = 0;
        for (TrustBundle b : context.bundles().bundles()) {
          if (!b.trustDomain().equals(svid.id().trustDomain())) {
            writeFile(
                "federated_bundle." + i + "." + j++ + ".pem",
                Pem.writeCertificates(b.x509Authorities()),
                PUBLIC);
          }
        }
      }
    }

    private void writeFile(String name, String pem, Set<PosixFilePermission> mode)
        throws IOException {
      AtomicFiles.write(write.resolve(name), pem.getBytes(StandardCharsets.US_ASCII), mode);
    }
  }

  @Command(
      name = "jwt",
      mixinStandardHelpOptions = true,
      description =
          "Fetch JWT-SVIDs for an audience (prints the tokens: they are bearer credentials).")
  static final class FetchJwt implements Callable<Integer> {
    @Mixin Endpoint endpoint;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--audience",
        required = true,
        paramLabel = "AUD",
        description = "Audience (repeatable).")
    List<String> audience;

    @Option(
        names = "--spiffe-id",
        paramLabel = "ID",
        description = "Only the JWT-SVID for this SPIFFE ID.")
    String spiffeId;

    @Override
    public Integer call() throws CliException {
      List<JwtSvid> svids;
      try (WorkloadApiClient client = endpoint.connect()) {
        svids =
            client.fetchJwtSvids(
                new TreeSet<>(audience),
                spiffeId == null ? Optional.empty() : Optional.of(SpiffeId.parse(spiffeId)));
      } catch (WorkloadApiException e) {
        throw new CliException("Workload API: " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new CliException("--spiffe-id: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        OutputOptions.printJson(
            out,
            Map.of(
                "svids",
                svids.stream()
                    .map(
                        s ->
                            Map.of(
                                "spiffe_id",
                                s.id().toString(),
                                "expires_at",
                                s.expiresAt().toString(),
                                "token",
                                s.token()))
                    .toList()));
        return 0;
      }
      for (JwtSvid s : svids) {
        out.println("token(" + s.id() + "), expires " + s.expiresAt() + ":");
        out.println(s.token());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "jwt-bundle",
      mixinStandardHelpOptions = true,
      description = "Fetch the JWT bundles (JWKS) this process may see.")
  static final class FetchJwtBundle implements Callable<Integer> {
    @Mixin Endpoint endpoint;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      PrintWriter out = spec.commandLine().getOut();
      try (WorkloadApiClient client = endpoint.connect()) {
        for (TrustBundle b : client.fetchJwtBundles().bundles()) {
          out.println("bundle(" + b.trustDomain().idString() + "):");
          out.println(SpiffeBundleFormat.writeJwks(b));
        }
      } catch (WorkloadApiException e) {
        throw new CliException("Workload API: " + e.getMessage(), e);
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Validate credentials through the Workload API.",
      subcommands = ValidateJwt.class)
  static final class Validate implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "jwt",
      mixinStandardHelpOptions = true,
      description = "Validate a JWT-SVID for an audience (ValidateJWTSVID).")
  static final class ValidateJwt implements Callable<Integer> {
    @Mixin Endpoint endpoint;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--audience",
        required = true,
        paramLabel = "AUD",
        description = "Audience the token must carry.")
    String audience;

    @Option(names = "--svid", required = true, paramLabel = "TOKEN", description = "The JWT-SVID.")
    String token;

    @Override
    public Integer call() throws CliException {
      JwtSvid svid;
      try (WorkloadApiClient client = endpoint.connect()) {
        svid = client.validateJwtSvid(token, audience);
      } catch (WorkloadApiException e) {
        throw new CliException("SVID is not valid: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("SVID is valid.");
      out.println("SPIFFE ID : " + svid.id());
      out.println("Claims    : " + svid.claims());
      out.flush();
      return 0;
    }
  }
}
