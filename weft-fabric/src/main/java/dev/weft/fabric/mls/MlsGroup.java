package dev.weft.fabric.mls;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;

/**
 * One MLS group (one fabric session) as seen by one local {@link MlsMember}. The creator is the
 * first member; it {@link #add adds} members by their key packages and {@link #remove removes}
 * them, each time starting a new epoch with fresh keys; the other members follow with {@link
 * #processCommit}; new members {@link #join} with the welcome. Application data travels as MLS
 * PrivateMessages ({@link #protect}, {@link #unprotect}); commits are PrivateMessages too, so a
 * node that forwards them learns neither the content nor who is added or removed.
 *
 * <p>Admission: every member of the group, whether added here, announced by a welcome or added by
 * another member's commit, must hold an X.509 credential that is a valid X.509-SVID of a trust
 * domain whose bundle the local member has (its own or a federated one), whose key is the leaf's
 * MLS signature key, and whose SPIFFE ID the policy allows. Otherwise the operation is refused with
 * an {@link MlsException} and the group's state is unchanged.
 *
 * <p>Thread-safe: every operation holds the group's lock.
 */
public final class MlsGroup {
  /**
   * How many earlier epochs a member can still read for a while after a commit: a message protected
   * just before the commit may arrive just after it. Their keys are deleted as they are used, so a
   * replay is refused in these epochs too.
   */
  public static final int PAST_EPOCHS = 4;

  private static final int GROUP_ID_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MlsMember self;
  private final Predicate<SpiffeId> policy;
  private final MlsCipherSuite suite;

  @GuardedBy("Bcmls.LOCK")
  private Group state;

  /** The SPIFFE ID of every occupied leaf, by leaf index. */
  @GuardedBy("Bcmls.LOCK")
  private Map<Integer, SpiffeId> roster;

  /** An earlier epoch, kept to read late messages of that epoch. */
  private record Past(Group state, Map<Integer, SpiffeId> roster) {}

  /** The last {@value #PAST_EPOCHS} epochs before the current one, newest first. */
  @GuardedBy("Bcmls.LOCK")
  private final Deque<Past> past = new ArrayDeque<>();

  private MlsGroup(
      MlsMember self,
      Predicate<SpiffeId> policy,
      MlsCipherSuite suite,
      Group state,
      Map<Integer, SpiffeId> roster) {
    this.self = self;
    this.policy = policy;
    this.suite = suite;
    this.state = state;
    this.roster = roster;
  }

  /**
   * Creates a group whose only member is {@code creator}, at epoch 0. {@code policy} decides which
   * SPIFFE IDs may be members; it runs on the calling thread of {@link #add}, {@link #join} and
   * {@link #processCommit} and must not block.
   */
  public static MlsGroup create(MlsMember creator, Predicate<SpiffeId> policy) throws MlsException {
    synchronized (Bcmls.LOCK) {
      Objects.requireNonNull(creator, "creator");
      Objects.requireNonNull(policy, "policy");
      MlsCipherSuite suite = SvidCredentials.suite();
      MlsMember.Signer signer = creator.signer(suite);
      if (!policy.test(signer.id())) {
        throw new MlsException(
            "group creator: " + signer.id() + " (expected: a SPIFFE ID the session policy allows)");
      }
      Group group = newGroup(signer, suite);
      return new MlsGroup(creator, policy, suite, group, Map.of(0, signer.id()));
    }
  }

  /**
   * Joins the group {@code welcome} (an encoded MLS Welcome) invites {@code member} to, through one
   * of the key packages it published. Every member listed in the welcome's ratchet tree must pass
   * admission.
   */
  public static MlsGroup join(MlsMember member, byte[] welcome, Predicate<SpiffeId> policy)
      throws MlsException {
    synchronized (Bcmls.LOCK) {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(policy, "policy");
      MLSMessage message = decode(welcome, "welcome");
      if (message.wireFormat != WireFormat.mls_welcome || message.welcome == null) {
        throw new MlsException(
            "welcome: wire format " + message.wireFormat + " (expected: mls_welcome)");
      }
      MlsCipherSuite suite = SvidCredentials.suite();
      if (message.welcome.getSuite() == null
          || message.welcome.getSuite().getSuiteID() != suite.getSuiteID()) {
        throw new MlsException(
            "welcome: cipher suite (expected: " + SvidCredentials.SUITE_ID + ", P-256)");
      }
      MlsMember.Pending pending = member.takeKeyPackageFor(message.welcome);
      Group group;
      try {
        group =
            new Group(
                suite.getHPKE().serializePrivateKey(pending.init().getPrivate()),
                pending.encryption(),
                suite.serializeSignaturePrivateKey(pending.signature().getPrivate()),
                pending.keyPackage(),
                message.welcome,
                null,
                new HashMap<>(),
                new HashMap<>());
      } catch (Exception e) {
        throw new MlsException("welcome: cannot be joined: " + e.getMessage(), e);
      }
      Map<Integer, SpiffeId> roster =
          admit(group.getTree(), suite, member, policy, "welcome member");
      return new MlsGroup(member, policy, suite, group, roster);
    }
  }

