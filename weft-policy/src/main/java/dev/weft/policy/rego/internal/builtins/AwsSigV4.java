package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code providers.aws.sign_req(request, config, time_ns)}: the request object of {@code http.send}
 * with AWS Signature Version 4 headers added ({@code Authorization}, {@code host}, {@code
 * x-amz-date}, and {@code x-amz-content-sha256} for S3 and Glacier, {@code x-amz-security-token}
 * with a session token), signed at the given time. No network access.
 */
final class AwsSigV4 {

  private static final List<String> REQUIRED =
      List.of("aws_service", "aws_access_key", "aws_secret_access_key", "aws_region");
  private static final Set<String> IGNORED =
      Set.of("authorization", "user-agent", "x-amzn-trace-id");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AwsSigV4() {}

  static Builtin builtin() {
    return Fn.of3("providers.aws.sign_req", AwsSigV4::sign);
  }

  private static String str(ObjectValue o, String key) {
    return o.get(key) instanceof StringValue s ? s.value() : "";
  }

  private static Value sign(Value a, Value b, Value c) throws BuiltinException {
    ObjectValue req = Operands.object(a, 1);
    ObjectValue config = Operands.object(b, 1);
    Set<Value> missing = new LinkedHashSet<>();
    Set<Value> invalid = new LinkedHashSet<>();
    for (String k : REQUIRED) {
      Value v = config.get(k);
      if (v == null) {
        missing.add(StringValue.of(k));
      } else if (!(v instanceof StringValue)) {
        invalid.add(StringValue.of(k));
      }
    }
    if (!missing.isEmpty()) {
      throw Operands.operandError(
          2, "missing required AWS config parameters(s): " + SetValue.of(missing));
    }
    if (!invalid.isEmpty()) {
      throw Operands.operandError(
          2, "invalid values for required AWS config parameters(s): " + SetValue.of(invalid));
    }
    NumberValue t = Operands.number(c, 1);
    if (!t.isLong()) {
      throw Operands.operandError(3, "could not convert time_ns value into a unix timestamp");
    }
    for (String required : List.of("method", "url")) {
      if (req.get(required) == null) {
        throw Operands.operandError(
            1, "missing required request parameters(s): {\"" + required + "\"}");
      }
    }
    ObjectValue headers = ObjectValue.EMPTY;
    if (req.get("headers") != null) {
      if (!(req.get("headers") instanceof ObjectValue h)) {
        throw Operands.type(0, req.get("headers"), "object");
      }
      headers = h;
    }
    Set<Value> badParams = new LinkedHashSet<>();
    if (!(req.get("url") instanceof StringValue)) {
      badParams.add(StringValue.of("url"));
    }
    if (!(req.get("method") instanceof StringValue)) {
      badParams.add(StringValue.of("method"));
    }
    if (!badParams.isEmpty()) {
      throw Operands.operandError(
          1, "invalid values for required request parameters(s): " + SetValue.of(badParams));
    }
    GoUrl url = GoUrl.parse(str(req, "url"));
    byte[] body = body(req);
    boolean unsigned = false;
    Value dps = config.get("disable_payload_signing");
    if (dps != null) {
      if (!(dps instanceof BooleanValue bv)) {
        throw Operands.operandError(2, "invalid value for 'disable_payload_signing' in AWS config");
      }
      unsigned = bv == BooleanValue.TRUE;
    }
    Instant at =
        Instant.ofEpochSecond(
            Math.floorDiv(t.longValue(), 1_000_000_000L),
            Math.floorMod(t.longValue(), 1_000_000_000L));
    return signed(req, headers, str(req, "method"), url, body, config, at, unsigned);
  }

  private static byte[] body(ObjectValue req) throws BuiltinException {
    if (req.get("raw_body") != null) {
      return str(req, "raw_body").getBytes(StandardCharsets.UTF_8);
    }
    if (req.get("body") != null) {
      return GoJsonWriter.write(req.get("body")).getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }

  private static Value signed(
      ObjectValue req,
      ObjectValue headers,
      String method,
      GoUrl url,
      byte[] body,
      ObjectValue config,
      Instant at,
      boolean unsigned)
      throws BuiltinException {
    String service = str(config, "aws_service");
    String region = str(config, "aws_region");
    String session = str(config, "aws_session_token");
    String payload = unsigned ? "UNSIGNED-PAYLOAD" : hex(sha256(body));
    String date = DATE.format(at);
    String stamp = STAMP.format(at);
    Map<String, String> aws = new TreeMap<>();
    aws.put("host", url.host);
    aws.put("x-amz-date", stamp);
    if (service.equals("s3") || service.equals("glacier")) {
      aws.put("x-amz-content-sha256", payload);
    }
    if (!session.isEmpty()) {
      aws.put("x-amz-security-token", session);
    }
    TreeMap<String, String> toSign = new TreeMap<>(aws);
    Map<String, String> original = new TreeMap<>();
    for (Map.Entry<Value, Value> e : headers.entrySet()) {
      String k = e.getKey() instanceof StringValue s ? s.value() : "";
      String v = e.getValue() instanceof StringValue s ? s.value() : "";
      original.put(k, v);
      String lower = k.toLowerCase(java.util.Locale.ROOT);
      if (!IGNORED.contains(lower)) {
        toSign.put(lower, v);
      }
    }
    StringBuilder canonical =
        new StringBuilder(method)
            .append('\n')
            .append(GoUrl.escapePath(url))
            .append('\n')
            .append(url.rawQuery)
            .append('\n');
    toSign.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    canonical.append('\n');
    String signedHeaders = String.join(";", toSign.keySet());
    canonical.append(signedHeaders).append('\n').append(payload);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSignText =
        "AWS4-HMAC-SHA256\n"
            + stamp
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key =
        mac(("AWS4" + str(config, "aws_secret_access_key")).getBytes(StandardCharsets.UTF_8), date);
    key = mac(key, region);
    key = mac(key, service);
    key = mac(key, "aws4_request");
    String signature = hex(mac(key, toSignText));
    String auth =
        "AWS4-HMAC-SHA256 Credential="
            + str(config, "aws_access_key")
            + "/"
            + scope
            + ",SignedHeaders="
            + signedHeaders
            + ",Signature="
            + signature;
    ObjectValue.Builder hs = ObjectValue.builder();
    original.forEach((k, v) -> hs.put(k, StringValue.of(v)));
    hs.put("Authorization", StringValue.of(auth));
    aws.forEach((k, v) -> hs.put(k, StringValue.of(v)));
    ObjectValue.Builder out = ObjectValue.builder();
    for (Map.Entry<Value, Value> e : req.entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    return out.put("headers", hs.build()).build();
  }

  private static byte[] sha256(byte[] b) throws BuiltinException {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw BuiltinException.failure("SHA-256 is not available: " + e.getMessage());
    }
  }

  private static byte[] mac(byte[] key, String message) throws BuiltinException {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return m.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw BuiltinException.failure("HMAC-SHA256 is not available: " + e.getMessage());
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
