package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code crypto.x509.parse_certificates parse_and_verify_certificates
 * parse_and_verify_certificates_with_options parse_certificate_request parse_keypair
 * parse_rsa_private_key} and {@code crypto.parse_private_keys}: PEM, base64 PEM or base64 DER
 * input, Go's {@code crypto/x509} structures as JSON ({@link GoX509Cert}), chains verified as Go's
 * {@code Certificate.Verify} does ({@link X509Chains}).
 */
final class X509Builtins {

  private X509Builtins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1(
            "crypto.x509.parse_certificates", a -> certsJson(parse(Operands.string(a, 1)), true)),
        new Fn(
            "crypto.x509.parse_and_verify_certificates",
            1,
            (ctx, args) -> verify(ctx, args[0], null)),
        new Fn(
            "crypto.x509.parse_and_verify_certificates_with_options",
            2,
            (ctx, args) -> verify(ctx, args[0], args[1])),
        Fn.of1("crypto.x509.parse_certificate_request", X509Requests::parse),
        Fn.of2("crypto.x509.parse_keypair", X509Builtins::keypair),
        Fn.of1("crypto.x509.parse_rsa_private_key", X509Builtins::rsaPrivateKey),
        Fn.of1("crypto.parse_private_keys", X509Builtins::privateKeys));
  }

  static Value certsJson(List<X509Certificate> certs, boolean uriStrings) throws BuiltinException {
    List<Value> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      out.add(GoX509Cert.json(c, uriStrings));
    }
    return ArrayValue.of(out);
  }

  /** OPA's {@code getX509CertsFromString}. */
  static List<X509Certificate> parse(String input) throws BuiltinException {
    byte[] der;
    if (input.startsWith("-----BEGIN")) {
      der = pemCerts(input);
    } else {
      byte[] decoded = GoBase64.decodeStd(input);
      String text = new String(decoded, StandardCharsets.ISO_8859_1);
      der = text.startsWith("-----BEGIN") ? pemCerts(text) : decoded;
    }
    return derCerts(der);
  }

  private static byte[] pemCerts(String pem) throws BuiltinException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String rest = pem;
    while (!rest.isEmpty()) {
      Pem.Decoded d = Pem.decode(rest);
      if (d.block() == null) {
        break;
      }
      if (!d.block().type().equals("CERTIFICATE")) {
        throw BuiltinException.failure(
            "PEM block type is '" + d.block().type() + "', expected CERTIFICATE");
      }
      out.writeBytes(d.block().bytes());
      rest = d.rest();
    }
    return out.toByteArray();
  }

  /** Go's {@code x509.ParseCertificates}: concatenated DER certificates. */
  static List<X509Certificate> derCerts(byte[] der) throws BuiltinException {
    List<X509Certificate> out = new ArrayList<>();
    ByteArrayInputStream in = new ByteArrayInputStream(der);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      while (in.available() > 0) {
        out.add((X509Certificate) cf.generateCertificate(in));
      }
    } catch (CertificateException | RuntimeException e) {
      throw BuiltinException.failure("x509: malformed certificate");
    }
    return out;
  }

  private static Value verify(BuiltinContext ctx, Value input, Value options)
      throws BuiltinException {
    String text = Operands.string(input, 1);
    ObjectValue opts = options == null ? ObjectValue.EMPTY : Operands.object(options, 2);
    Value unverified = ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
    List<X509Certificate> certs;
    try {
      certs = parse(text);
    } catch (BuiltinException e) {
      return unverified;
    }
    X509Chains.Options o = options(opts, ctx.nowNanos());
    List<X509Certificate> chain = X509Chains.verify(certs, o);
    if (chain == null) {
      return unverified;
    }
    return ArrayValue.of(BooleanValue.TRUE, certsJson(chain, options == null));
  }

  private static final Map<String, Integer> KEY_USAGES =
      Map.ofEntries(
          Map.entry("KeyUsageAny", 0),
          Map.entry("KeyUsageServerAuth", 1),
          Map.entry("KeyUsageClientAuth", 2),
          Map.entry("KeyUsageCodeSigning", 3),
          Map.entry("KeyUsageEmailProtection", 4),
          Map.entry("KeyUsageIPSECEndSystem", 5),
          Map.entry("KeyUsageIPSECTunnel", 6),
          Map.entry("KeyUsageIPSECUser", 7),
          Map.entry("KeyUsageTimeStamping", 8),
          Map.entry("KeyUsageOCSPSigning", 9),
          Map.entry("KeyUsageMicrosoftServerGatedCrypto", 10),
          Map.entry("KeyUsageNetscapeServerGatedCrypto", 11),
          Map.entry("KeyUsageMicrosoftCommercialCodeSigning", 12),
          Map.entry("KeyUsageMicrosoftKernelCodeSigning", 13));

  /** OPA's {@code extractVerifyOpts}. */
  private static X509Chains.Options options(ObjectValue opts, long nowNanos)
      throws BuiltinException {
    String dns = "";
    long time = nowNanos;
    List<Integer> usages = new ArrayList<>();
    for (Value key : opts.sortedKeys()) {
      if (!(key instanceof StringValue k)) {
        continue;
      }
      Value v = opts.get(key);
      switch (k.value()) {
        case "DNSName" -> {
          if (!(v instanceof StringValue s)) {
            throw BuiltinException.failure("'DNSName' should be a string");
          }
          dns = s.value().replaceAll("^\"+|\"+$", "");
        }
        case "CurrentTime" -> {
          if (!(v instanceof NumberValue n)) {
            throw BuiltinException.failure("'CurrentTime' should be a number");
          }
          if (!n.isLong()) {
            throw BuiltinException.failure("'CurrentTime' should be a valid int64 number");
          }
          time = n.longValue();
        }
        case "MaxConstraintComparisons" -> {
          if (!(v instanceof NumberValue n)) {
            throw BuiltinException.failure("'MaxConstraintComparisons' should be a number");
          }
          if (n.intValueExact() == null) {
            throw BuiltinException.failure("'MaxConstraintComparisons' should be a valid number");
          }
        }
        case "KeyUsages" -> {
          if (!(v instanceof ArrayValue) && !(v instanceof SetValue)) {
            throw BuiltinException.failure("'KeyUsages' should be an Array or Set");
          }
          List<String> invalid = new ArrayList<>();
          for (Value u : Operands.elements(v)) {
            if (u instanceof StringValue s) {
              String name = s.value().replaceAll("^\"+|\"+$", "");
              Integer known = KEY_USAGES.get(name);
              if (known == null) {
                invalid.add(name);
              } else {
                usages.add(known);
              }
            }
          }
          if (!invalid.isEmpty()) {
            throw BuiltinException.failure(
                "invalid entries for 'KeyUsages' found: [" + String.join(" ", invalid) + "]");
          }
        }
        default -> throw BuiltinException.failure("invalid key option");
      }
    }
    return new X509Chains.Options(dns, time, usages);
  }

  private static Value keypair(Value a, Value b) throws BuiltinException {
    String certText = Operands.string(a, 1);
    String keyText = Operands.string(b, 1);
    if (!certText.startsWith("-----BEGIN ")) {
      byte[] der = GoBase64.decodeStd(certText);
      certText = new String(der, StandardCharsets.ISO_8859_1);
      if (!certText.startsWith("-----BEGIN ")) {
        certText = Pem.encode("CERTIFICATE", der);
      }
    }
    if (!keyText.startsWith("-----BEGIN ")) {
      byte[] der = GoBase64.decodeStd(keyText);
      keyText = new String(der, StandardCharsets.ISO_8859_1);
      if (!keyText.startsWith("-----BEGIN")) {
        keyText = Pem.encode("PRIVATE KEY", der);
      }
    }
    List<Value> ders = new ArrayList<>();
    List<X509Certificate> certs = new ArrayList<>();
    String rest = certText;
    boolean sawBlock = false;
    while (true) {
      Pem.Decoded d = Pem.decode(rest);
      if (d.block() == null) {
        break;
      }
      sawBlock = true;
      if (d.block().type().equals("CERTIFICATE")) {
        ders.add(GoX509Json.bytes(d.block().bytes()));
        certs.addAll(derCerts(d.block().bytes()));
      }
      rest = d.rest();
    }
    if (certs.isEmpty()) {
      throw BuiltinException.failure(
          sawBlock
              ? "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping"
                  + " PEM blocks of the following types: [...]"
              : "tls: failed to find any PEM data in certificate input");
    }
    GoKeys.Parsed key = null;
    rest = keyText;
    while (key == null) {
      Pem.Decoded d = Pem.decode(rest);
      if (d.block() == null) {
        throw BuiltinException.failure("tls: failed to find any PEM data in key input");
      }
      String type = d.block().type();
      if (type.equals("PRIVATE KEY") || type.endsWith(" PRIVATE KEY")) {
        key = GoKeys.parse(type, d.block().bytes());
      } else if (type.equals("CERTIFICATE")) {
        throw BuiltinException.failure(
            "tls: found a certificate rather than a key in the PEM for the private key");
      }
      rest = d.rest();
    }
    if (!GoKeys.matches(key, certs.getFirst().getPublicKey())) {
      throw BuiltinException.failure("tls: private key does not match public key");
    }
    return ObjectValue.builder()
        .put("Certificate", ArrayValue.of(ders))
        .put("PrivateKey", GoKeys.json(key))
        .put("SupportedSignatureAlgorithms", NullValue.NULL)
        .put("OCSPStaple", NullValue.NULL)
        .put("SignedCertificateTimestamps", NullValue.NULL)
        .put("Leaf", GoX509Cert.json(certs.getFirst(), false))
        .build();
  }

  /** OPA's {@code getPrivateKeysFromPEMData}: every RSA, EC and PKCS #8 key, others skipped. */
  private static List<GoKeys.Parsed> keys(String pem) throws BuiltinException {
    String text = pem;
    try {
      text = new String(GoBase64.decodeStd(pem), StandardCharsets.ISO_8859_1);
    } catch (BuiltinException e) {
      // not base64: PEM as given
    }
    List<GoKeys.Parsed> out = new ArrayList<>();
    String rest = text;
    while (!rest.isEmpty()) {
      Pem.Decoded d = Pem.decode(rest);
      if (d.block() == null) {
        break;
      }
      switch (d.block().type()) {
        case "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY" ->
            out.add(GoKeys.parse(d.block().type(), d.block().bytes()));
        default -> {}
      }
      rest = d.rest();
    }
    return out;
  }

  private static Value rsaPrivateKey(Value a) throws BuiltinException {
    String pem = Operands.string(a, 1);
    if (pem.isEmpty()) {
      throw BuiltinException.failure("input PEM data was empty");
    }
    if (!pem.startsWith("-----BEGIN")) {
      pem = new String(GoBase64.decodeStd(pem), StandardCharsets.ISO_8859_1);
    }
    List<GoKeys.Parsed> keys = keys(pem);
    return keys.isEmpty() ? NullValue.NULL : GoKeys.jwk(keys.getFirst());
  }

  private static Value privateKeys(Value a) throws BuiltinException {
    String pem = Operands.string(a, 1);
    if (pem.isEmpty()) {
      return NullValue.NULL;
    }
    List<Value> out = new ArrayList<>();
    for (GoKeys.Parsed k : keys(pem)) {
      out.add(GoKeys.json(k));
    }
    return ArrayValue.of(out);
  }
}