  /**
   * Adds the member of {@code keyPackage} (an encoded MLS KeyPackage) after admission, and starts
   * the next epoch. The returned commit goes to the other members, the welcome to the new one.
   */
  public MlsCommit add(byte[] keyPackage) throws MlsException {
    synchronized (Bcmls.LOCK) {
      KeyPackage kp = admitted(keyPackage);
      try {
        return commit(List.of(Proposal.add(kp)), true);
      } catch (java.io.IOException e) {
        throw new MlsException("key package: cannot be proposed", e);
      }
    }
  }

  /**
   * Adds the members of all {@code keyPackages} in one commit (one new epoch, one Welcome that each
   * of them joins with); each must pass admission.
   */
  public MlsCommit addAll(List<byte[]> keyPackages) throws MlsException {
    synchronized (Bcmls.LOCK) {
      if (keyPackages.isEmpty()) {
        throw new MlsException("key packages: none (expected: at least one)");
      }
      List<Proposal> adds = new ArrayList<>();
      for (byte[] keyPackage : keyPackages) {
        try {
          adds.add(Proposal.add(admitted(keyPackage)));
        } catch (java.io.IOException e) {
          throw new MlsException("key package: cannot be proposed", e);
        }
      }
      return commit(adds, true);
    }
  }

  /**
   * Replaces {@code member}'s leaves by the one of {@code keyPackage}, which must carry the same
   * SPIFFE ID, in one commit: how a member whose SVID rotated gets a leaf with its new key (bcmls
   * cannot change a leaf's signature key in place). The commit goes to the other members, the
   * welcome to the member.
   */
  public MlsCommit replace(SpiffeId member, byte[] keyPackage) throws MlsException {
    synchronized (Bcmls.LOCK) {
      Objects.requireNonNull(member, "member");
      KeyPackage kp = admitted(keyPackage);
      SpiffeId presented =
          SvidCredentials.verify(
              kp.getLeafNode(), suite, self.bundles(), self.clock().instant(), "key package");
      if (!presented.equals(member)) {
        throw new MlsException(
            "key package member: " + presented + " (expected: " + member + ", the same member)");
      }
      if (member.equals(roster.get(state.getIndex().value()))) {
        throw new MlsException("member: " + member + " (expected: another member, not this one)");
      }
      List<Proposal> proposals = new ArrayList<>();
      roster.forEach(
          (leaf, id) -> {
            if (id.equals(member)) {
              proposals.add(Proposal.remove(new LeafIndex(leaf)));
            }
          });
      if (proposals.isEmpty()) {
        throw new MlsException("member: " + member + " (expected: a member of the group)");
      }
      try {
        proposals.add(Proposal.add(kp));
      } catch (java.io.IOException e) {
        throw new MlsException("key package: cannot be proposed", e);
      }
      return commit(proposals, true);
    }
  }

  /** A KeyPackage that decodes, is of this suite, verifies, and whose member is admitted. */
  @GuardedBy("Bcmls.LOCK")
  private KeyPackage admitted(byte[] keyPackage) throws MlsException {
    MLSMessage message = decode(keyPackage, "key package");
    KeyPackage kp = message.keyPackage;
    if (message.wireFormat != WireFormat.mls_key_package || kp == null) {
      throw new MlsException(
          "key package: wire format " + message.wireFormat + " (expected: mls_key_package)");
    }
    if (kp.getSuite() == null || kp.getSuite().getSuiteID() != suite.getSuiteID()) {
      throw new MlsException(
          "key package: cipher suite (expected: " + SvidCredentials.SUITE_ID + ", P-256)");
    }
    try {
      if (!kp.verify()) {
        throw new MlsException("key package: signature does not verify");
      }
    } catch (java.io.IOException e) {
      throw new MlsException("key package: signature cannot be checked", e);
    }
    admitOne(kp.getLeafNode(), "key package member");
    return kp;
  }

