package dev.weft.trust.federation;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a SPIFFE bundle endpoint authenticates itself, per the SPIFFE federation standard. */
public enum BundleEndpointProfile {
  /** The endpoint presents an X.509-SVID; clients check its SPIFFE ID against the bundle. */
  HTTPS_SPIFFE("https_spiffe"),
  /** The endpoint presents a Web PKI certificate; clients check it against the system's roots. */
  HTTPS_WEB("https_web");

  private final String configName;

  BundleEndpointProfile(String configName) {
    this.configName = configName;
  }

  /** The name in configuration files, the CLI and the admin API. */
  public String configName() {
    return configName;
  }

  /**
   * The profile named {@code name}.
   *
   * @throws IllegalArgumentException listing the names there are
   */
  public static BundleEndpointProfile parse(String name) {
    for (BundleEndpointProfile p : values()) {
      if (p.configName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "bundle_endpoint_profile: \""
            + name
            + "\" (expected: "
            + Arrays.stream(values())
                .map(BundleEndpointProfile::configName)
                .collect(Collectors.joining(" or "))
            + ")");
  }

  @Override
  public String toString() {
    return configName;
  }
}
