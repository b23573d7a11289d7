package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.failure;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static dev.weft.policy.rego.internal.builtins.B.typeError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The built-ins completed from OPA's catalogue, each with OPA's results and errors. */
class CatalogueBuiltinsTest {

  @Test
  void bitsWorkOnIntegersOfAnySize() throws Exception {
    assertThat(text("bits.and", "12", "10")).isEqualTo("8");
    assertThat(text("bits.or", "12", "10")).isEqualTo("14");
    assertThat(text("bits.xor", "12", "10")).isEqualTo("6");
    assertThat(text("bits.negate", "5")).isEqualTo("-6");
    assertThat(text("bits.lsh", "1", "70")).isEqualTo("1180591620717411303424");
    assertThat(text("bits.rsh", "-8", "1")).isEqualTo("-4");
    assertThat(typeError("bits.lsh", "1", "-1"))
        .isEqualTo("operand 2 must be an unsigned integer number but got a negative integer");
    assertThat(typeError("bits.and", "1.5", "1"))
        .isEqualTo("operand 1 must be integer number but got floating-point number");
    assertThat(failure("bits.lsh", "1", "100000000"))
        .isEqualTo("shift: 100000000 (expected: at most 1048576 bits for a non-zero number)");
  }

  @Test
  void deprecatedCastsAndSetDiffBehaveAsInV0() throws Exception {
    assertThat(text("cast_array", "[1]")).isEqualTo("[1]");
    assertThat(text("cast_set", "[1, 1, 2]")).isEqualTo("{1, 2}");
    assertThat(typeError("cast_string", "1")).isEqualTo("operand 1 must be string but got number");
    assertThat(typeError("cast_array", "\"x\""))
        .isEqualTo("operand 1 must be one of {array, set} but got string");
  }

  @Test
  void graphsAreWalkedFromTheInitialNodes() throws Exception {
    String graph = "{\"a\": [\"b\"], \"b\": [\"c\"], \"c\": [], \"d\": [\"a\"], \"e\": [\"e\"]}";
    assertThat(text("graph.reachable", graph, "[\"a\"]")).isEqualTo("{\"a\", \"b\", \"c\"}");
    assertThat(text("graph.reachable", graph, "[\"x\"]")).isEqualTo("set()");
    assertThat(text("graph.reachable_paths", graph, "[\"d\"]"))
        .isEqualTo("{[\"d\", \"a\", \"b\", \"c\"]}");
    assertThat(text("graph.reachable_paths", graph, "[\"e\"]")).isEqualTo("{[\"e\", \"e\"]}");
    assertThat(typeError("graph.reachable", graph, "\"a\""))
        .isEqualTo("operand 2 must be {array, set} but got string");
  }

  @Test
  void subsetsRecurseIntoObjectsButNotIntoSetsOrArrays() throws Exception {
    assertThat(
            text(
                "object.subset",
                "{\"a\": {\"b\": [1, 2, 3]}, \"c\": 1}",
                "{\"a\": {\"b\": [2, 3]}}"))
        .isEqualTo("true");
    assertThat(text("object.subset", "[1, 2, 3, 4]", "[2, 4]")).isEqualTo("false");
    assertThat(text("object.subset", "[1, 2, 3, 4]", "[2, 3]")).isEqualTo("true");
    assertThat(typeError("object.subset", "{}", "[]"))
        .isEqualTo("both arguments object.subset must be of the same type or array and set");
    assertThat(text("array.flatten", "[[1, 2], 3, [[4]]]")).isEqualTo("[1, 2, 3, [4]]");
  }

  @Test
  void semanticVersionsCompareAsTheSpecOrdersThem() throws Exception {
    assertThat(text("semver.compare", "\"1.0.0-alpha.1\"", "\"1.0.0-alpha.beta\"")).isEqualTo("-1");
    assertThat(text("semver.compare", "\"v2.0.0\"", "\"1.9.9+build\"")).isEqualTo("1");
    assertThat(text("semver.compare", "\"1.0.0\"", "\"1.0.0-rc.1\"")).isEqualTo("1");
    assertThat(text("semver.is_valid", "\"1.2\"")).isEqualTo("false");
    assertThat(text("semver.is_valid", "1")).isEqualTo("false");
    assertThat(failure("semver.compare", "\"1.2\"", "\"1.2.3\""))
        .isEqualTo("operand 1: string \"1.2\" is not a valid SemVer");
  }