  /** The epoch in an MLS PrivateMessage's cleartext header, or -1 if it is none. */
  public static long epochOf(byte[] ciphertext) {
    try {
      // MLSMessage: uint16 version, uint16 wire_format, then group_id<V>, uint64 epoch, ...
      MLSInputStream in = new MLSInputStream(ciphertext);
      in.read(short.class);
      in.read(short.class);
      in.readOpaque();
      return (Long) in.read(long.class);
    } catch (Exception | AssertionError e) {
      return -1;
    }
  }

  /**
   * Removes every leaf of {@code member} and starts the next epoch; the removed member cannot read
   * what is protected from then on. The returned commit goes to the remaining members.
   */
  public MlsCommit remove(SpiffeId member) throws MlsException {
    synchronized (Bcmls.LOCK) {
      Objects.requireNonNull(member, "member");
      if (member.equals(roster.get(state.getIndex().value()))) {
        throw new MlsException(
            "member: " + member + " (expected: another member; a member cannot remove itself)");
      }
      List<Proposal> removals = new ArrayList<>();
      roster.forEach(
          (leaf, id) -> {
            if (id.equals(member)) {
              removals.add(Proposal.remove(new LeafIndex(leaf)));
            }
          });
      if (removals.isEmpty()) {
        throw new MlsException("member: " + member + " (expected: a member of the group)");
      }
      if (removals.size() == roster.size() - 1) {
        return startOver();
      }
      return commit(removals, false);
    }
  }

  /**
   * The removal of the last other member: bcmls 1.84 cannot commit a removal that leaves one leaf
   * (its parent-hash computation fails on a one-leaf tree), so the group starts over as a new group
   * with fresh keys at epoch 0, which the removed member knows nothing of. There is no one to send
   * a commit to: the returned commit is empty.
   */
  @GuardedBy("Bcmls.LOCK")
  private MlsCommit startOver() throws MlsException {
    MlsMember.Signer signer = self.signer(suite);
    Group fresh = newGroup(signer, suite);
    past.clear();
    state = fresh;
    roster = Map.of(0, signer.id());
    return new MlsCommit(new byte[0], null, 0);
  }

  private static Group newGroup(MlsMember.Signer signer, MlsCipherSuite suite) throws MlsException {
    byte[] groupId = new byte[GROUP_ID_BYTES];
    RANDOM.nextBytes(groupId);
    try {
      LeafNode leaf = signer.leaf();
      return new Group(
          groupId,
          suite,
          signer.encryption(),
          suite.serializeSignaturePrivateKey(signer.signature().getPrivate()),
          leaf.copy(leaf.getEncryptionKey()),
          new ArrayList<>());
    } catch (Exception e) {
      throw new MlsException("group of " + signer.id() + ": cannot be created", e);
    }
  }

