package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.GoX509Json.bool;
import static dev.weft.policy.rego.internal.builtins.GoX509Json.bytes;
import static dev.weft.policy.rego.internal.builtins.GoX509Json.oid;
import static dev.weft.policy.rego.internal.builtins.GoX509Json.strings;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;

/** Go's {@code x509.Certificate} as JSON, and the parts of it verification needs. */
final class GoX509Cert {

  private static final Map<String, Integer> EXT_KEY_USAGES =
      Map.ofEntries(
          Map.entry("2.5.29.37.0", 0), Map.entry("1.3.6.1.5.5.7.3.1", 1),
          Map.entry("1.3.6.1.5.5.7.3.2", 2), Map.entry("1.3.6.1.5.5.7.3.3", 3),
          Map.entry("1.3.6.1.5.5.7.3.4", 4), Map.entry("1.3.6.1.5.5.7.3.5", 5),
          Map.entry("1.3.6.1.5.5.7.3.6", 6), Map.entry("1.3.6.1.5.5.7.3.7", 7),
          Map.entry("1.3.6.1.5.5.7.3.8", 8), Map.entry("1.3.6.1.5.5.7.3.9", 9),
          Map.entry("1.3.6.1.4.1.311.10.3.3", 10), Map.entry("2.16.840.1.113730.4.1", 11),
          Map.entry("1.3.6.1.4.1.311.2.1.22", 12), Map.entry("1.3.6.1.4.1.311.61.1.1", 13));

  /** The extensions Go's parser understands; other critical ones are "unhandled". */
  private static final Set<String> HANDLED =
      Set.of(
          "2.5.29.15",
          "2.5.29.19",
          "2.5.29.17",
          "2.5.29.30",
          "2.5.29.31",
          "2.5.29.35",
          "2.5.29.37",
          "2.5.29.14",
          "2.5.29.32",
          "2.5.29.36",
          "2.5.29.54",
          "2.5.29.33",
          "1.3.6.1.5.5.7.1.1");

  private GoX509Cert() {}