  @Test
  void uuidsAreRandomPerKeyAndParseToTheirFields() throws Exception {
    TestContext ctx = new TestContext(B.NOW);
    var first = B.call(ctx, "uuid.rfc4122", B.s("k"));
    assertThat(B.call(ctx, "uuid.rfc4122", B.s("k"))).isEqualTo(first);
    assertThat(B.call(ctx, "uuid.rfc4122", B.s("other"))).isNotEqualTo(first);
    assertThat(first.toString())
        .matches("\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}" + "-[0-9a-f]{12}\"");
    assertThat(text("uuid.parse", "\"c0a8011b-3b6a-11ec-8d3d-0242ac130003\""))
        .isEqualTo(
            "{\"clocksequence\": 3389, \"macvariables\": \"local:unicast\", "
                + "\"nodeid\": \"02-42-ac-13-00-03\", \"time\": 1635809022645071500, "
                + "\"variant\": \"RFC4122\", \"version\": 1}");
    assertThat(text("uuid.parse", "\"{6ba7b810-9dad-41d1-80b4-00c04fd430c8}\""))
        .isEqualTo("{\"variant\": \"RFC4122\", \"version\": 4}");
    assertThat(text("uuid.parse", "\"not-a-uuid\"")).isEqualTo("undefined");
  }

  @Test
  void cidrsExpandMergeAndMatch() throws Exception {
    assertThat(text("net.cidr_expand", "\"192.168.1.0/30\""))
        .isEqualTo("{\"192.168.1.0\", \"192.168.1.1\", \"192.168.1.2\", \"192.168.1.3\"}");
    assertThat(text("net.cidr_expand", "\"2001:db8::/126\""))
        .isEqualTo("{\"2001:db8::\", \"2001:db8::1\", \"2001:db8::2\", \"2001:db8::3\"}");
    assertThat(failure("net.cidr_expand", "\"10.0.0.0/8\""))
        .isEqualTo("net.cidr_expand: 10.0.0.0/8 has 2^24 addresses (expected: at most 1048576)");
    assertThat(text("net.cidr_merge", "[\"192.0.128.0/24\", \"192.0.129.0/24\"]"))
        .isEqualTo("{\"192.0.128.0/23\"}");
    assertThat(text("net.cidr_merge", "[\"10.1.2.3\", \"172.16.0.0/24\"]"))
        .isEqualTo("{\"10.1.2.3/8\", \"172.16.0.0/24\"}");
    assertThat(text("net.cidr_merge", "[\"10.0.0.0/24\", \"10.0.0.5\", \"10.0.1.0/24\"]"))
        .isEqualTo("{\"10.0.0.0/8\"}");
    assertThat(text("net.cidr_merge", "[\"2001:db8::/33\", \"2001:db8:8000::/33\"]"))
        .isEqualTo("{\"2001:db8::/32\"}");
    assertThat(failure("net.cidr_merge", "[\"::1\"]"))
        .isEqualTo("IPv6 invalid: needs prefix length");
    assertThat(
            text(
                "net.cidr_contains_matches",
                "{\"lan\": \"10.0.0.0/8\"}",
                "[\"10.1.1.1\", \"11.0.0.1\"]"))
        .isEqualTo("{[\"lan\", 0]}");
    assertThat(failure("net.cidr_contains_matches", "[[]]", "\"10.0.0.1\""))
        .isEqualTo("operand 1: element must be string or non-empty array");
    assertThat(text("net.cidr_overlap", "\"10.0.0.0/8\"", "\"10.1.0.0/16\"")).isEqualTo("true");
  }