  @GuardedBy("Bcmls.LOCK")
  private MlsCommit commit(List<Proposal> proposals, boolean welcome) throws MlsException {
    try {
      byte[] leafSecret = new byte[suite.getKDF().getHashLength()];
      RANDOM.nextBytes(leafSecret);
      Group.GroupWithMessage next =
          state.commit(
              new Secret(leafSecret),
              new Group.CommitOptions(new ArrayList<>(proposals), true, true, null),
              new Group.MessageOptions(true, new byte[0], 0),
              new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
      byte[] commit = MLSOutputStream.encode(next.message);
      byte[] welcomeBytes = null;
      if (welcome) {
        // bcmls returns the commit and the welcome in one message: encoded as a welcome, it is
        // the welcome.
        next.message.wireFormat = WireFormat.mls_welcome;
        welcomeBytes = MLSOutputStream.encode(next.message);
      }
      Map<Integer, SpiffeId> nextRoster =
          admit(next.group.getTree(), suite, self, policy, "group member");
      advance(next.group, nextRoster);
      return new MlsCommit(commit, welcomeBytes, state.getEpoch());
    } catch (MlsException e) {
      throw e;
    } catch (Exception e) {
      throw new MlsException("commit at epoch " + state.getEpoch() + ": failed", e);
    }
  }

  /**
   * Applies another member's commit and moves to its epoch. Members it adds must pass admission. A
   * commit that removes the local member is refused (bcmls cannot process the new epoch for a
   * removed leaf), so that member stays in the old epoch and can read nothing protected later.
   */
  public void processCommit(byte[] commit) throws MlsException {
    synchronized (Bcmls.LOCK) {
      processCommit(decode(commit, "commit"), commit);
    }
  }

  /**
   * Applies a commit as {@link #processCommit(byte[])} does, only if {@code committer} made it: a
   * group whose membership only its moderator may change refuses commits of other members.
   */
  public void processCommitFrom(SpiffeId committer, byte[] commit) throws MlsException {
    synchronized (Bcmls.LOCK) {
      Objects.requireNonNull(committer, "committer");
      MLSMessage message = decode(commit, "commit");
      if (message.wireFormat != WireFormat.mls_private_message || message.privateMessage == null) {
        throw new MlsException(
            "commit: wire format " + message.wireFormat + " (expected: mls_private_message)");
      }
      if (message.getEpoch() == state.getEpoch()) {
        SpiffeId sender;
        try {
          sender = roster.get(SenderLeaf.of(state, message.privateMessage));
        } catch (Exception e) {
          throw new MlsException(
              "commit: refused at epoch " + state.getEpoch() + " (its sender cannot be read)", e);
        }
        if (!committer.equals(sender)) {
          throw new MlsException(
              "commit sender: " + sender + " (expected: " + committer + ", the group's moderator)");
        }
      }
      processCommit(message, commit);
    }
  }

  @GuardedBy("Bcmls.LOCK")
  private void processCommit(MLSMessage message, byte[] commit) throws MlsException {
    if (message.getEpoch() != state.getEpoch()) {
      throw new MlsException(
          "commit epoch: "
              + message.getEpoch()
              + " (expected: "
              + state.getEpoch()
              + ", the group's current epoch)");
    }
    Group next;
    try {
      next = state.handle(commit, null);
    } catch (Exception e) {
      throw new MlsException("commit: refused at epoch " + state.getEpoch() + ": " + e, e);
    }
    if (next == null) {
      throw new MlsException("commit: refused (expected: a commit, not a proposal)");
    }
    if (next.getTree().getLeafNode(state.getIndex()) == null) {
      throw new MlsException(
          "commit: removes " + self.id() + " (it can read nothing protected from now on)");
    }
    Map<Integer, SpiffeId> nextRoster = admit(next.getTree(), suite, self, policy, "group member");
    advance(next, nextRoster);
  }

  @GuardedBy("Bcmls.LOCK")
  private void advance(Group next, Map<Integer, SpiffeId> nextRoster) {
    past.addFirst(new Past(state, roster));
    while (past.size() > PAST_EPOCHS) {
      past.removeLast();
    }
    state = next;
    roster = nextRoster;
  }

  /** Protects {@code plaintext} as an MLS PrivateMessage of the current epoch. */
  public byte[] protect(byte[] plaintext) throws MlsException {
    return protect(new byte[0], plaintext);
  }

  /**
   * Protects {@code plaintext} as an MLS PrivateMessage of the current epoch, with {@code
   * authenticatedData} sent in the clear but covered by the message's signature and AEAD (RFC 9420
   * section 6.3.1): the receiver gets it back in {@link MlsMessage#authenticatedData()}.
   */
  public byte[] protect(byte[] authenticatedData, byte[] plaintext) throws MlsException {
    synchronized (Bcmls.LOCK) {
      Objects.requireNonNull(authenticatedData, "authenticatedData");
      Objects.requireNonNull(plaintext, "plaintext");
      try {
        return MLSOutputStream.encode(state.protect(authenticatedData, plaintext, 0));
      } catch (Exception e) {
        throw new MlsException("message at epoch " + state.getEpoch() + ": cannot be protected", e);
      }
    }
  }

  /**
   * Reads an MLS PrivateMessage of the current epoch or one of the {@value #PAST_EPOCHS} before it:
   * decrypts it, checks the sender's signature and returns the plaintext with the sender's SPIFFE
   * ID. Refuses messages of other epochs, tampered or replayed ciphertext and handshake messages.
   */
  public MlsMessage unprotect(byte[] ciphertext) throws MlsException {
    synchronized (Bcmls.LOCK) {
      MLSMessage message = decode(ciphertext, "ciphertext");
      if (message.wireFormat != WireFormat.mls_private_message || message.privateMessage == null) {
        throw new MlsException(
            "ciphertext: wire format " + message.wireFormat + " (expected: mls_private_message)");
      }
      long epoch = message.getEpoch();
      Group at = state;
      Map<Integer, SpiffeId> members = roster;
      if (epoch != state.getEpoch()) {
        Past earlier =
            past.stream().filter(p -> p.state().getEpoch() == epoch).findFirst().orElse(null);
        if (earlier == null) {
          throw new MlsException(
              "ciphertext epoch: "
                  + epoch
                  + " (expected: "
                  + state.getEpoch()
                  + ", the group's current epoch, or one of the "
                  + past.size()
                  + " before it)");
        }
        at = earlier.state();
        members = earlier.roster();
      }
      int leaf;
      byte[][] content;
      try {
        leaf = SenderLeaf.of(at, message.privateMessage);
        content = at.unprotect(message);
      } catch (Exception e) {
        throw new MlsException(
            "ciphertext: refused at epoch "
                + epoch
                + " (tampered, replayed, or not for this group and epoch)",
            e);
      }
      SpiffeId sender = members.get(leaf);
      if (sender == null) {
        throw new MlsException("ciphertext sender: leaf " + leaf + " (expected: a member)");
      }
      return new MlsMessage(content[1], sender, epoch, content[0]);
    }
  }

  /**
   * Whether {@code ciphertext} is an MLS PrivateMessage of this group (by its cleartext group id):
   * tells a session's current group from the one before a re-key.
   */
  public boolean isFor(byte[] ciphertext) {
    byte[] groupId;
    try {
      // MLSMessage: uint16 version, uint16 wire_format, then PrivateMessage: group_id<V>, ...
      MLSInputStream in = new MLSInputStream(ciphertext);
      in.read(short.class);
      in.read(short.class);
      groupId = in.readOpaque();
    } catch (Exception | AssertionError e) {
      return false;
    }
    synchronized (Bcmls.LOCK) {
      return java.util.Arrays.equals(groupId, state.getGroupID());
    }
  }

  /** The current epoch: 0 at creation, one more with every commit. */
  public long epoch() {
    synchronized (Bcmls.LOCK) {
      return state.getEpoch();
    }
  }

  /** The SPIFFE IDs of the members, in leaf order (an ID appears once per leaf). */
  public List<SpiffeId> members() {
    synchronized (Bcmls.LOCK) {
      return List.copyOf(new TreeMap<>(roster).values());
    }
  }

  private void admitOne(LeafNode leaf, String what) throws MlsException {
    SpiffeId id = SvidCredentials.verify(leaf, suite, self.bundles(), self.clock().instant(), what);
    if (!policy.test(id)) {
      throw new MlsException(
          what + ": " + id + " (expected: a SPIFFE ID the session policy allows)");
    }
  }

  private static Map<Integer, SpiffeId> admit(
      TreeKEMPublicKey tree,
      MlsCipherSuite suite,
      MlsMember self,
      Predicate<SpiffeId> policy,
      String what)
      throws MlsException {
    Map<Integer, SpiffeId> roster = new HashMap<>();
    long leaves = tree.getSize().leafCount();
    for (int i = 0; i < leaves; i++) {
      LeafNode leaf = tree.getLeafNode(new LeafIndex(i));
      if (leaf == null) {
        continue;
      }
      SpiffeId id =
          SvidCredentials.verify(leaf, suite, self.bundles(), self.clock().instant(), what);
      if (!policy.test(id)) {
        throw new MlsException(
            what + ": " + id + " (expected: a SPIFFE ID the session policy allows)");
      }
      roster.put(i, id);
    }
    return Map.copyOf(roster);
  }

  private static MLSMessage decode(byte[] bytes, String what) throws MlsException {
    Objects.requireNonNull(bytes, what);
    try {
      return (MLSMessage) MLSInputStream.decode(bytes, MLSMessage.class);
    } catch (Exception e) {
      throw new MlsException(what + ": malformed (expected: an encoded MLS message)", e);
    }
  }
}
