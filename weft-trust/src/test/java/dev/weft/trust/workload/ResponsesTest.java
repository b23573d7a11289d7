package dev.weft.trust.workload;

import static dev.weft.trust.workload.TestPki.OTHER;
import static dev.weft.trust.workload.TestPki.OWN;
import static dev.weft.trust.workload.TestPki.PARTNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.trust.workload.WorkloadIdentities.Identity;
import io.grpc.Status;
import io.grpc.StatusException;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponsesTest {
  private final TestPki pki = new TestPki();
  private final Identity caller =
      TestPki.identity(
          "e1", pki.svid("/w"), Set.of(TestPki.thisUid()), Set.of(PARTNER, OTHER, OWN), "");

  @Test
  void claimsBecomeAStructWithNestedValues() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("s", "text");
    claims.put("n", 1.5);
    claims.put("b", false);
    claims.put("nothing", null);
    claims.put("iat", new Date(1_700_000_000_000L));
    claims.put("array", new Object[] {1L, null});
    claims.put("map", Map.of("list", List.of(Map.of("deep", "yes"))));

    Struct struct = Responses.struct(claims);

    var fields = struct.getFieldsMap();
    assertThat(fields.get("s").getStringValue()).isEqualTo("text");
    assertThat(fields.get("n").getNumberValue()).isEqualTo(1.5);
    assertThat(fields.get("b").hasBoolValue()).isTrue();
    assertThat(fields.get("b").getBoolValue()).isFalse();
    assertThat(fields.get("nothing").getNullValue()).isEqualTo(NullValue.NULL_VALUE);
    assertThat(fields.get("iat").getNumberValue()).isEqualTo(1_700_000_000.0);
    assertThat(fields.get("array").getListValue().getValuesList())
        .isEqualTo(
            Arrays.asList(
                Value.newBuilder().setNumberValue(1).build(),
                Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()));
    assertThat(
            fields
                .get("map")
                .getStructValue()
                .getFieldsMap()
                .get("list")
                .getListValue()
                .getValues(0)
                .getStructValue()
                .getFieldsMap()
                .get("deep")
                .getStringValue())
        .isEqualTo("yes");
  }

  @Test
  void x509ResponsesLeaveOutFederatedBundlesWithoutX509AuthoritiesButJwtOnesKeepThem()
      throws StatusException {
    BundleSet bundles =
        BundleSet.of(
            pki.ownBundle(),
            pki.partnerBundle(),
            TrustBundle.ofJwt(OTHER, Map.of("k", pki.otherJwtKey.getPublic())));

    assertThat(Responses.x509Svids(OWN, List.of(caller), bundles).getFederatedBundlesMap())
        .containsOnlyKeys("spiffe://partner.org");
    assertThat(Responses.x509Bundles(OWN, List.of(caller), bundles).getBundlesMap())
        .containsOnlyKeys("spiffe://example.org", "spiffe://partner.org");
    assertThat(Responses.jwtBundles(OWN, List.of(caller), bundles).getBundlesMap())
        .containsOnlyKeys("spiffe://example.org", "spiffe://partner.org", "spiffe://other.org");
  }

  @Test
  void federatingWithAnUnknownDomainAddsNothing() throws StatusException {
    BundleSet bundles = BundleSet.of(pki.ownBundle());
    assertThat(Responses.visibleBundles(OWN, List.of(caller), bundles)).isEqualTo(bundles);
  }

  @Test
  void withoutTheOwnBundleNothingIsServed() {
    BundleSet bundles = BundleSet.of(pki.partnerBundle());
    assertThatThrownBy(() -> Responses.x509Svids(OWN, List.of(caller), bundles))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("trust bundle of example.org is not available yet");
            });
  }

  @Test
  void withoutIdentitiesNothingIsServed() {
    assertThatThrownBy(() -> Responses.jwtBundles(OWN, List.of(), pki.allBundles()))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).isEqualTo("no identity issued");
            });
  }
}