  @Test
  void urisParseAsGoParsesThem() throws Exception {
    assertThat(text("uri.parse", "\"https://u:p@example.com:8443/a%20b?x=1#f\""))
        .isEqualTo(
            "{\"fragment\": \"f\", \"hostname\": \"example.com\", \"path\": \"/a b\", \"port\": "
                + "\"8443\", \"raw_path\": \"/a b\", \"raw_query\": \"x=1\", \"scheme\": \"https\"}");
    assertThat(text("uri.parse", "\"/a%2Fb\""))
        .isEqualTo("{\"path\": \"/a/b\", \"raw_path\": \"/a%2Fb\"}");
    assertThat(failure("uri.parse", "\"https://h:3a9\""))
        .isEqualTo("parse \"https://h:3a9\": invalid port \":3a9\" after host");
    assertThat(text("uri.is_valid", "\"\"")).isEqualTo("false");
    assertThat(text("uri.is_valid", "\":nope\"")).isEqualTo("false");
    assertThat(text("urlquery.encode_object", "{\"b\": [\"x y\", \"z\"], \"a\": \"&\"}"))
        .isEqualTo("\"a=%26&b=x+y&b=z\"");
    assertThat(text("urlquery.decode_object", "\"a=1&a=2&b=%20\""))
        .isEqualTo("{\"a\": [\"1\", \"2\"], \"b\": [\" \"]}");
    assertThat(failure("urlquery.decode_object", "\"a=1;b=2\""))
        .isEqualTo("invalid semicolon separator in query");
    assertThat(typeError("urlquery.encode_object", "{\"a\": 1}"))
        .isEqualTo("operand 1 values must be string, array[string], or set[string]");
  }

  @Test
  void stringsSplitAtMostNTimes() throws Exception {
    assertThat(text("strings.split_n", "\"a,b,c\"", "\",\"", "2")).isEqualTo("[\"a\", \"b,c\"]");
    assertThat(text("strings.split_n", "\"a,b,c\"", "\",\"", "-1"))
        .isEqualTo("[\"a\", \"b\", \"c\"]");
    assertThat(text("strings.split_n", "\"abc\"", "\"\"", "2")).isEqualTo("[\"a\", \"bc\"]");
    assertThat(text("strings.split_n", "\"abc\"", "\",\"", "0")).isEqualTo("[]");
  }

  @Test
  void timesFormatWithGoLayouts() throws Exception {
    assertThat(text("time.format", "1496430000000000000")).isEqualTo("\"2017-06-02T19:00:00Z\"");
    assertThat(
            text(
                "time.format",
                "[1496430000123000000, \"America/New_York\", "
                    + "\"Mon Jan _2 15:04:05.000 MST 2006\"]"))
        .isEqualTo("\"Fri Jun  2 15:00:00.123 EDT 2017\"");
    assertThat(text("time.format", "[1496430000000000000, \"UTC\", \"RFC1123Z\"]"))
        .isEqualTo("\"Fri, 02 Jun 2017 19:00:00 +0000\"");
  }

  @Test
  void unitsParseAsExactQuantities() throws Exception {
    assertThat(text("units.parse", "\"500m\"")).isEqualTo("0.5000000000");
    assertThat(text("units.parse", "\"2Gi\"")).isEqualTo("2147483648");
    assertThat(text("units.parse", "\"1.5k\"")).isEqualTo("1500");
    assertThat(text("units.parse", "\"1e3\"")).isEqualTo("1000");
    assertThat(failure("units.parse", "\"1 k\""))
        .isEqualTo("units.parse: spaces not allowed in resource strings");
    assertThat(failure("units.parse", "\"1xb\"")).isEqualTo("units.parse: unit xb not recognized");
    assertThat(failure("units.parse", "\"k\"")).isEqualTo("units.parse: no amount provided");
  }

