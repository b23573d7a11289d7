package dev.weft.policy.rego.internal.builtins;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OPA's chain verification: the first certificate is the root, the last the leaf, the others
 * intermediates; the path is built and validated by the JDK's PKIX (signatures, validity, CA
 * constraints, name constraints, critical extensions, no revocation), then Go's own checks are
 * applied: host name ({@code VerifyHostname}, SANs only) and extended key usages along the chain
 * (server authentication when none is asked for, as Go assumes).
 */
final class X509Chains {

  /**
   * Verification options.
   *
   * @param dnsName the host name the leaf must be valid for, or empty
   * @param nowNanos the time to validate at
   * @param keyUsages Go's extended key usage values that must be allowed; empty means server auth
   */
  record Options(String dnsName, long nowNanos, List<Integer> keyUsages) {}

  private X509Chains() {}

  /** The verified chain, leaf first and root last, or null when it does not verify. */
  static List<X509Certificate> verify(List<X509Certificate> certs, Options o) {
    if (certs.size() < 2) {
      return null;
    }
    X509Certificate root = certs.getFirst();
    X509Certificate leaf = certs.getLast();
    Date at = new Date(Math.floorDiv(o.nowNanos(), 1_000_000L));
    List<X509Certificate> chain = new ArrayList<>();
    if (leaf.equals(root)) {
      chain.add(leaf);
    } else {
      try {
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf);
        PKIXBuilderParameters params =
            new PKIXBuilderParameters(Set.of(new TrustAnchor(root, null)), target);
        params.setRevocationEnabled(false);
        params.setDate(at);
        params.addCertStore(
            CertStore.getInstance(
                "Collection", new CollectionCertStoreParameters(certs.subList(1, certs.size()))));
        PKIXCertPathBuilderResult result =
            (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
        for (var c : result.getCertPath().getCertificates()) {
          chain.add((X509Certificate) c);
        }
        chain.add(root);
      } catch (GeneralSecurityException | RuntimeException e) {
        return null;
      }
    }
    for (X509Certificate c : chain) {
      if (at.before(c.getNotBefore()) || at.after(c.getNotAfter())) {
        return null;
      }
    }
    if (!o.dnsName().isEmpty() && !hostnameMatches(leaf, o.dnsName())) {
      return null;
    }
    List<Integer> usages = o.keyUsages().isEmpty() ? List.of(1) : o.keyUsages();
    if (!usages.contains(0) && !keyUsagesAllowed(chain, usages)) {
      return null;
    }
    return chain;
  }

  /** Go's {@code checkChainForKeyUsage}. */
  private static boolean keyUsagesAllowed(List<X509Certificate> chain, List<Integer> requested) {
    List<Integer> usages = new ArrayList<>(requested);
    int remaining = usages.size();
    for (int i = chain.size() - 1; i >= 0; i--) {
      X509Certificate cert = chain.get(i);
      List<Integer> ekus = GoX509Cert.extKeyUsages(cert);
      if (ekus.isEmpty() && !GoX509Cert.hasUnknownExtKeyUsage(cert)) {
        continue;
      }
      if (ekus.contains(0)) {
        continue;
      }
      for (int u = 0; u < usages.size(); u++) {
        Integer wanted = usages.get(u);
        if (wanted == -1 || ekus.contains(wanted)) {
          continue;
        }
        usages.set(u, -1);
        if (--remaining == 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Go's {@code VerifyHostname}: IP SANs for an address, DNS SANs (with wildcards) otherwise. */
  static boolean hostnameMatches(X509Certificate cert, String host) {
    String candidate =
        host.length() >= 3 && host.startsWith("[") && host.endsWith("]")
            ? host.substring(1, host.length() - 1)
            : host;
    byte[] ip = GoIp.parseIp(candidate);
    List<String> dns = new ArrayList<>();
    List<byte[]> ips = new ArrayList<>();
    try {
      var sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dns.add((String) san.get(1));
          } else if (type == 7) {
            ips.add(GoIp.parseIp((String) san.get(1)));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
    if (ip != null) {
      byte[] want = GoIp.to4(ip) != null ? GoIp.to4(ip) : ip;
      for (byte[] c : ips) {
        byte[] have = c == null ? null : GoIp.to4(c) != null ? GoIp.to4(c) : c;
        if (have != null && java.util.Arrays.equals(want, have)) {
          return true;
        }
      }
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    for (String pattern : dns) {
      if (matches(pattern.toLowerCase(Locale.ROOT), name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (p.isEmpty() || h.isEmpty()) {
      return false;
    }
    String[] pp = p.split("\\.", -1);
    String[] hp = h.split("\\.", -1);
    if (pp.length != hp.length) {
      return false;
    }
    for (int i = 0; i < pp.length; i++) {
      if (i == 0 && pp[i].equals("*")) {
        continue;
      }
      if (!pp[i].equals(hp[i])) {
        return false;
      }
    }
    return true;
  }
}
