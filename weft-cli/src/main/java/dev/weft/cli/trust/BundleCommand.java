package dev.weft.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.CliException;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.DeleteBundleRequest;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.trust.v1.ListBundlesRequest;
import dev.weft.proto.trust.v1.SetBundleRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft trust bundle show|list|set|delete}. */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = "Show the trust server's bundle and manage the bundles of other trust domains.",
    subcommands = {
      BundleCommand.Show.class,
      BundleCommand.ListBundles.class,
      BundleCommand.Set.class,
      BundleCommand.Delete.class
    })
public final class BundleCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Bundle encodings. */
  enum Format {
    pem,
    spiffe
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the server's own trust bundle.")
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "pem",
        description = "pem or spiffe (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws CliException {
      try (AdminOptions.Connection c = adminOptions.connect()) {
        Bundle bundle = c.admin().getBundle(GetBundleRequest.getDefaultInstance());
        print(spec.commandLine().getOut(), output, format, List.of(bundle), false);
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the server's own bundle and every federated bundle.")
  static final class ListBundles implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "pem",
        description = "pem or spiffe (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
        names = "--id",
        paramLabel = "TRUST_DOMAIN",
        description = "Only the bundle of this trust domain.")
    String id;

    @Override
    public Integer call() throws CliException {
      try (AdminOptions.Connection c = adminOptions.connect()) {
        List<Bundle> bundles =
            c.admin().listBundles(ListBundlesRequest.getDefaultInstance()).getBundlesList();
        if (id != null) {
          String td = trustDomain(id).name();
          bundles = bundles.stream().filter(b -> b.getTrustDomain().equals(td)).toList();
          if (bundles.isEmpty()) {
            throw new CliException("no bundle for trust domain " + td);
          }
        }
        print(spec.commandLine().getOut(), output, format, bundles, true);
      }
      return 0;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Create or replace the bundle of another trust domain.")
  static final class Set implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "TRUST_DOMAIN",
        description = "Trust domain of the bundle (example.org or spiffe://example.org).")
    String id;

    @Option(
        names = "--path",
        paramLabel = "FILE",
        description = "File to read the bundle from (default: standard input).")
    Path path;

    @Option(
        names = "--format",
        defaultValue = "pem",
        description = "pem or spiffe (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws CliException {
      TrustDomain td = trustDomain(id);
      String where = path == null ? "standard input" : path.toString();
      String text = read(where);
      TrustBundle bundle;
      try {
        bundle =
            format == Format.spiffe
                ? SpiffeBundleFormat.parse(td, text)
                : TrustBundle.ofX509(td, Pem.parseCertificates(text));
      } catch (BundleException | CertificateException e) {
        throw new CliException(where + ": " + e.getMessage(), e);
      }
      Bundle request =
          Bundle.newBuilder()
              .setTrustDomain(td.name())
              .setSpiffeBundle(SpiffeBundleFormat.write(bundle))
              .setSequence(bundle.sequence().orElse(0))
              .build();
      try (AdminOptions.Connection c = adminOptions.connect()) {
        c.admin().setBundle(SetBundleRequest.newBuilder().setBundle(request).build());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("Bundle of " + td + " set");
      out.flush();
      return 0;
    }

    private String read(String where) throws CliException {
      try {
        return path == null
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(path);
      } catch (IOException e) {
        throw new CliException("cannot read " + where + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete the bundle of another trust domain.")
  static final class Delete implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "TRUST_DOMAIN",
        description = "Trust domain whose bundle to delete.")
    String id;

    @Override
    public Integer call() throws CliException {
      TrustDomain td = trustDomain(id);
      try (AdminOptions.Connection c = adminOptions.connect()) {
        c.admin().deleteBundle(DeleteBundleRequest.newBuilder().setTrustDomain(td.name()).build());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("Bundle of " + td + " deleted");
      out.flush();
      return 0;
    }
  }

  static TrustDomain trustDomain(String text) throws CliException {
    try {
      return TrustDomain.parse(text);
    } catch (InvalidSpiffeIdException e) {
      throw new CliException("--id: " + e.getMessage(), e);
    }
  }

  static void print(
      PrintWriter out, OutputOptions output, Format format, List<Bundle> bundles, boolean headers)
      throws CliException {
    if (output.json()) {
      List<Map<String, Object>> list = new java.util.ArrayList<>();
      for (Bundle b : bundles) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trust_domain", b.getTrustDomain());
        m.put("sequence", b.getSequence());
        m.put("spiffe_bundle", jsonTree(b.getSpiffeBundle()));
        m.put("x509_authorities_pem", pem(b));
        list.add(m);
      }
      OutputOptions.printJson(out, headers ? Map.of("bundles", list) : list.getFirst());
      return;
    }
    for (Bundle b : bundles) {
      if (headers) {
        out.println("****************************************");
        out.println("* " + b.getTrustDomain());
        out.println("****************************************");
      }
      if (format == Format.spiffe) {
        out.println(jsonTree(b.getSpiffeBundle()).toPrettyString());
      } else {
        out.print(pem(b));
      }
      if (headers) {
        out.println();
      }
    }
    out.flush();
  }

  private static String pem(Bundle b) throws CliException {
    try {
      TrustBundle parsed =
          SpiffeBundleFormat.parse(TrustDomain.parse(b.getTrustDomain()), b.getSpiffeBundle());
      return Pem.writeCertificates(parsed.x509Authorities());
    } catch (BundleException e) {
      throw new CliException(
          "server sent an invalid bundle for " + b.getTrustDomain() + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode jsonTree(String json) throws CliException {
    try {
      return OutputOptions.JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("server sent a bundle that is not JSON", e);
    }
  }
}
