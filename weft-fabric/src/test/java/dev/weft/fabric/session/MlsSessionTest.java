package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.fabric.Name;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MLS sessions on a real node over mTLS: a member of a.test and one of b.test (federated), and what
 * each side refuses.
 */
class MlsSessionTest {

  private static final Name SERVICE = Name.parse("b.test/echo/svc");
  private static final String ALICE = "spiffe://a.test/app/alice";
  private static final String BOB = "spiffe://b.test/app/bob";
  private static final String CAROL = "spiffe://c.test/app/carol";
  private static final Predicate<SpiffeId> ANYONE = id -> true;

  private Mesh mesh;

  @BeforeEach
  void start() throws Exception {
    mesh = new Mesh();
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private SessionEndpoint mlsEndpoint(
      String id, Predicate<SpiffeId> admit, UnaryOperator<SessionEndpoint.Builder> more)
      throws Exception {
    return mlsEndpoint(id, id, admit, more);
  }

  /**
   * An endpoint whose client connects to the node as {@code transportId} and whose MLS credential
   * is an SVID of {@code mlsId}: the node checks the first, the session's peer the second.
   */
  private SessionEndpoint mlsEndpoint(
      String transportId,
      String mlsId,
      Predicate<SpiffeId> admit,
      UnaryOperator<SessionEndpoint.Builder> more)
      throws Exception {
    MlsMember member = MlsMember.of(mesh.pki.source(mlsId));
    return mesh.endpoint(transportId, b -> more.apply(b.mls(member, admit)));
  }

  /** Records every frame payload that reaches an endpoint, as the node delivered it. */
  private static UnaryOperator<Carrier> recording(List<byte[]> seen) {
    return inner ->
        Mesh.receiving(
            inner,
            (m, h) -> {
              seen.add(m.payload());
              h.onMessage(m);
            });
  }

  @Test
  void requestsAndRepliesAreEncryptedEndToEndAcrossTrustDomains() throws Exception {
    List<byte[]> atServer = Collections.synchronizedList(new ArrayList<>());
    SessionEndpoint server = mlsEndpoint(BOB, ANYONE, b -> b.carrier(recording(atServer)));
    CompletableFuture<Session> accepted = new CompletableFuture<>();
    server.accept(
        SERVICE,
        new SessionHandler() {
          @Override
          public void onOpen(Session session) {
            accepted.complete(session);
          }

          @Override
          public void onMessage(Session session, byte[] payload) {}

          @Override
          public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
            return CompletableFuture.completedFuture(
                ("pong to " + new String(payload, UTF_8) + " from " + session.peerIdentity().get())
                    .getBytes(UTF_8));
          }
        });
    List<byte[]> atClient = Collections.synchronizedList(new ArrayList<>());
    Session out =
        mlsEndpoint(ALICE, ANYONE, b -> b.carrier(recording(atClient)))
            .open(SERVICE, new Collector());

    byte[] reply =
        out.request("secret-ping".getBytes(UTF_8), Duration.ofSeconds(10))
            .get(15, TimeUnit.SECONDS);

    assertThat(new String(reply, UTF_8)).isEqualTo("pong to secret-ping from " + ALICE);
    Session in = accepted.get(10, TimeUnit.SECONDS);
    assertThat(out.encrypted()).isTrue();
    assertThat(out.epoch()).isEqualTo(1);
    assertThat(in.epoch()).isEqualTo(1);
    assertThat(out.peerIdentity()).contains(SpiffeId.parse(BOB));
    assertThat(in.peerIdentity()).contains(SpiffeId.parse(ALICE));
    // what the node carried: headers and MLS ciphertext, never the plaintext
    assertThat(atServer).noneMatch(p -> contains(p, "secret-ping"));
    assertThat(atClient).noneMatch(p -> contains(p, "pong to"));
    out.close();
    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
  }

