package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.fabric.Name;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group sessions on a real node over mTLS: a moderator in a.test, members in a.test and b.test. */
class GroupSessionTest {

  private static final Name CHANNEL = Name.parse("a.test/rooms/ops");
  private static final String ALICE = "spiffe://a.test/app/alice";
  private static final String BOB = "spiffe://b.test/app/bob";
  private static final String DAVE = "spiffe://a.test/app/dave";
  private static final Name BOB_INVITES = Name.parse("b.test/invites/bob");
  private static final Name DAVE_INVITES = Name.parse("a.test/invites/dave");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Mesh mesh;

  @BeforeEach
  void start() throws Exception {
    mesh = new Mesh();
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  /** What one member saw. */
  static class Seen implements GroupHandler {
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final List<Long> epochs = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<GroupSession> joined = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

    @Override
    public void onJoined(GroupSession group) {
      joined.complete(group);
    }

    @Override
    public void onMessage(GroupSession group, SpiffeId sender, long epoch, byte[] payload) {
      messages.add(new String(payload, UTF_8) + " from " + sender.path() + " @" + epoch);
    }

    @Override
    public void onMembers(GroupSession group, long epoch, List<SpiffeId> members) {
      epochs.add(epoch);
    }

    @Override
    public void onClose(GroupSession group, CloseReason reason) {
      closed.complete(reason);
    }
  }

  private SessionEndpoint endpoint(String transport, MlsMember member) throws Exception {
    return mesh.endpoint(transport, b -> b.mls(member, id -> true));
  }

  private SessionEndpoint endpoint(String id) throws Exception {
    return endpoint(id, MlsMember.of(mesh.pki.source(id)));
  }

  @Test
  void everyMemberReadsEveryMessageAndEpochsRotateOnJoinAndLeave() throws Exception {
    Seen atAlice = new Seen();
    Seen atBob = new Seen();
    Seen atDave = new Seen();
    SessionEndpoint bobSide = endpoint(BOB);
    bobSide.acceptInvites(BOB_INVITES, atBob);
    List<byte[]> toDave = Collections.synchronizedList(new ArrayList<>());
    MlsMember daveMember = MlsMember.of(mesh.pki.source(DAVE));
    mesh.endpoint(
            DAVE,
            b ->
                b.mls(daveMember, id -> true)
                    .carrier(
                        inner ->
                            Mesh.receiving(
                                inner,
                                (m, h) -> {
                                  toDave.add(m.payload());
                                  h.onMessage(m);
                                })))
        .acceptInvites(DAVE_INVITES, atDave);
    GroupSession group = endpoint(ALICE).createGroup(CHANNEL, atAlice);
    assertThat(group.epoch()).isZero();

    assertThat(group.invite(BOB_INVITES, WAIT)).isEqualTo(SpiffeId.parse(BOB));
    assertThat(group.epoch()).isEqualTo(1);
    assertThat(group.invite(DAVE_INVITES, WAIT)).isEqualTo(SpiffeId.parse(DAVE));
    assertThat(group.epoch()).isEqualTo(2);
    GroupSession bob = atBob.joined.get(10, TimeUnit.SECONDS);
    GroupSession dave = atDave.joined.get(10, TimeUnit.SECONDS);
    await(() -> bob.epoch() == 2);
    assertThat(dave.epoch()).isEqualTo(2);
    assertThat(bob.moderatorId()).isEqualTo(SpiffeId.parse(ALICE));
    assertThat(bob.members())
        .containsExactly(SpiffeId.parse(ALICE), SpiffeId.parse(BOB), SpiffeId.parse(DAVE));

    group.publish("hello all".getBytes(UTF_8));
    bob.publish("bob here".getBytes(UTF_8));
    dave.publish("dave here".getBytes(UTF_8));
    await(
        () ->
            atAlice.messages.size() == 2
                && atBob.messages.size() == 2
                && atDave.messages.size() == 2);
    assertThat(atBob.messages)
        .containsExactlyInAnyOrder("hello all from /app/alice @2", "dave here from /app/dave @2");
    assertThat(atDave.messages)
        .containsExactlyInAnyOrder("hello all from /app/alice @2", "bob here from /app/bob @2");
    assertThat(atAlice.messages)
        .containsExactlyInAnyOrder("bob here from /app/bob @2", "dave here from /app/dave @2");

    // Bob is removed: epoch 3, his session ends, and what follows he cannot read
    group.remove(SpiffeId.parse(BOB));
    assertThat(group.epoch()).isEqualTo(3);
    assertThat(atBob.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    await(() -> dave.epoch() == 3);
    assertThat(dave.members()).containsExactly(SpiffeId.parse(ALICE), SpiffeId.parse(DAVE));
    assertThatThrownBy(() -> bob.publish("still here?".getBytes(UTF_8)))
        .isInstanceOf(SessionException.class);

    group.publish("after bob".getBytes(UTF_8));
    await(() -> atDave.messages.size() == 3);
    assertThat(atDave.messages.get(2)).isEqualTo("after bob from /app/alice @3");
    // the ciphertext the node carried to Dave, handed to Bob as if it reached him
    byte[] secret = lastGroupMessage(toDave);
    long refusedBefore = bobSide.stats().mlsRefused();
    bob.onApp(secret);
    assertThat(bobSide.stats().mlsRefused()).isEqualTo(refusedBefore + 1);
    assertThat(atBob.messages).hasSize(2);

    // Dave leaves, the last member: the moderator's group starts over with fresh keys at epoch 0
    dave.close();
    await(() -> group.members().size() == 1);
    assertThat(group.members()).containsExactly(SpiffeId.parse(ALICE));
    assertThat(group.epoch()).isZero();
    assertThat(atDave.closed.get(10, TimeUnit.SECONDS)).isIn(CloseReason.LOCAL, CloseReason.PEER);
    await(() -> atAlice.epochs.size() == 4);
    assertThat(atAlice.epochs).containsExactly(1L, 2L, 3L, 0L);
  }

  /** The MLS ciphertext of the last group APP message among raw session frames. */
  private static byte[] lastGroupMessage(List<byte[]> frames) {
    synchronized (frames) {
      for (int i = frames.size() - 1; i >= 0; i--) {
        byte[] f = frames.get(i);
        boolean data = f.length > SessionFrame.HEADER_BYTES + 1 && f[1] == 3;
        if (data && f[SessionFrame.HEADER_BYTES] == GroupSession.APP) {
          return java.util.Arrays.copyOfRange(f, SessionFrame.HEADER_BYTES + 1, f.length);
        }
      }
    }
    throw new AssertionError("no group message among " + frames.size() + " frames");
  }

  @Test
  void aMemberWhoseSvidRotatesRejoinsWithoutLeavingTheGroup() throws Exception {
    Seen atAlice = new Seen();
    Seen atBob = new Seen();
    Seen atDave = new Seen();
    dev.weft.identity.source.SwappableIdentitySource bobSvids = mesh.pki.source(BOB);
    SessionEndpoint bobSide = endpoint(BOB, MlsMember.of(bobSvids));
    bobSide.acceptInvites(BOB_INVITES, atBob);
    endpoint(DAVE).acceptInvites(DAVE_INVITES, atDave);
    GroupSession group = endpoint(ALICE).createGroup(CHANNEL, atAlice);
    group.invite(BOB_INVITES, WAIT);
    group.invite(DAVE_INVITES, WAIT);
    GroupSession bob = atBob.joined.get(10, TimeUnit.SECONDS);
    GroupSession dave = atDave.joined.get(10, TimeUnit.SECONDS);
    await(() -> bob.epoch() == 2);

    bobSvids.set(mesh.pki.snapshot(SpiffeId.parse(BOB)));
    await(() -> bobSide.stats().rekeyed() == 1);
    assertThat(bob.epoch()).isEqualTo(3);
    await(() -> dave.epoch() == 3);
    assertThat(group.members())
        .containsExactly(SpiffeId.parse(ALICE), SpiffeId.parse(BOB), SpiffeId.parse(DAVE));

    bob.publish("with my new SVID".getBytes(UTF_8));
    group.publish("welcome back".getBytes(UTF_8));
    await(() -> atDave.messages.size() == 2 && atBob.messages.size() == 1);
    assertThat(atDave.messages)
        .containsExactlyInAnyOrder(
            "with my new SVID from /app/bob @3", "welcome back from /app/alice @3");
    assertThat(atBob.messages).containsExactly("welcome back from /app/alice @3");
    assertThat(atBob.closed).isNotDone();
  }

  @Test
  void whenTheModeratorsSvidRotatesTheGroupIsReKeyedAndGoesOn() throws Exception {
    Seen atAlice = new Seen();
    Seen atBob = new Seen();
    Seen atDave = new Seen();
    endpoint(BOB).acceptInvites(BOB_INVITES, atBob);
    endpoint(DAVE).acceptInvites(DAVE_INVITES, atDave);
    dev.weft.identity.source.SwappableIdentitySource aliceSvids = mesh.pki.source(ALICE);
    SessionEndpoint aliceSide = endpoint(ALICE, MlsMember.of(aliceSvids));
    GroupSession group = aliceSide.createGroup(CHANNEL, atAlice);
    group.invite(BOB_INVITES, WAIT);
    group.invite(DAVE_INVITES, WAIT);
    GroupSession bob = atBob.joined.get(10, TimeUnit.SECONDS);
    GroupSession dave = atDave.joined.get(10, TimeUnit.SECONDS);

    aliceSvids.set(mesh.pki.snapshot(SpiffeId.parse(ALICE)));
    await(() -> aliceSide.stats().rekeyed() == 1);
    // a new group with everyone added in one commit: epoch 1 of the new group
    assertThat(group.epoch()).isEqualTo(1);
    await(() -> bob.epoch() == 1 && dave.epoch() == 1);
    assertThat(bob.members())
        .containsExactly(SpiffeId.parse(ALICE), SpiffeId.parse(BOB), SpiffeId.parse(DAVE));

    bob.publish("after the re-key".getBytes(UTF_8));
    group.publish("still here".getBytes(UTF_8));
    await(() -> atDave.messages.size() == 2 && atAlice.messages.size() == 1);
    assertThat(atDave.messages)
        .containsExactlyInAnyOrder(
            "after the re-key from /app/bob @1", "still here from /app/alice @1");
    assertThat(atBob.closed).isNotDone();
    assertThat(atDave.closed).isNotDone();
  }

  @Test
  void aMemberOfAnUnfederatedTrustDomainIsNotAdmitted() throws Exception {
    // Carol reaches the node as a.test; her MLS credential is of c.test (which she trusts)
    MlsMember carol =
        MlsMember.of(
            SwappableIdentitySource.of(
                new IdentitySnapshot(
                    mesh.pki.c.svid(SpiffeId.parse("spiffe://c.test/app/carol")),
                    BundleSet.of(mesh.pki.a.bundle(), mesh.pki.b.bundle(), mesh.pki.c.bundle()))));
    Name carolInvites = Name.parse("a.test/invites/carol");
    endpoint(DAVE, carol).acceptInvites(carolInvites, new Seen());
    SessionEndpoint alice = endpoint(ALICE);
    GroupSession group = alice.createGroup(CHANNEL, new Seen());

    assertThatThrownBy(() -> group.invite(carolInvites, WAIT))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("spiffe://c.test/app/carol")
        .hasMessageContaining("not federated");
    assertThat(group.epoch()).isZero();
    assertThat(alice.stats().mlsRefused()).isEqualTo(1);
  }

  @Test
  void theChannelsPolicyDecidesWhoIsAdmitted() throws Exception {
    endpoint(BOB).acceptInvites(BOB_INVITES, new Seen());
    Seen onlyAlice =
        new Seen() {
          @Override
          public boolean admit(Name channel, SpiffeId member) {
            return member.trustDomain().name().equals("a.test");
          }
        };
    GroupSession group = endpoint(ALICE).createGroup(CHANNEL, onlyAlice);
    assertThatThrownBy(() -> group.invite(BOB_INVITES, WAIT))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining(BOB)
        .hasMessageContaining("policy");
    assertThat(group.members()).containsExactly(SpiffeId.parse(ALICE));
  }

  @Test
  void groupsNeedAnMlsEndpoint() throws Exception {
    SessionEndpoint plain = mesh.endpoint(ALICE, UnaryOperator.identity());
    assertThatThrownBy(() -> plain.createGroup(CHANNEL, new Seen()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no MLS identity");
  }

  private static void await(BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(20);
    }
  }
}
