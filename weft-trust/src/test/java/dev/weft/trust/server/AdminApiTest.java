package dev.weft.trust.server;

import static dev.weft.trust.server.TrustPlane.TD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.DeleteBundleRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.GenerateJoinTokenRequest;
import dev.weft.proto.trust.v1.GetEntryRequest;
import dev.weft.proto.trust.v1.ListAgentsRequest;
import dev.weft.proto.trust.v1.ListBundlesRequest;
import dev.weft.proto.trust.v1.ListBundlesResponse;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.ListEntriesResponse;
import dev.weft.proto.trust.v1.SetBundleRequest;
import dev.weft.proto.trust.v1.UpdateEntryRequest;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over its real unix socket: bad changes are refused whole, with the field named. */
class AdminApiTest {
  private static final TrustDomain PARTNER = TrustDomain.parse("partner.org");

  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;
  private Entry web;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startServer(clock);
    web = plane.createEntry(entry("/web").build());
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void theSocketIsOwnerOnly() throws Exception {
    assertThat(Files.getPosixFilePermissions(plane.server().adminSocket()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void anEntryBreakingSeveralRulesIsRefusedWholeNamingEachField() {
    ListEntriesResponse before = entries();

    assertInvalid(
        () ->
            plane.createEntry(
                Entry.newBuilder()
                    .setSpiffeId("spiffe://other.org/web")
                    .setParentId(TD.idString() + "/agent")
                    .addDnsNames("web_1.example.org")
                    .build()),
        "entry.spiffe_id: spiffe://other.org/web (expected: a SPIFFE ID in trust domain example.org); "
            + "entry.selectors: [] (expected: at least one selector, such as unix:uid:1000); "
            + "entry.dns_names[0]: \"web_1.example.org\" (expected: an RFC 1123 host name such as"
            + " web.example.org, optionally starting with \"*.\")");
    assertInvalid(
        () -> plane.createEntry(entry("/db").setParentId("").addSelectors("uid").build()),
        "entry.parent_id: missing (expected: a SPIFFE ID such as spiffe://example.org/web); "
            + "entry.selectors: selector: \"uid\" (expected: type:value, for example unix:uid:1000)");
    assertInvalid(
        () -> plane.createEntry(entry("/db").setX509SvidTtlSeconds(-1).build()),
        "entry.x509_svid_ttl: -1s (expected: >= 0)");
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void entriesCannotTakeTheServersOrAnAgentsId() {
    ListEntriesResponse before = entries();

    for (String reserved :
        List.of("/weft/server", "/weft/agent/local", "/weft/agent/join_token/1234")) {
      assertInvalid(
          () -> plane.createEntry(entry(reserved).build()),
          "entry.spiffe_id: spiffe://example.org"
              + reserved
              + " (expected: not an ID reserved to the"
              + " trust server (spiffe://example.org/weft/server) or its agents"
              + " (spiffe://example.org/weft/agent/...))");
    }
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void anEntryWithMoreDnsNamesThanTheCaSignsIsRefused() {
    ListEntriesResponse before = entries();
    Entry.Builder many = entry("/many");
    for (int i = 0; i <= 100; i++) {
      many.addDnsNames("host" + i + ".example.org");
    }

    assertInvalid(
        () -> plane.createEntry(many.build()),
        "entry.dns_names: 101 names (expected: at most 100)");
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void joinTokensAreOnlyForAgentIds() {
    var agents = plane.admin().listAgents(ListAgentsRequest.getDefaultInstance());
    for (String id :
        List.of(
            "spiffe://example.org/web",
            "spiffe://example.org/weft/server",
            "spiffe://example.org/weft/agent")) {
      assertInvalid(
          () ->
              plane
                  .admin()
                  .generateJoinToken(GenerateJoinTokenRequest.newBuilder().setSpiffeId(id).build()),
          "spiffe_id: " + id + " (expected: an agent ID under spiffe://example.org/weft/agent/)");
    }
    assertInvalid(
        () ->
            plane
                .admin()
                .generateJoinToken(
                    GenerateJoinTokenRequest.newBuilder()
                        .setSpiffeId("spiffe://other.org/weft/agent/x")
                        .build()),
        "spiffe_id: spiffe://other.org/weft/agent/x (expected: an agent ID under spiffe://example.org/weft/agent/)");
    var token =
        plane
            .admin()
            .generateJoinToken(
                GenerateJoinTokenRequest.newBuilder()
                    .setSpiffeId("spiffe://example.org/weft/agent/node-1")
                    .build());
    assertThat(token.getSpiffeId()).isEqualTo("spiffe://example.org/weft/agent/node-1");
    assertThat(plane.admin().listAgents(ListAgentsRequest.getDefaultInstance())).isEqualTo(agents);
  }

  @Test
  void anInvalidUpdateLeavesTheEntryAsItWas() {
    ListEntriesResponse before = entries();

    assertInvalid(
        () ->
            plane
                .admin()
                .updateEntry(
                    UpdateEntryRequest.newBuilder()
                        .setEntry(
                            web.toBuilder()
                                .addDnsNames("ok.example.org")
                                .addFederatesWith(TD.name()))
                        .build()),
        "entry.federates_with: example.org (expected: trust domains other than the server's own)");
    assertInvalid(
        () ->
            plane
                .admin()
                .updateEntry(
                    UpdateEntryRequest.newBuilder().setEntry(web.toBuilder().setId("")).build()),
        "entry.id: missing (expected: the ID of the entry to update)");

    assertThat(plane.admin().getEntry(GetEntryRequest.newBuilder().setId(web.getId()).build()))
        .isEqualTo(web);
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void aDuplicateEntryIsRefused() {
    ListEntriesResponse before = entries();
    assertThatThrownBy(() -> plane.createEntry(entry("/web").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "entry: spiffe://example.org/web with parent"
                          + " spiffe://example.org/agent and selectors [unix:uid:1000] already exists (id "
                          + web.getId()
                          + ")");
            });
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void theServersOwnBundleCannotBeSetOrDeleted() throws Exception {
    ListBundlesResponse before = bundles();
    TrustBundle impostor =
        TrustBundle.ofX509(TD, List.of(CertBuilder.selfSignedCa(TD.name()).build().cert()));

    assertInvalid(
        () -> setBundle(SpiffeBundleFormat.write(impostor), TD.name()),
        "bundle.trust_domain: example.org is this server's own trust domain (expected: another"
            + " trust domain; the local bundle is managed by the CA)");
    assertInvalid(
        () ->
            plane
                .admin()
                .deleteBundle(DeleteBundleRequest.newBuilder().setTrustDomain(TD.name()).build()),
        "trust_domain: example.org is this server's own trust domain (expected: another trust domain)");
    assertThat(bundles()).isEqualTo(before);
  }

  @Test
  void aMalformedBundleIsRefused() throws Exception {
    ListBundlesResponse before = bundles();

    assertInvalid(
        () -> setBundle("{\"keys\": [", PARTNER.name()),
        "bundle: not valid JSON (expected: one JSON object without duplicate members)");
    assertInvalid(
        () -> setBundle("{\"keys\": []}", PARTNER.name()),
        "bundle: no X.509 or JWT authorities (expected: at least one)");
    String valid =
        SpiffeBundleFormat.write(
            TrustBundle.ofX509(
                PARTNER, List.of(CertBuilder.selfSignedCa(PARTNER.name()).build().cert())));
    assertInvalid(
        () -> setBundle(valid, "Partner.Org!"),
        "bundle.trust_domain: invalid trust domain \"Partner.Org!\": trust domain may contain only"
            + " lowercase letters, digits, '.', '-' and '_'");
    assertThat(bundles()).isEqualTo(before);

    Bundle accepted = setBundle(valid, PARTNER.name());
    assertThat(accepted.getSequence()).isEqualTo(1);
    assertThat(bundles().getBundlesList())
        .extracting(Bundle::getTrustDomain)
        .containsExactly(TD.name(), PARTNER.name());
  }

  private Bundle setBundle(String json, String trustDomain) {
    return plane
        .admin()
        .setBundle(
            SetBundleRequest.newBuilder()
                .setBundle(Bundle.newBuilder().setTrustDomain(trustDomain).setSpiffeBundle(json))
                .build());
  }

  private static Entry.Builder entry(String path) {
    return Entry.newBuilder()
        .setSpiffeId(TD.idString() + path)
        .setParentId(TD.idString() + "/agent")
        .addSelectors("unix:uid:1000");
  }

  private ListEntriesResponse entries() {
    return plane.admin().listEntries(ListEntriesRequest.getDefaultInstance());
  }

  private ListBundlesResponse bundles() {
    return plane.admin().listBundles(ListBundlesRequest.getDefaultInstance());
  }

  private static void assertInvalid(ThrowingCallable call, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }
}
