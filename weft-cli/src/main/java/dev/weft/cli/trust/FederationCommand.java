package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.DeleteFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.GetFederationRequest;
import dev.weft.proto.trust.v1.ListFederationsRequest;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.UpdateFederationRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft trust federation create|list|show|update|delete|refresh} (SPIRE's verbs). */
@Command(
    name = "federation",
    mixinStandardHelpOptions = true,
    description =
        "Federation relationships: fetch other trust domains' bundles from their SPIFFE bundle endpoints.",
    subcommands = {
      FederationCommand.Create.class,
      FederationCommand.ListRelationships.class,
      FederationCommand.Show.class,
      FederationCommand.Update.class,
      FederationCommand.Delete.class,
      FederationCommand.Refresh.class
    })
public final class FederationCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The fields of a relationship as flags; unset flags are null. */
  static final class Fields {
    @Option(
        names = "--bundle-endpoint-url",
        paramLabel = "URL",
        description = "https URL of the other domain's bundle endpoint.")
    String url;

    @Option(
        names = "--bundle-endpoint-profile",
        paramLabel = "PROFILE",
        description = "https_spiffe or https_web.")
    String profile;

    @Option(
        names = "--endpoint-spiffe-id",
        paramLabel = "ID",
        description = "https_spiffe: the SPIFFE ID the endpoint presents.")
    String endpointSpiffeId;

    @Option(
        names = "--trust-bundle-path",
        paramLabel = "FILE",
        description =
            "https_spiffe: a bundle of the other domain that authenticates the endpoint the first time.")
    Path bundlePath;

    @Option(
        names = "--trust-bundle-format",
        paramLabel = "FORMAT",
        defaultValue = "pem",
        description = "Format of --trust-bundle-path: pem or spiffe (default: ${DEFAULT-VALUE}).")
    String bundleFormat = "pem";

    FederationRelationship applyTo(FederationRelationship base, String trustDomain)
        throws CliException {
      FederationRelationship.Builder b = base.toBuilder().clearStatus().setTrustDomain(trustDomain);
      if (url != null) {
        b.setBundleEndpointUrl(url);
      }
      if (profile != null) {
        b.setBundleEndpointProfile(profile);
        if (profile.equals("https_web")) {
          b.clearEndpointSpiffeId().clearBootstrapBundle();
        }
      }
      if (endpointSpiffeId != null) {
        b.setEndpointSpiffeId(endpointSpiffeId);
      }
      if (bundlePath != null) {
        b.setBootstrapBundle(SpiffeBundleFormat.write(readBundle(trustDomain)));
      }
      return b.build();
    }

    private TrustBundle readBundle(String trustDomain) throws CliException {
      TrustDomain td = BundleCommand.trustDomain(trustDomain);
      try {
        String text = Files.readString(bundlePath);
        return switch (bundleFormat) {
          case "pem" -> TrustBundle.ofX509(td, Pem.parseCertificates(text));
          case "spiffe" -> SpiffeBundleFormat.parse(td, text);
          default ->
              throw new CliException(
                  "--trust-bundle-format: " + bundleFormat + " (expected: pem or spiffe)");
        };
      } catch (IOException e) {
        throw new CliException("cannot read " + bundlePath + ": " + e.getMessage(), e);
      } catch (CertificateException | BundleException e) {
        throw new CliException(bundlePath + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a federation relationship.")
  static final class Create implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;

    @ArgGroup(exclusive = false, heading = "Relationship:%n")
    Fields fields = new Fields();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--trust-domain",
        required = true,
        paramLabel = "TD",
        description = "The other trust domain.")
    String trustDomain;

    @Override
    public Integer call() throws CliException {
      if (fields.url == null || fields.profile == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "federation create needs --bundle-endpoint-url and --bundle-endpoint-profile");
      }
      String td = BundleCommand.trustDomain(trustDomain).name();
      try (AdminOptions.Connection c = adminOptions.connect()) {
        FederationRelationship created =
            c.admin()
                .createFederation(
                    CreateFederationRequest.newBuilder()
                        .setRelationship(
                            fields.applyTo(FederationRelationship.getDefaultInstance(), td))
                        .build());
        FederationPrinter.print(spec.commandLine().getOut(), output, List.of(created), false);
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List federation relationships.")
  static final class ListRelationships implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      try (AdminOptions.Connection c = adminOptions.connect()) {
        FederationPrinter.print(
            spec.commandLine().getOut(),
            output,
            c.admin()
                .listFederations(ListFederationsRequest.getDefaultInstance())
                .getRelationshipsList());
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a relationship and the outcome of its fetches.")
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "TD",
        description = "Trust domain of the relationship.")
    String id;

    @Override
    public Integer call() throws CliException {
      String td = BundleCommand.trustDomain(id).name();
      try (AdminOptions.Connection c = adminOptions.connect()) {
        FederationPrinter.print(
            spec.commandLine().getOut(),
            output,
            List.of(
                c.admin()
                    .getFederation(GetFederationRequest.newBuilder().setTrustDomain(td).build())));
      }
      return 0;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Update a relationship; flags not given keep their value.")
  static final class Update implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;

    @ArgGroup(exclusive = false, heading = "Relationship:%n")
    Fields fields = new Fields();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "TD",
        description = "Trust domain of the relationship.")
    String id;

    @Override
    public Integer call() throws CliException {
      String td = BundleCommand.trustDomain(id).name();
      try (AdminOptions.Connection c = adminOptions.connect()) {
        FederationRelationship current =
            c.admin().getFederation(GetFederationRequest.newBuilder().setTrustDomain(td).build());
        FederationRelationship updated =
            c.admin()
                .updateFederation(
                    UpdateFederationRequest.newBuilder()
                        .setRelationship(fields.applyTo(current, td))
                        .build());
        FederationPrinter.print(spec.commandLine().getOut(), output, List.of(updated), false);
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a relationship (its bundle stays until 'weft trust bundle delete').")
  static final class Delete implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "TD",
        description = "Trust domain of the relationship.")
    String id;

    @Override
    public Integer call() throws CliException {
      String td = BundleCommand.trustDomain(id).name();
      try (AdminOptions.Connection c = adminOptions.connect()) {
        c.admin().deleteFederation(DeleteFederationRequest.newBuilder().setTrustDomain(td).build());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("Federation relationship with " + td + " deleted");
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = "Fetch a relationship's bundle now.")
  static final class Refresh implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "TD",
        description = "Trust domain of the relationship.")
    String id;

    @Override
    public Integer call() throws CliException {
      String td = BundleCommand.trustDomain(id).name();
      FederationRelationship after;
      try (AdminOptions.Connection c = adminOptions.connect()) {
        after =
            c.admin()
                .refreshFederation(
                    RefreshFederationRequest.newBuilder().setTrustDomain(td).build());
      }
      FederationPrinter.print(spec.commandLine().getOut(), output, List.of(after), false);
      if (after.getStatus().getFailing()) {
        throw new CliException("refresh of " + td + " failed: " + after.getStatus().getLastError());
      }
      return 0;
    }
  }
}