  @Test
  void digestsAndMacsAreLowerCaseHex() throws Exception {
    assertThat(text("crypto.sha256", "\"abc\""))
        .isEqualTo("\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
    assertThat(text("crypto.md5", "\"\"")).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    assertThat(text("crypto.sha1", "\"abc\""))
        .isEqualTo("\"a9993e364706816aba3e25717850c26c9cd0d89d\"");
    assertThat(
            text(
                "crypto.hmac.sha256", "\"The quick brown fox jumps over the lazy dog\"", "\"key\""))
        .isEqualTo("\"f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8\"");
    assertThat(text("crypto.hmac.sha256", "\"msg\"", "\"\""))
        .isEqualTo("\"5f576a8d68fe4fb7eb823227246353c0870c3b0e878997341db1226b4bd88d61\"");
    assertThat(text("crypto.hmac.equal", "\"a\"", "\"b\"")).isEqualTo("false");
  }

  @Test
  void jsonPatchesApplyInOrderAndAFailureIsUndefined() throws Exception {
    assertThat(
            text(
                "json.patch",
                "{\"a\": {\"b\": [1, 2]}}",
                "[{\"op\": \"add\", \"path\": "
                    + "\"/a/b/-\", \"value\": 3}, {\"op\": \"move\", \"from\": \"/a/b\", \"path\": \"/c\"}, "
                    + "{\"op\": \"test\", \"path\": \"/c/2\", \"value\": 3}]"))
        .isEqualTo("{\"a\": {}, \"c\": [1, 2, 3]}");
    assertThat(
            text(
                "json.patch",
                "{\"a\": 1}",
                "[{\"op\": \"replace\", \"path\": [\"b\"], " + "\"value\": 2}]"))
        .isEqualTo("undefined");
    assertThat(text("json.patch", "{\"a~b\": 1}", "[{\"op\": \"remove\", \"path\": \"/a~0b\"}]"))
        .isEqualTo("{}");
  }

  @Test
  void jsonMarshalsIndentedOnRequest() throws Exception {
    assertThat(
            text(
                "json.marshal_with_options",
                "{\"a\": [1, {}], \"b\": []}",
                "{\"indent\": \"  \", \"prefix\": \"> \"}"))
        .isEqualTo(
            "\"> {\\n>   \\\"a\\\": [\\n>     1,\\n>     {}\\n>   ],\\n>   \\\"b\\\": []\\n> }\"");
    assertThat(text("json.marshal_with_options", "[1]", "{\"pretty\": false, \"indent\": \"x\"}"))
        .isEqualTo("\"[1]\"");
    assertThat(typeError("json.marshal_with_options", "1", "{\"pretty\": 1}"))
        .isEqualTo("operand 2 must be boolean but got number");
    assertThat(typeError("json.marshal_with_options", "1", "{\"x\": 1}"))
        .isEqualTo("operand 2 object contained unknown key \"x\"");
  }

  @Test
  void randomIntegersAreStablePerQueryAndTraceAndRuntimeAnswer() throws Exception {
    TestContext ctx = new TestContext(B.NOW);
    var n = B.call(ctx, "rand.intn", B.s("a"), B.n("1000000"));
    assertThat(B.call(ctx, "rand.intn", B.s("a"), B.n("-1000000"))).isEqualTo(n);
    assertThat(text("rand.intn", "\"x\"", "0")).isEqualTo("0");
    assertThat(text("trace", "\"note\"")).isEqualTo("true");
    assertThat(text("opa.runtime")).isEqualTo("{}");
  }

  @Test
  void awsRequestsAreSignedWithSignatureVersion4() throws Exception {
    // AWS's own example (Signature Version 4, "GET https://iam.amazonaws.com/?Action=ListUsers").
    String signed =
        text(
            "providers.aws.sign_req",
            "{\"method\": \"GET\", \"url\": \"https://iam.amazonaws.com/?Action=ListUsers&Version="
                + "2010-05-08\", \"headers\": {\"content-type\": \"application/x-www-form-urlencoded;"
                + " charset=utf-8\"}}",
            "{\"aws_service\": \"iam\", \"aws_access_key\": \"AKIDEXAMPLE\", \"aws_secret_access_key\""
                + ": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", \"aws_region\": \"us-east-1\"}",
            "1440938160000000000");
    assertThat(signed)
        .contains(
            "\"Authorization\": \"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
                + "20150830/us-east-1/iam/aws4_request,SignedHeaders=content-type;host;x-amz-date,"
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\"");
    assertThat(signed).contains("\"x-amz-date\": \"20150830T123600Z\"");
    assertThat(
            typeError(
                "providers.aws.sign_req",
                "{\"method\": \"GET\", \"url\": \"x\"}",
                "{\"aws_service\": \"s3\"}",
                "0"))
        .isEqualTo(
            "operand 2 missing required AWS config "
                + "parameters(s): {\"aws_access_key\", \"aws_region\", \"aws_secret_access_key\"}");
  }
}