  @Test
  void messagesArriveInOrderWithTheirEpoch() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    SessionEndpoint server = mlsEndpoint(BOB, ANYONE, b -> b);
    server.accept(
        SERVICE,
        (session, payload) ->
            seen.add(
                new String(payload, UTF_8)
                    + "@"
                    + session.epoch()
                    + " from "
                    + session.peerIdentity().get()));
    Session out = mlsEndpoint(ALICE, ANYONE, b -> b).open(SERVICE, new Collector());
    for (int i = 0; i < 200; i++) {
      out.send(("m" + i).getBytes(UTF_8));
    }
    out.close();
    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    await(() -> seen.size() >= 200); // acknowledged on arrival, handed to the handler after
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add("m" + i + "@1 from " + ALICE);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void svidRotationOnEitherSideReKeysTheSessionWithoutLosingAMessage() throws Exception {
    dev.weft.identity.source.SwappableIdentitySource bobSvids = mesh.pki.source(BOB);
    dev.weft.identity.source.SwappableIdentitySource aliceSvids = mesh.pki.source(ALICE);
    CompletableFuture<Session> accepted = new CompletableFuture<>();
    SessionEndpoint server = mesh.endpoint(BOB, b -> b.mls(MlsMember.of(bobSvids), ANYONE));
    server.accept(
        SERVICE,
        new SessionHandler() {
          @Override
          public void onOpen(Session session) {
            accepted.complete(session);
          }

          @Override
          public void onMessage(Session session, byte[] payload) {}

          @Override
          public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
            return CompletableFuture.completedFuture(payload);
          }
        });
    List<String> atAlice = Collections.synchronizedList(new ArrayList<>());
    SessionEndpoint client = mesh.endpoint(ALICE, b -> b.mls(MlsMember.of(aliceSvids), ANYONE));
    Session out =
        client.open(SERVICE, (session, payload) -> atAlice.add(new String(payload, UTF_8)));
    Session in = accepted.get(10, TimeUnit.SECONDS);

