package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The JSON Go's {@code encoding/json} writes for {@code crypto/x509} values, which OPA's X.509
 * built-ins return: field names as Go's struct fields, byte slices in base64, big integers as
 * numbers, nil slices as null, times in RFC 3339.
 */
final class GoX509Json {

  private static final Map<String, Integer> SIGNATURE_ALGORITHMS =
      Map.ofEntries(
          Map.entry("1.2.840.113549.1.1.2", 1),
          Map.entry("1.2.840.113549.1.1.4", 2),
          Map.entry("1.2.840.113549.1.1.5", 3),
          Map.entry("1.2.840.113549.1.1.11", 4),
          Map.entry("1.2.840.113549.1.1.12", 5),
          Map.entry("1.2.840.113549.1.1.13", 6),
          Map.entry("1.2.840.10040.4.3", 7),
          Map.entry("2.16.840.1.101.3.4.3.2", 8),
          Map.entry("1.2.840.10045.4.1", 9),
          Map.entry("1.2.840.10045.4.3.2", 10),
          Map.entry("1.2.840.10045.4.3.3", 11),
          Map.entry("1.2.840.10045.4.3.4", 12),
          Map.entry("1.3.101.112", 16));

  private static final Map<String, Integer> PUBLIC_KEY_ALGORITHMS =
      Map.of(
          "1.2.840.113549.1.1.1",
          1,
          "1.2.840.10040.4.1",
          2,
          "1.2.840.10045.2.1",
          3,
          "1.3.101.112",
          4);

  private GoX509Json() {}

  static Value bytes(byte[] b) {
    return b == null ? NullValue.NULL : StringValue.of(Base64.getEncoder().encodeToString(b));
  }

  static Value strings(List<String> values) {
    if (values == null || values.isEmpty()) {
      return NullValue.NULL;
    }
    List<Value> out = new ArrayList<>();
    values.forEach(v -> out.add(StringValue.of(v)));
    return ArrayValue.of(out);
  }

  static Value oid(ASN1ObjectIdentifier oid) {
    List<Value> parts = new ArrayList<>();
    for (String p : oid.getId().split("\\.")) {
      parts.add(NumberValue.of(new BigInteger(p)));
    }
    return ArrayValue.of(parts);
  }

  static Value time(Instant t) {
    return StringValue.of(DateTimeFormatter.ISO_INSTANT.format(t));
  }

  static Value bool(boolean b) {
    return BooleanValue.of(b);
  }

  /** Go's {@code x509.SignatureAlgorithm} for an algorithm identifier. */
  static int signatureAlgorithm(AlgorithmIdentifier alg) {
    String id = alg.getAlgorithm().getId();
    if (id.equals("1.2.840.113549.1.1.10")) {
      RSASSAPSSparams params = RSASSAPSSparams.getInstance(alg.getParameters());
      return switch (params.getHashAlgorithm().getAlgorithm().getId()) {
        case "2.16.840.1.101.3.4.2.1" -> 13;
        case "2.16.840.1.101.3.4.2.2" -> 14;
        case "2.16.840.1.101.3.4.2.3" -> 15;
        default -> 0;
      };
    }
    return SIGNATURE_ALGORITHMS.getOrDefault(id, 0);
  }

  /** Go's {@code x509.PublicKeyAlgorithm} for a SubjectPublicKeyInfo's algorithm. */
  static int publicKeyAlgorithm(AlgorithmIdentifier alg) {
    return PUBLIC_KEY_ALGORITHMS.getOrDefault(alg.getAlgorithm().getId(), 0);
  }

  /** The public key as Go's {@code *rsa.PublicKey}, {@code *ecdsa.PublicKey}, ... marshal. */
  static Value publicKey(PublicKey key) {
    return switch (key) {
      case RSAPublicKey k ->
          ObjectValue.builder()
              .put("N", NumberValue.of(k.getModulus()))
              .put("E", NumberValue.of(k.getPublicExponent()))
              .build();
      case ECPublicKey k ->
          ObjectValue.builder()
              .put("Curve", ObjectValue.EMPTY)
              .put("X", NumberValue.of(k.getW().getAffineX()))
              .put("Y", NumberValue.of(k.getW().getAffineY()))
              .build();
      case DSAPublicKey k ->
          ObjectValue.builder()
              .put(
                  "Parameters",
                  ObjectValue.builder()
                      .put("P", NumberValue.of(k.getParams().getP()))
                      .put("Q", NumberValue.of(k.getParams().getQ()))
                      .put("G", NumberValue.of(k.getParams().getG()))
                      .build())
              .put("Y", NumberValue.of(k.getY()))
              .build();
      case java.security.interfaces.EdECPublicKey k -> bytes(ed25519Raw(k.getEncoded()));
      case null -> NullValue.NULL;
      default -> NullValue.NULL;
    };
  }

