package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.Problem;
import dev.weft.config.Section;
import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRelationship;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code server.federation} block of {@code server.yaml}. */
final class FederationConfigReader {
  private static final String PEM = "pem";
  private static final String SPIFFE = "spiffe";

  /** The first problem of a {@link FederationRelationship}'s message. */
  private static final Pattern RELATIONSHIP_PROBLEM =
      Pattern.compile(
          "relationship\\.([a-z_]+): (.*?) \\(expected: (.*?)\\)(?:; relationship\\..*)?");

  private FederationConfigReader() {}

  static FederationConfig read(Section f) throws ConfigException {
    f.allow("bundle_endpoint", "federates_with", "refresh_floor");
    FederationConfig config = FederationConfig.none();
    config =
        config.withRefreshFloor(
            f.duration("refresh_floor").orElse(FederationConfig.DEFAULT_REFRESH_FLOOR));
    Optional<Section> endpoint = f.section("bundle_endpoint");
    if (endpoint.isPresent()) {
      config = config.withBundleEndpoint(bundleEndpoint(endpoint.get()));
    }
    Optional<Section> federatesWith = f.section("federates_with");
    if (federatesWith.isPresent()) {
      List<FederationRelationship> relationships = new ArrayList<>();
      for (String name : federatesWith.get().names()) {
        relationships.add(relationship(federatesWith.get(), name));
      }
      config = config.withFederatesWith(relationships);
    }
    return config;
  }

  private static FederationConfig.BundleEndpoint bundleEndpoint(Section e) throws ConfigException {
    e.allow("address", "port", "profile", "web_certificate");
    String address =
        e.string("address", "an IP address or host name such as 0.0.0.0").orElse("0.0.0.0");
    int port = e.integer("port", 0, 65535).orElse(FederationConfig.DEFAULT_BUNDLE_ENDPOINT_PORT);
    BundleEndpointProfile profile =
        e.choice("profile", BundleEndpointProfile.values(), BundleEndpointProfile::configName)
            .orElse(BundleEndpointProfile.HTTPS_SPIFFE);
    Optional<Path> cert = Optional.empty();
    Optional<Path> key = Optional.empty();
    Optional<Section> web = e.section("web_certificate");
    if (web.isPresent()) {
      web.get().allow("cert_file_path", "key_file_path");
      cert = web.get().path("cert_file_path", "the endpoint's certificate chain (a PEM file)");
      key = web.get().path("key_file_path", "the endpoint's private key (a PKCS#8 PEM file)");
    }
    e.throwFirst(FederationConfig.BundleEndpoint.problems(address, port, profile, cert, key));
    return new FederationConfig.BundleEndpoint(address, port, profile, cert, key);
  }

  private static FederationRelationship relationship(Section all, String name)
      throws ConfigException {
    TrustDomain td;
    try {
      td = TrustDomain.parse(name);
    } catch (InvalidSpiffeIdException ex) {
      throw all.nameError(name, Ids.TRUST_DOMAIN + "; " + ex.rule().description());
    }
    Section r =
        all.section(name)
            .orElseThrow()
            .allow(
                "bundle_endpoint_url",
                "bundle_endpoint_profile",
                "trust_bundle_path",
                "trust_bundle_format");
    String urlExpected = "an https URL such as https://spire." + td + ":8443";
    String urlText =
        r.string("bundle_endpoint_url", urlExpected)
            .orElseThrow(() -> r.error("bundle_endpoint_url", urlExpected));
    URI url;
    try {
      url = new URI(urlText);
    } catch (URISyntaxException ex) {
      throw r.error("bundle_endpoint_url", urlExpected);
    }
    Section profiles =
        r.section("bundle_endpoint_profile")
            .orElseThrow(
                () ->
                    r.error(
                        "bundle_endpoint_profile",
                        "https_spiffe: {endpoint_spiffe_id: ...} or https_web: {}"));
    profiles.allow("https_spiffe", "https_web");
    if (profiles.names().size() != 1) {
      throw profiles.sectionError(
          profiles.names().isEmpty() ? "empty" : "two profiles",
          "exactly one of: https_spiffe, https_web");
    }
    String profileName = profiles.names().iterator().next();
    BundleEndpointProfile profile = BundleEndpointProfile.parse(profileName);
    Section chosen = profiles.section(profileName).orElseThrow();
    Optional<SpiffeId> endpointId = Optional.empty();
    if (profile == BundleEndpointProfile.HTTPS_SPIFFE) {
      String expected =
          "the SPIFFE ID the endpoint presents, such as " + td.idString() + "/weft/server";
      String id =
          chosen
              .allow("endpoint_spiffe_id")
              .string("endpoint_spiffe_id", expected)
              .orElseThrow(() -> chosen.error("endpoint_spiffe_id", expected));
      try {
        endpointId = Optional.of(SpiffeId.parse(id));
      } catch (InvalidSpiffeIdException ex) {
        throw chosen.error("endpoint_spiffe_id", expected + "; " + ex.rule().description());
      }
    } else {
      chosen.allow();
    }
    Optional<TrustBundle> bootstrap = bootstrapBundle(r, td);
    try {
      return new FederationRelationship(
          td, url, profile, endpointId, bootstrap, FederationRelationship.Source.CONFIG);
    } catch (IllegalArgumentException ex) {
      throw relationshipError(r, profileName, ex);
    }
  }

  private static Optional<TrustBundle> bootstrapBundle(Section r, TrustDomain td)
      throws ConfigException {
    String format = r.string("trust_bundle_format", "pem or spiffe").orElse(PEM);
    if (!format.equals(PEM) && !format.equals(SPIFFE)) {
      throw r.error("trust_bundle_format", "pem or spiffe");
    }
    Optional<Path> path =
        r.path("trust_bundle_path", "a bundle file of " + td + " (PEM or SPIFFE JSON)");
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(path.get());
      return Optional.of(
          format.equals(SPIFFE)
              ? SpiffeBundleFormat.parse(td, text)
              : TrustBundle.ofX509(td, Pem.parseCertificates(text)));
    } catch (IOException ex) {
      String why = ex instanceof NoSuchFileException ? "no such file" : ex.toString();
      throw r.error(
          "trust_bundle_path", "a readable bundle file of " + td + "; " + path.get() + ": " + why);
    } catch (CertificateException | BundleException ex) {
      throw r.error(
          "trust_bundle_path", "a " + format + " bundle of " + td + "; " + ex.getMessage());
    }
  }

  /**
   * The first problem {@link FederationRelationship} found, at the key of the file it comes from
   * (its field names are the admin API's).
   */
  private static ConfigException relationshipError(
      Section r, String profile, IllegalArgumentException ex) {
    Matcher m = RELATIONSHIP_PROBLEM.matcher(ex.getMessage());
    if (!m.matches()) {
      return r.sectionError(Problem.show(ex.getMessage()), "a valid federation relationship");
    }
    String key =
        switch (m.group(1)) {
          case "endpoint_spiffe_id" -> "bundle_endpoint_profile." + profile + ".endpoint_spiffe_id";
          case "bootstrap_bundle" -> "trust_bundle_path";
          default -> m.group(1);
        };
    return r.error(new Problem(r.keyOf(key), m.group(2), m.group(3)));
  }
}
