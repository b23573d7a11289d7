package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.NetworkAccess;

/** OPA's {@code allow_net} check before a network built-in reaches a host. */
final class AllowNet {

  private AllowNet() {}

  /**
   * Fails with OPA's {@code unallowed host} error when {@code access} does not allow {@code host}.
   */
  static void check(NetworkAccess access, String host) throws BuiltinException {
    if (access.allows(host)) {
      return;
    }
    if (access.isOff()) {
      throw BuiltinException.failure(
          "unallowed host: "
              + host
              + " (expected: network access turned on for the engine; it is off by default)");
    }
    throw BuiltinException.failure("unallowed host: " + host);
  }
}