  /** The certificate's extended key usages as Go's enum values; unknown ones are skipped. */
  static List<Integer> extKeyUsages(X509Certificate cert) {
    List<Integer> out = new ArrayList<>();
    try {
      List<String> ekus = cert.getExtendedKeyUsage();
      if (ekus != null) {
        for (String id : ekus) {
          Integer known = EXT_KEY_USAGES.get(id);
          if (known != null) {
            out.add(known);
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // no usable extension: no usages
    }
    return out;
  }

  /** Whether the certificate names any extended key usage Go does not know. */
  static boolean hasUnknownExtKeyUsage(X509Certificate cert) {
    try {
      List<String> ekus = cert.getExtendedKeyUsage();
      return ekus != null && ekus.stream().anyMatch(id -> !EXT_KEY_USAGES.containsKey(id));
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  static ObjectValue json(X509Certificate x509, boolean uriStrings) throws BuiltinException {
    Certificate c;
    try {
      c = Certificate.getInstance(x509.getEncoded());
    } catch (java.security.cert.CertificateEncodingException | RuntimeException e) {
      throw BuiltinException.failure("x509: malformed certificate");
    }
    Extensions exts = c.getTBSCertificate().getExtensions();
    ObjectValue.Builder o = ObjectValue.builder();
    try {
      o.put("Raw", bytes(c.getEncoded(ASN1Encoding.DER)));
      o.put("RawTBSCertificate", bytes(c.getTBSCertificate().getEncoded(ASN1Encoding.DER)));
      o.put(
          "RawSubjectPublicKeyInfo",
          bytes(c.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)));
      o.put("RawSubject", bytes(c.getSubject().getEncoded(ASN1Encoding.DER)));
      o.put("RawIssuer", bytes(c.getIssuer().getEncoded(ASN1Encoding.DER)));
    } catch (IOException e) {
      throw BuiltinException.failure("x509: malformed certificate");
    }
    o.put("Signature", bytes(c.getSignature().getOctets()));
    o.put(
        "SignatureAlgorithm",
        NumberValue.of(GoX509Json.signatureAlgorithm(c.getSignatureAlgorithm())));
    o.put(
        "PublicKeyAlgorithm",
        NumberValue.of(GoX509Json.publicKeyAlgorithm(c.getSubjectPublicKeyInfo().getAlgorithm())));
    o.put("PublicKey", GoX509Json.publicKey(x509.getPublicKey()));
    o.put("Version", NumberValue.of(c.getVersionNumber()));
    o.put("SerialNumber", NumberValue.of(c.getSerialNumber().getValue()));
    o.put("Issuer", GoX509Json.name(c.getIssuer()));
    o.put("Subject", GoX509Json.name(c.getSubject()));
    o.put("NotBefore", GoX509Json.time(x509.getNotBefore().toInstant()));
    o.put("NotAfter", GoX509Json.time(x509.getNotAfter().toInstant()));
    extensions(o, x509, exts);
    if (uriStrings) {
      o.put("URIStrings", strings(uris(exts)));
    }
    return o.build();
  }

  private static void extensions(ObjectValue.Builder o, X509Certificate x509, Extensions exts)
      throws BuiltinException {
    List<Value> all = new ArrayList<>();
    List<Value> unhandled = new ArrayList<>();
    if (exts != null) {
      for (ASN1ObjectIdentifier id : exts.getExtensionOIDs()) {
        Extension e = exts.getExtension(id);
        all.add(
            ObjectValue.builder()
                .put("Id", oid(id))
                .put("Critical", bool(e.isCritical()))
                .put("Value", bytes(e.getExtnValue().getOctets()))
                .build());
        if (e.isCritical() && !HANDLED.contains(id.getId())) {
          unhandled.add(oid(id));
        }
      }
    }
    o.put("Extensions", all.isEmpty() ? NullValue.NULL : ArrayValue.of(all));
    o.put("ExtraExtensions", NullValue.NULL);
    o.put(
        "UnhandledCriticalExtensions",
        unhandled.isEmpty() ? NullValue.NULL : ArrayValue.of(unhandled));
    boolean[] ku = x509.getKeyUsage();
    int usage = 0;
    if (ku != null) {
      for (int i = 0; i < Math.min(9, ku.length); i++) {
        usage |= ku[i] ? 1 << i : 0;
      }
    }
    o.put("KeyUsage", NumberValue.of(usage));
    ekus(o, exts);
    BasicConstraints bc = exts == null ? null : BasicConstraints.fromExtensions(exts);
    int maxPathLen = 0;
    if (bc != null) {
      maxPathLen = bc.getPathLenConstraint() == null ? -1 : bc.getPathLenConstraint().intValue();
    }
    o.put("BasicConstraintsValid", bool(bc != null));
    o.put("IsCA", bool(bc != null && bc.isCA()));
    o.put("MaxPathLen", NumberValue.of(maxPathLen));
    o.put("MaxPathLenZero", bool(bc != null && maxPathLen == 0));
    Extension ski = exts == null ? null : exts.getExtension(Extension.subjectKeyIdentifier);
    o.put(
        "SubjectKeyId",
        ski == null
            ? NullValue.NULL
            : bytes(ASN1OctetString.getInstance(ski.getParsedValue()).getOctets()));
    AuthorityKeyIdentifier aki = exts == null ? null : AuthorityKeyIdentifier.fromExtensions(exts);
    o.put(
        "AuthorityKeyId",
        aki == null || aki.getKeyIdentifierOctets() == null
            ? NullValue.NULL
            : bytes(aki.getKeyIdentifierOctets()));
    access(o, exts);
    sans(o, exts);
    constraints(o, exts);
    crls(o, exts);
    policies(o, exts);
  }

  private static void ekus(ObjectValue.Builder o, Extensions exts) {
    ExtendedKeyUsage eku = exts == null ? null : ExtendedKeyUsage.fromExtensions(exts);
    List<Value> known = new ArrayList<>();
    List<Value> unknown = new ArrayList<>();
    if (eku != null) {
      for (KeyPurposeId id : eku.getUsages()) {
        Integer k = EXT_KEY_USAGES.get(id.getId());
        if (k != null) {
          known.add(NumberValue.of(k));
        } else {
          unknown.add(oid(id.toOID()));
        }
      }
    }
    o.put("ExtKeyUsage", known.isEmpty() ? NullValue.NULL : ArrayValue.of(known));
    o.put("UnknownExtKeyUsage", unknown.isEmpty() ? NullValue.NULL : ArrayValue.of(unknown));
  }

  private static void access(ObjectValue.Builder o, Extensions exts) {
    List<String> ocsp = new ArrayList<>();
    List<String> issuers = new ArrayList<>();
    AuthorityInformationAccess aia =
        exts == null ? null : AuthorityInformationAccess.fromExtensions(exts);
    if (aia != null) {
      for (AccessDescription d : aia.getAccessDescriptions()) {
        GeneralName n = d.getAccessLocation();
        if (n.getTagNo() != GeneralName.uniformResourceIdentifier) {
          continue;
        }
        String uri = ((ASN1String) n.getName()).getString();
        if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) {
          ocsp.add(uri);
        } else if (d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)) {
          issuers.add(uri);
        }
      }
    }
    o.put("OCSPServer", strings(ocsp));
    o.put("IssuingCertificateURL", strings(issuers));
  }

  /** The subject alternative names of a type. */
  private static List<GeneralName> names(Extensions exts, int tag) {
    List<GeneralName> out = new ArrayList<>();
    GeneralNames san =
        exts == null ? null : GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
    if (san != null) {
      for (GeneralName n : san.getNames()) {
        if (n.getTagNo() == tag) {
          out.add(n);
        }
      }
    }
    return out;
  }

  static List<String> uris(Extensions exts) {
    List<String> out = new ArrayList<>();
    for (GeneralName n : names(exts, GeneralName.uniformResourceIdentifier)) {
      out.add(((ASN1String) n.getName()).getString());
    }
    return out;
  }

  private static void sans(ObjectValue.Builder o, Extensions exts) throws BuiltinException {
    List<String> dns = new ArrayList<>();
    names(exts, GeneralName.dNSName).forEach(n -> dns.add(((ASN1String) n.getName()).getString()));
    List<String> emails = new ArrayList<>();
    names(exts, GeneralName.rfc822Name)
        .forEach(n -> emails.add(((ASN1String) n.getName()).getString()));
    List<String> ips = new ArrayList<>();
    for (GeneralName n : names(exts, GeneralName.iPAddress)) {
      ips.add(GoIp.format(ASN1OctetString.getInstance(n.getName()).getOctets()));
    }
    List<Value> uris = new ArrayList<>();
    for (String uri : uris(exts)) {
      uris.add(GoX509Json.url(GoUrl.parse(uri)));
    }
    o.put("DNSNames", strings(dns));
    o.put("EmailAddresses", strings(emails));
    o.put("IPAddresses", strings(ips));
    o.put("URIs", uris.isEmpty() ? NullValue.NULL : ArrayValue.of(uris));
  }

  private static void constraints(ObjectValue.Builder o, Extensions exts) {
    Extension ext = exts == null ? null : exts.getExtension(Extension.nameConstraints);
    NameConstraints nc = ext == null ? null : NameConstraints.getInstance(ext.getParsedValue());
    o.put("PermittedDNSDomainsCritical", bool(ext != null && ext.isCritical()));
    GeneralSubtree[] permitted = nc == null ? null : nc.getPermittedSubtrees();
    GeneralSubtree[] excluded = nc == null ? null : nc.getExcludedSubtrees();
    o.put("PermittedDNSDomains", subtrees(permitted, GeneralName.dNSName));
    o.put("ExcludedDNSDomains", subtrees(excluded, GeneralName.dNSName));
    o.put("PermittedIPRanges", subtrees(permitted, GeneralName.iPAddress));
    o.put("ExcludedIPRanges", subtrees(excluded, GeneralName.iPAddress));
    o.put("PermittedEmailAddresses", subtrees(permitted, GeneralName.rfc822Name));
    o.put("ExcludedEmailAddresses", subtrees(excluded, GeneralName.rfc822Name));
    o.put("PermittedURIDomains", subtrees(permitted, GeneralName.uniformResourceIdentifier));
    o.put("ExcludedURIDomains", subtrees(excluded, GeneralName.uniformResourceIdentifier));
  }

  private static Value subtrees(GeneralSubtree[] trees, int tag) {
    List<Value> out = new ArrayList<>();
    if (trees != null) {
      for (GeneralSubtree t : trees) {
        GeneralName n = t.getBase();
        if (n.getTagNo() != tag) {
          continue;
        }
        if (tag == GeneralName.iPAddress) {
          byte[] b = ASN1OctetString.getInstance(n.getName()).getOctets();
          int half = b.length / 2;
          out.add(
              ObjectValue.builder()
                  .put("IP", StringValue.of(GoIp.format(java.util.Arrays.copyOf(b, half))))
                  .put("Mask", bytes(java.util.Arrays.copyOfRange(b, half, b.length)))
                  .build());
        } else {
          out.add(StringValue.of(((ASN1String) n.getName()).getString()));
        }
      }
    }
    return out.isEmpty() ? NullValue.NULL : ArrayValue.of(out);
  }

  private static void crls(ObjectValue.Builder o, Extensions exts) {
    List<String> out = new ArrayList<>();
    CRLDistPoint dps = exts == null ? null : CRLDistPoint.fromExtensions(exts);
    if (dps != null) {
      for (DistributionPoint dp : dps.getDistributionPoints()) {
        DistributionPointName name = dp.getDistributionPoint();
        if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
          continue;
        }
        for (GeneralName n : GeneralNames.getInstance(name.getName()).getNames()) {
          if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
            out.add(((ASN1String) n.getName()).getString());
          }
        }
      }
    }
    o.put("CRLDistributionPoints", strings(out));
  }

  private static void policies(ObjectValue.Builder o, Extensions exts) {
    List<Value> ids = new ArrayList<>();
    List<String> dotted = new ArrayList<>();
    CertificatePolicies cp = exts == null ? null : CertificatePolicies.fromExtensions(exts);
    if (cp != null) {
      for (PolicyInformation p : cp.getPolicyInformation()) {
        ids.add(oid(p.getPolicyIdentifier()));
        dotted.add(p.getPolicyIdentifier().getId());
      }
    }
    o.put("PolicyIdentifiers", ids.isEmpty() ? NullValue.NULL : ArrayValue.of(ids));
    o.put("Policies", strings(dotted));
    o.put("InhibitAnyPolicy", NumberValue.ZERO);
    o.put("InhibitAnyPolicyZero", bool(false));
    o.put("InhibitPolicyMapping", NumberValue.ZERO);
    o.put("InhibitPolicyMappingZero", bool(false));
    o.put("RequireExplicitPolicy", NumberValue.ZERO);
    o.put("RequireExplicitPolicyZero", bool(false));
    o.put("PolicyMappings", NullValue.NULL);
  }
}
