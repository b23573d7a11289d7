package dev.weft.trust.config;

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
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code server.federation} block of {@code server.yaml}. */
final class FederationConfigReader {
  private static final String PEM = "pem";
  private static final String SPIFFE = "spiffe";

  private FederationConfigReader() {}

  static FederationConfig read(Section f) throws ConfigException {
    f.allow("bundle_endpoint", "federates_with", "refresh_floor");
    FederationConfig config = FederationConfig.none();
    config = config.withRefreshFloor(f.duration("refresh_floor").orElse(FederationConfig.DEFAULT_REFRESH_FLOOR));
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
    String address = e.string("address", "an IP address or host name such as 0.0.0.0").orElse("0.0.0.0");
    int port = e.integer("port", "an integer from 0 to 65535").orElse(FederationConfig.DEFAULT_BUNDLE_ENDPOINT_PORT);
    BundleEndpointProfile profile = e.choice("profile", BundleEndpointProfile.values(), BundleEndpointProfile::configName)
        .orElse(BundleEndpointProfile.HTTPS_SPIFFE);
    Optional<Path> cert = Optional.empty();
    Optional<Path> key = Optional.empty();
    Optional<Section> web = e.section("web_certificate");
    if (web.isPresent()) {
      web.get().allow("cert_file_path", "key_file_path");
      cert = web.get().path("cert_file_path", "the endpoint's certificate chain (a PEM file)");
      key = web.get().path("key_file_path", "the endpoint's private key (a PKCS#8 PEM file)");
    }
    try {
      return new FederationConfig.BundleEndpoint(address, port, profile, cert, key);
    } catch (IllegalArgumentException ex) {
      throw at(e, ex.getMessage());
    }
  }

  private static FederationRelationship relationship(Section all, String name) throws ConfigException {
    TrustDomain td;
    try {
      td = TrustDomain.parse(name);
    } catch (InvalidSpiffeIdException ex) {
      throw all.error(name, "\"" + name + "\"", "a trust domain such as example.org; " + ex.rule().description());
    }
    Section r = all.section(name).orElseThrow()
        .allow("bundle_endpoint_url", "bundle_endpoint_profile", "trust_bundle_path", "trust_bundle_format");
    String urlExpected = "an https URL such as https://spire." + td + ":8443";
    String urlText = r.string("bundle_endpoint_url", urlExpected)
        .orElseThrow(() -> r.error("bundle_endpoint_url", urlExpected));
    URI url;
    try {
      url = new URI(urlText);
    } catch (URISyntaxException ex) {
      throw r.error("bundle_endpoint_url", urlExpected);
    }
    Section profiles = r.section("bundle_endpoint_profile").orElseThrow(
        () -> r.error("bundle_endpoint_profile", "https_spiffe: {endpoint_spiffe_id: ...} or https_web: {}"));
    profiles.allow("https_spiffe", "https_web");
    if (profiles.names().size() != 1) {
      throw profiles.sectionError(profiles.names().isEmpty() ? "empty" : "two profiles",
          "exactly one of: https_spiffe, https_web");
    }
    String profileName = profiles.names().iterator().next();
    BundleEndpointProfile profile = BundleEndpointProfile.parse(profileName);
    Section chosen = profiles.section(profileName).orElseThrow();
    Optional<SpiffeId> endpointId = Optional.empty();
    if (profile == BundleEndpointProfile.HTTPS_SPIFFE) {
      String expected = "the SPIFFE ID the endpoint presents, such as " + td.idString() + "/weft/server";
      String id = chosen.allow("endpoint_spiffe_id").string("endpoint_spiffe_id", expected)
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
      return new FederationRelationship(td, url, profile, endpointId, bootstrap, FederationRelationship.Source.CONFIG);
    } catch (IllegalArgumentException ex) {
      throw at(r, ex.getMessage());
    }
  }

  private static Optional<TrustBundle> bootstrapBundle(Section r, TrustDomain td) throws ConfigException {
    String format = r.string("trust_bundle_format", "pem or spiffe").orElse(PEM);
    if (!format.equals(PEM) && !format.equals(SPIFFE)) {
      throw r.error("trust_bundle_format", "pem or spiffe");
    }
    Optional<Path> path = r.path("trust_bundle_path", "a bundle file of " + td + " (PEM or SPIFFE JSON)");
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(path.get());
      return Optional.of(format.equals(SPIFFE)
          ? SpiffeBundleFormat.parse(td, text)
          : TrustBundle.ofX509(td, Pem.parseCertificates(text)));
    } catch (IOException ex) {
      throw r.error("trust_bundle_path", path.get() + ": " + ex.getMessage(), "a readable bundle file of " + td);
    } catch (CertificateException | BundleException ex) {
      throw r.error("trust_bundle_path", path.get() + ": " + ex.getMessage(), "a " + format + " bundle of " + td);
    }
  }

  private static ConfigException at(Section s, String message) {
    return new ConfigException(s.source().file + ":" + s.source().line(s.key()) + ": " + s.key() + ": " + message);
  }
}
