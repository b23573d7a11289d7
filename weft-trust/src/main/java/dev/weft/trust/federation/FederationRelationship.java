package dev.weft.trust.federation;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A federation relationship: this trust server fetches the bundle of {@code trustDomain} from
 * {@code bundleEndpointUrl}, authenticating the endpoint per {@code profile}. Validated whole at
 * creation; an invalid relationship is an {@link IllegalArgumentException} naming every bad field
 * as {@code relationship.<field>: <value> (expected: ...)}.
 *
 * @param trustDomain the other trust domain
 * @param bundleEndpointUrl an https URL with a host and no user info, query or fragment
 * @param profile how the endpoint authenticates
 * @param endpointSpiffeId https_spiffe: the SPIFFE ID the endpoint must present (in {@code
 *     trustDomain}); empty for https_web
 * @param bootstrapBundle https_spiffe: the bundle of {@code trustDomain} that authenticates the
 *     endpoint until a bundle has been fetched; must belong to {@code trustDomain}
 * @param source where the relationship was declared
 */
public record FederationRelationship(
    TrustDomain trustDomain,
    URI bundleEndpointUrl,
    BundleEndpointProfile profile,
    Optional<SpiffeId> endpointSpiffeId,
    Optional<TrustBundle> bootstrapBundle,
    Source source) {

  /** Where a relationship was declared. */
  public enum Source {
    /** The server's configuration file; re-applied at every start. */
    CONFIG,
    /** The admin API ({@code weft trust federation create}). */
    API;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public FederationRelationship {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(bundleEndpointUrl, "bundleEndpointUrl");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(endpointSpiffeId, "endpointSpiffeId");
    Objects.requireNonNull(bootstrapBundle, "bootstrapBundle");
    Objects.requireNonNull(source, "source");
    List<String> problems =
        problems(trustDomain, bundleEndpointUrl, profile, endpointSpiffeId, bootstrapBundle);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The same relationship declared by {@code newSource}. */
  public FederationRelationship withSource(Source newSource) {
    return new FederationRelationship(
        trustDomain, bundleEndpointUrl, profile, endpointSpiffeId, bootstrapBundle, newSource);
  }

  private static List<String> problems(
      TrustDomain td,
      URI url,
      BundleEndpointProfile profile,
      Optional<SpiffeId> endpointId,
      Optional<TrustBundle> bootstrap) {
    List<String> problems = new ArrayList<>();
    if (!"https".equals(url.getScheme())
        || url.getHost() == null
        || url.getRawUserInfo() != null
        || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      problems.add(
          "relationship.bundle_endpoint_url: "
              + (url.toString().isEmpty() ? "missing" : url)
              + " (expected: an https URL with a host and no user info, query or fragment,"
              + " such as https://spire.example.org:8443)");
    }
    if (profile == BundleEndpointProfile.HTTPS_SPIFFE) {
      if (endpointId.isEmpty()) {
        problems.add(
            "relationship.endpoint_spiffe_id: missing (expected: the SPIFFE ID the"
                + " https_spiffe endpoint presents, such as "
                + td.idString()
                + "/weft/server)");
      } else if (!endpointId.get().isMemberOf(td)) {
        problems.add(
            "relationship.endpoint_spiffe_id: "
                + endpointId.get()
                + " (expected: a SPIFFE ID in trust domain "
                + td
                + ")");
      }
    } else {
      endpointId.ifPresent(
          id ->
              problems.add(
                  "relationship.endpoint_spiffe_id: "
                      + id
                      + " (expected: none for https_web, which authenticates with Web PKI)"));
      bootstrap.ifPresent(
          b ->
              problems.add(
                  "relationship.bootstrap_bundle: given"
                      + " (expected: none for https_web, which authenticates with Web PKI)"));
    }
    bootstrap.ifPresent(
        b -> {
          if (!b.trustDomain().equals(td)) {
            problems.add(
                "relationship.bootstrap_bundle: a bundle of "
                    + b.trustDomain()
                    + " (expected: a bundle of "
                    + td
                    + ")");
          } else if (b.x509Authorities().isEmpty()) {
            problems.add(
                "relationship.bootstrap_bundle: no X.509 authorities (expected: at least"
                    + " one, to authenticate the endpoint)");
          }
        });
    return problems;
  }
}
