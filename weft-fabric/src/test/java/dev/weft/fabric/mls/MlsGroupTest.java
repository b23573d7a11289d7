package dev.weft.fabric.mls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.fabric.Pki;
import dev.weft.identity.spiffeid.SpiffeId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.junit.jupiter.api.Test;

class MlsGroupTest {
  private static final SpiffeId ALICE = SpiffeId.parse("spiffe://a.test/alice");
  private static final SpiffeId BOB = SpiffeId.parse("spiffe://b.test/bob");
  private static final SpiffeId CAROL = SpiffeId.parse("spiffe://a.test/carol");
  private static final SpiffeId MALLORY = SpiffeId.parse("spiffe://a.test/mallory");
  private static final Predicate<SpiffeId> POLICY = id -> !id.equals(MALLORY);

  private final Pki pki = new Pki();
  private final MlsMember alice = MlsMember.of(pki.source(ALICE.toString()));
  private final MlsMember bob = MlsMember.of(pki.source(BOB.toString()));
  private final MlsMember carol = MlsMember.of(pki.source(CAROL.toString()));

  /** Alice creates, adds Bob (b.test) then Carol; everyone at epoch 2. */
  private List<MlsGroup> threeMembers() throws MlsException {
    MlsGroup a = MlsGroup.create(alice, POLICY);
    MlsCommit addBob = a.add(bob.publishKeyPackage());
    MlsGroup b = MlsGroup.join(bob, addBob.welcome(), POLICY);
    MlsCommit addCarol = a.add(carol.publishKeyPackage());
    b.processCommit(addCarol.commit());
    MlsGroup c = MlsGroup.join(carol, addCarol.welcome(), POLICY);
    return List.of(a, b, c);
  }