    // Bob streams to Alice while first his SVID rotates, then hers
    Thread stream =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < 300; i++) {
                      in.send(("s" + i).getBytes(UTF_8));
                      Thread.sleep(10);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    bobSvids.set(mesh.pki.snapshot(SpiffeId.parse(BOB)));
    await(() -> server.stats().rekeyed() == 1 && client.stats().rekeyed() == 1);
    assertThat(
            new String(
                out.request("after bob's".getBytes(UTF_8), Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS),
                UTF_8))
        .isEqualTo("after bob's");
    aliceSvids.set(mesh.pki.snapshot(SpiffeId.parse(ALICE)));
    await(() -> server.stats().rekeyed() == 2 && client.stats().rekeyed() == 2);
    assertThat(
            new String(
                out.request("after alice's".getBytes(UTF_8), Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS),
                UTF_8))
        .isEqualTo("after alice's");
    stream.join(30_000);

    await(() -> atAlice.size() == 300);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      expected.add("s" + i);
    }
    assertThat(atAlice).containsExactlyElementsOf(expected);
    assertThat(server.stats().mlsRefused() + client.stats().mlsRefused()).isZero();
    assertThat(out.peerIdentity()).contains(SpiffeId.parse(BOB));
    assertThat(out.state()).isEqualTo(Session.State.OPEN);
  }

  @Test
  void aCredentialOfAnUnfederatedTrustDomainIsRefused() throws Exception {
    SessionEndpoint server = mlsEndpoint(BOB, ANYONE, b -> b);
    Collector atServer = new Collector();
    server.accept(SERVICE, atServer);
    // Carol reaches the node as a member of a.test; her MLS credential is of c.test, which she
    // trusts with a.test and b.test, but Bob's side does not federate with c.test
    MlsMember carolMember =
        MlsMember.of(
            dev.weft.identity.source.SwappableIdentitySource.of(
                new dev.weft.identity.source.IdentitySnapshot(
                    mesh.pki.c.svid(SpiffeId.parse(CAROL)),
                    dev.weft.identity.bundle.BundleSet.of(
                        mesh.pki.a.bundle(), mesh.pki.b.bundle(), mesh.pki.c.bundle()))));
    SessionEndpoint carol = mesh.endpoint(ALICE, b -> b.mls(carolMember, ANYONE));

    // Carol (c.test) opens: Bob's Welcome check refuses her credential, the session is reset
    Session out = carol.open(SERVICE, new Collector());
    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.RESET);
    assertThat(atServer.opened).isNotDone();
    assertThat(server.stats().mlsRefused()).isEqualTo(1);
  }

  @Test
  void theOpenerRefusesAnAcceptorItsPolicyOrFederationRefuses() throws Exception {
    SessionEndpoint server = mlsEndpoint(BOB, CAROL, ANYONE, b -> b);
    server.accept(SERVICE, new Collector());
    SessionEndpoint alice = mlsEndpoint(ALICE, ANYONE, b -> b);
    assertThatThrownBy(() -> alice.open(SERVICE, new Collector()))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("spiffe://c.test")
        .extracting(e -> ((SessionException) e).reason())
        .isEqualTo(SessionException.Reason.REFUSED);

    SessionEndpoint bobOnly =
        mlsEndpoint(ALICE, id -> !id.toString().startsWith("spiffe://b.test"), b -> b);
    SessionEndpoint bob = mlsEndpoint(BOB, ANYONE, b -> b);
    bob.accept(Name.parse("b.test/echo/bob"), new Collector());
    assertThatThrownBy(() -> bobOnly.open(Name.parse("b.test/echo/bob"), new Collector()))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining(BOB)
        .hasMessageContaining("policy");
    assertThat(alice.stats().mlsRefused() + bobOnly.stats().mlsRefused()).isEqualTo(2);
  }

  @Test
  void anExpiredCredentialIsRefused() throws Exception {
    Clock muchLater = Clock.fixed(Instant.now().plus(Duration.ofDays(3650)), ZoneOffset.UTC);
    MlsMember late = MlsMember.of(mesh.pki.source(BOB), muchLater);
    SessionEndpoint server = mesh.endpoint(BOB, b -> b.mls(late, ANYONE));
    server.accept(SERVICE, new Collector());
    // Bob checks at a time when Alice's SVID has expired: her Welcome is refused
    Session out = mlsEndpoint(ALICE, ANYONE, b -> b).open(SERVICE, new Collector());
    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.RESET);
    assertThat(server.stats().mlsRefused()).isEqualTo(1);
  }

  @Test
  void mlsAndPlainSessionsDoNotMix() throws Exception {
    SessionEndpoint plain = mesh.endpoint(BOB, b -> b);
    plain.accept(SERVICE, new Collector());
    SessionEndpoint secure = mlsEndpoint(ALICE, ANYONE, b -> b);
    assertThatThrownBy(() -> secure.open(SERVICE, new Collector()))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("does not accept MLS sessions");

    Name secureName = Name.parse("a.test/echo/secure");
    secure.accept(secureName, new Collector());
    assertThatThrownBy(() -> plain.open(secureName, new Collector()))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("accepts MLS sessions only");
  }

  @Test
  void aTamperedOrReplayedCiphertextIsRefusedAndTheSessionGoesOn() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean tamper = new AtomicBoolean();
    List<Message> captured = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicReference<dev.weft.fabric.client.MessageHandler> node =
        new java.util.concurrent.atomic.AtomicReference<>();
    UnaryOperator<Carrier> meddling =
        inner ->
            Mesh.receiving(
                inner,
                (m, h) -> {
                  if (m.name().equals(SERVICE) || node.get() == null) {
                    node.compareAndSet(null, h);
                  }
                  byte[] p = m.payload();
                  boolean data = p.length > 36 && p[1] == 3 && (p[2] & 0x20) == 0;
                  if (data && captured.isEmpty()) {
                    captured.add(m);
                  }
                  if (data && tamper.compareAndSet(true, false)) {
                    byte[] bad = p.clone();
                    bad[bad.length - 1] ^= 1;
                    h.onMessage(copyWith(m, bad));
                    return;
                  }
                  h.onMessage(m);
                });
    SessionEndpoint server = mlsEndpoint(BOB, ANYONE, b -> b.carrier(meddling));
    server.accept(SERVICE, (session, payload) -> seen.add(new String(payload, UTF_8)));
    Session out = mlsEndpoint(ALICE, ANYONE, b -> b).open(SERVICE, new Collector());
    out.send("first".getBytes(UTF_8));
    await(() -> seen.size() == 1);

    tamper.set(true);
    out.send("tampered".getBytes(UTF_8));
    await(() -> server.stats().mlsRefused() == 1);

    out.send("after".getBytes(UTF_8));
    await(() -> seen.size() == 2);

    // the first DATA again, as a node could replay it, under the next sequence number (4): its
    // authenticated header names seq 1, and its MLS key is used up
    byte[] replay = captured.get(0).payload().clone();
    java.nio.ByteBuffer.wrap(replay).putLong(12, 4);
    node.get().onMessage(copyWith(captured.get(0), replay));
    await(() -> server.stats().mlsRefused() == 2);

    assertThat(seen).containsExactly("first", "after");
    assertThat(out.state()).isEqualTo(Session.State.OPEN);
  }

  private static Message copyWith(Message m, byte[] payload) {
    return new Message(
        m.name(), m.source(), m.id(), m.request(), m.multicast(), m.metadata(), payload);
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(20);
    }
  }
}