  /** The 32 raw bytes at the end of an Ed25519 SubjectPublicKeyInfo. */
  static byte[] ed25519Raw(byte[] spki) {
    return java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
  }

  /** Go's {@code pkix.Name} filled from an RDN sequence ({@code FillFromRDNSequence}). */
  static Value name(X500Name name) {
    List<String> country = new ArrayList<>();
    List<String> organization = new ArrayList<>();
    List<String> unit = new ArrayList<>();
    List<String> locality = new ArrayList<>();
    List<String> province = new ArrayList<>();
    List<String> street = new ArrayList<>();
    List<String> postal = new ArrayList<>();
    String serial = "";
    String common = "";
    List<Value> names = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        ASN1Encodable raw = atv.getValue();
        boolean isString = raw instanceof ASN1String;
        String value = isString ? ((ASN1String) raw).getString() : null;
        names.add(
            ObjectValue.builder()
                .put("Type", oid(atv.getType()))
                .put("Value", isString ? StringValue.of(value) : asn1(raw))
                .build());
        if (!isString) {
          continue;
        }
        switch (atv.getType().getId()) {
          case "2.5.4.3" -> common = value;
          case "2.5.4.5" -> serial = value;
          case "2.5.4.6" -> country.add(value);
          case "2.5.4.7" -> locality.add(value);
          case "2.5.4.8" -> province.add(value);
          case "2.5.4.9" -> street.add(value);
          case "2.5.4.10" -> organization.add(value);
          case "2.5.4.11" -> unit.add(value);
          case "2.5.4.17" -> postal.add(value);
          default -> {}
        }
      }
    }
    return ObjectValue.builder()
        .put("Country", strings(country))
        .put("Organization", strings(organization))
        .put("OrganizationalUnit", strings(unit))
        .put("Locality", strings(locality))
        .put("Province", strings(province))
        .put("StreetAddress", strings(street))
        .put("PostalCode", strings(postal))
        .put("SerialNumber", StringValue.of(serial))
        .put("CommonName", StringValue.of(common))
        .put("Names", names.isEmpty() ? NullValue.NULL : ArrayValue.of(names))
        .put("ExtraNames", NullValue.NULL)
        .build();
  }

  /** A non-string attribute value as Go's {@code asn1.Unmarshal} into {@code any} gives it. */
  private static Value asn1(ASN1Encodable v) {
    if (v instanceof org.bouncycastle.asn1.ASN1Integer i) {
      return NumberValue.of(i.getValue());
    }
    if (v instanceof org.bouncycastle.asn1.ASN1Boolean b) {
      return BooleanValue.of(b.isTrue());
    }
    if (v instanceof ASN1ObjectIdentifier o) {
      return oid(o);
    }
    try {
      return bytes(v.toASN1Primitive().getEncoded());
    } catch (java.io.IOException e) {
      return NullValue.NULL;
    }
  }

  /** Go's {@code url.URL} struct as JSON. */
  static Value url(GoUrl u) {
    return ObjectValue.builder()
        .put("Scheme", StringValue.of(u.scheme))
        .put("Opaque", StringValue.of(u.opaque))
        .put("User", u.hasUser ? ObjectValue.EMPTY : NullValue.NULL)
        .put("Host", StringValue.of(u.host))
        .put("Path", StringValue.of(u.path))
        .put("RawPath", StringValue.of(u.rawPath))
        .put("OmitHost", bool(u.omitHost))
        .put("ForceQuery", bool(u.forceQuery))
        .put("RawQuery", StringValue.of(u.rawQuery))
        .put("Fragment", StringValue.of(u.fragment))
        .put("RawFragment", StringValue.EMPTY)
        .build();
  }
}