  @Test
  void everyMessageIsReadByTheOthersWithSenderAndEpoch() throws MlsException {
    List<MlsGroup> groups = threeMembers();
    List<SpiffeId> ids = List.of(ALICE, BOB, CAROL);
    for (MlsGroup group : groups) {
      assertThat(group.epoch()).isEqualTo(2);
      assertThat(group.members()).containsExactly(ALICE, BOB, CAROL);
    }
    for (int from = 0; from < 3; from++) {
      for (int n = 0; n < 3; n++) {
        String text = "message " + n + " from " + ids.get(from);
        byte[] ciphertext = groups.get(from).protect(text.getBytes(UTF_8));
        assertThat(new String(ciphertext, UTF_8)).doesNotContain(text);
        for (int to = 0; to < 3; to++) {
          if (to == from) {
            continue;
          }
          MlsMessage read = groups.get(to).unprotect(ciphertext);
          assertThat(new String(read.plaintext(), UTF_8)).isEqualTo(text);
          assertThat(read.sender()).isEqualTo(ids.get(from));
          assertThat(read.epoch()).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void epochsAdvanceOnAddAndRemoveAndTheRemovedMemberCannotRead() throws MlsException {
    MlsGroup a = MlsGroup.create(alice, POLICY);
    assertThat(a.epoch()).isZero();
    MlsCommit addBob = a.add(bob.publishKeyPackage());
    assertThat(addBob.epoch()).isEqualTo(1);
    assertThat(a.epoch()).isEqualTo(1);
    MlsGroup b = MlsGroup.join(bob, addBob.welcome(), POLICY);
    assertThat(b.epoch()).isEqualTo(1);
    MlsCommit addCarol = a.add(carol.publishKeyPackage());
    b.processCommit(addCarol.commit());
    MlsGroup c = MlsGroup.join(carol, addCarol.welcome(), POLICY);
    assertThat(List.of(a.epoch(), b.epoch(), c.epoch())).containsOnly(2L);

    MlsCommit removeBob = a.remove(BOB);
    assertThat(removeBob.welcome()).isNull();
    assertThat(a.epoch()).isEqualTo(3);
    c.processCommit(removeBob.commit());
    assertThat(c.epoch()).isEqualTo(3);
    assertThat(a.members()).containsExactly(ALICE, CAROL);
    assertThat(c.members()).containsExactly(ALICE, CAROL);

    byte[] secret = a.protect("after bob left".getBytes(UTF_8));
    assertThat(new String(c.unprotect(secret).plaintext(), UTF_8)).isEqualTo("after bob left");
    // Bob, still at epoch 2, cannot read epoch 3.
    assertThatThrownBy(() -> b.unprotect(secret))
        .isInstanceOf(MlsException.class)
        .hasMessage(
            "ciphertext epoch: 3 (expected: 2, the group's current epoch, or one of the 1 before"
                + " it)");
    // Nor can he follow the group into epoch 3: the commit's path secrets are not for him.
    assertThatThrownBy(() -> b.processCommit(removeBob.commit()))
        .isInstanceOf(MlsException.class)
        .hasMessageStartingWith("commit: refused at epoch 2: ");
    assertThat(b.epoch()).isEqualTo(2);
    assertThatThrownBy(() -> b.unprotect(secret)).isInstanceOf(MlsException.class);
  }

  @Test
  void aMessageOfThePreviousEpochIsReadOnceAfterTheCommit() throws MlsException {
    List<MlsGroup> g = threeMembers();
    MlsGroup a = g.get(0);
    MlsGroup b = g.get(1);
    MlsGroup c = g.get(2);
    byte[] late = b.protect("sent at epoch 2".getBytes(UTF_8));
    MlsCommit removeBob = a.remove(BOB);
    c.processCommit(removeBob.commit());

    MlsMessage read = c.unprotect(late);
    assertThat(read.epoch()).isEqualTo(2);
    assertThat(read.sender()).isEqualTo(BOB);
    assertThat(new String(read.plaintext(), UTF_8)).isEqualTo("sent at epoch 2");
    // its key is used up: a replay is refused in the past epoch too
    assertThatThrownBy(() -> c.unprotect(late))
        .isInstanceOf(MlsException.class)
        .hasMessageStartingWith("ciphertext: refused at epoch 2");
  }

  @Test
  void onlyTheModeratorsCommitsAreApplied() throws Exception {
    List<MlsGroup> g = threeMembers();
    MlsGroup b = g.get(1);
    MlsGroup c = g.get(2);
    // Bob (not the moderator) removes Carol; Alice's group refuses it, unchanged
    MlsCommit rogue = b.remove(CAROL);
    assertThatThrownBy(() -> g.get(0).processCommitFrom(ALICE, rogue.commit()))
        .isInstanceOf(MlsException.class)
        .hasMessage("commit sender: " + BOB + " (expected: " + ALICE + ", the group's moderator)");
    assertThat(g.get(0).epoch()).isEqualTo(2);
    assertThat(c.epoch()).isEqualTo(2);
    // the moderator's own commits go through
    MlsCommit removeBob = g.get(0).remove(BOB);
    c.processCommitFrom(ALICE, removeBob.commit());
    assertThat(c.epoch()).isEqualTo(3);
  }

  @Test
  void authenticatedDataComesBackAndIsBound() throws MlsException {
    List<MlsGroup> g = threeMembers();
    byte[] ct = g.get(0).protect("header".getBytes(UTF_8), "body".getBytes(UTF_8));
    MlsMessage m = g.get(1).unprotect(ct);
    assertThat(new String(m.authenticatedData(), UTF_8)).isEqualTo("header");
    assertThat(new String(m.plaintext(), UTF_8)).isEqualTo("body");
  }

  @Test
  void whenTheLastOtherMemberIsRemovedTheGroupStartsOverWithFreshKeys() throws MlsException {
    MlsGroup a = MlsGroup.create(alice, POLICY);
    MlsCommit addBob = a.add(bob.publishKeyPackage());
    MlsGroup b = MlsGroup.join(bob, addBob.welcome(), POLICY);
    MlsCommit removeBob = a.remove(BOB);
    assertThat(removeBob.commit()).isEmpty();
    assertThat(a.epoch()).isZero();
    assertThat(a.members()).containsExactly(ALICE);
    // Bob can read nothing of the new group, and a new member joins it
    byte[] secret = a.protect("after bob".getBytes(UTF_8));
    assertThatThrownBy(() -> b.unprotect(secret)).isInstanceOf(MlsException.class);
    MlsCommit addCarol = a.add(carol.publishKeyPackage());
    MlsGroup c = MlsGroup.join(carol, addCarol.welcome(), POLICY);
    assertThat(c.members()).containsExactly(ALICE, CAROL);
    assertThat(new String(c.unprotect(a.protect("hi".getBytes(UTF_8))).plaintext(), UTF_8))
        .isEqualTo("hi");
  }

  @Test
  void replaceGivesAMemberANewLeafButOnlyWithItsOwnSpiffeId() throws MlsException {
    List<MlsGroup> g = threeMembers();
    MlsGroup a = g.get(0);
    assertThatThrownBy(() -> a.replace(BOB, carol.publishKeyPackage()))
        .isInstanceOf(MlsException.class)
        .hasMessage("key package member: " + CAROL + " (expected: " + BOB + ", the same member)");
    MlsMember bobRotated = MlsMember.of(pki.source(BOB.toString()));
    MlsCommit replaced = a.replace(BOB, bobRotated.publishKeyPackage());
    g.get(2).processCommit(replaced.commit());
    MlsGroup b2 = MlsGroup.join(bobRotated, replaced.welcome(), POLICY);
    assertThat(b2.epoch()).isEqualTo(3);
    assertThat(b2.members()).containsExactlyInAnyOrder(ALICE, BOB, CAROL);
    MlsMessage m = g.get(2).unprotect(b2.protect("new key".getBytes(UTF_8)));
    assertThat(m.sender()).isEqualTo(BOB);
  }

  @Test
  void unfederatedCredentialIsNotAdmitted() throws MlsException {
    MlsMember dave = MlsMember.of(pki.source("spiffe://c.test/dave"));
    MlsGroup a = MlsGroup.create(alice, POLICY);
    byte[] keyPackage = dave.publishKeyPackage();
    assertThatThrownBy(() -> a.add(keyPackage))
        .isInstanceOf(MlsException.class)
        .hasMessage(
            "key package member credential: X.509-SVID spiffe://c.test/dave: no trust bundle for"
                + " trust domain c.test (the domain is unknown or not federated) (expected: an"
                + " X.509-SVID that chains to a bundle of a trusted trust domain)");
    assertThat(a.epoch()).isZero();
    assertThat(a.members()).containsExactly(ALICE);
  }

  @Test
  void memberThePolicyRefusesIsNotAdmitted() throws MlsException {
    MlsMember mallory = MlsMember.of(pki.source(MALLORY.toString()));
    MlsGroup a = MlsGroup.create(alice, POLICY);
    byte[] keyPackage = mallory.publishKeyPackage();
    assertThatThrownBy(() -> a.add(keyPackage))
        .isInstanceOf(MlsException.class)
        .hasMessage(
            "key package member: spiffe://a.test/mallory (expected: a SPIFFE ID the session"
                + " policy allows)");
    assertThat(a.epoch()).isZero();
  }

  @Test
  void joinerRefusesAGroupWithAMemberItsPolicyRefuses() throws MlsException {
    MlsGroup a = MlsGroup.create(alice, POLICY);
    MlsCommit addBob = a.add(bob.publishKeyPackage());
    Predicate<SpiffeId> bobsPolicy = id -> !id.equals(ALICE);
    assertThatThrownBy(() -> MlsGroup.join(bob, addBob.welcome(), bobsPolicy))
        .isInstanceOf(MlsException.class)
        .hasMessage(
            "welcome member: spiffe://a.test/alice (expected: a SPIFFE ID the session policy"
                + " allows)");
  }

  @Test
  void keyPackageWithAnotherMembersCertificateButItsOwnKeyIsNotAdmitted() throws Exception {
    // Bob's certificate chain is public; a key package that presents it with a key that is not
    // the SVID's must not pass as Bob.
    MlsCipherSuite suite = MlsCipherSuite.getSuite(SvidCredentials.SUITE_ID);
    AsymmetricCipherKeyPair forged = suite.generateSignatureKeyPair();
    AsymmetricCipherKeyPair encryption = suite.getHPKE().generatePrivateKey();
    AsymmetricCipherKeyPair init = suite.getHPKE().generatePrivateKey();
    byte[] forgedPrivate = suite.serializeSignaturePrivateKey(forged.getPrivate());
    LeafNode leaf =
        new LeafNode(
            suite,
            suite.getHPKE().serializePublicKey(encryption.getPublic()),
            suite.serializeSignaturePublicKey(forged.getPublic()),
            SvidCredentials.credential(pki.snapshot(BOB).svid()),
            new Capabilities(),
            new LifeTime(),
            new ArrayList<>(),
            forgedPrivate);
    KeyPackage keyPackage =
        new KeyPackage(
            suite,
            suite.getHPKE().serializePublicKey(init.getPublic()),
            leaf,
            new ArrayList<>(),
            forgedPrivate);
    MlsGroup a = MlsGroup.create(alice, POLICY);
    byte[] encoded = MLSOutputStream.encode(MLSMessage.keyPackage(keyPackage));
    assertThatThrownBy(() -> a.add(encoded))
        .isInstanceOf(MlsException.class)
        .hasMessage(
            "key package member spiffe://b.test/bob signature key: not the key of its X.509-SVID"
                + " (expected: the SVID's EC P-256 key)");
    assertThat(a.members()).containsExactly(ALICE);
  }

  @Test
  void tamperedCiphertextIsRefused() throws MlsException {
    List<MlsGroup> groups = threeMembers();
    byte[] ciphertext = groups.get(0).protect("hello".getBytes(UTF_8));
    byte[] tampered = ciphertext.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> groups.get(1).unprotect(tampered))
        .isInstanceOf(MlsException.class)
        .hasMessage(
            "ciphertext: refused at epoch 2 (tampered, replayed, or not for this group and"
                + " epoch)");
    // The untouched message still reads, once: a replay is refused.
    assertThat(groups.get(1).unprotect(ciphertext).sender()).isEqualTo(ALICE);
    assertThatThrownBy(() -> groups.get(1).unprotect(ciphertext))
        .isInstanceOf(MlsException.class)
        .hasMessageStartingWith("ciphertext: refused at epoch 2");
    assertThatThrownBy(() -> groups.get(1).unprotect(new byte[] {1, 2, 3}))
        .isInstanceOf(MlsException.class)
        .hasMessage("ciphertext: malformed (expected: an encoded MLS message)");
  }
}
