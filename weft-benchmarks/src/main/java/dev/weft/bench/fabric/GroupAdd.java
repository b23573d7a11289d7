package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import dev.weft.fabric.mls.MlsCommit;
import dev.weft.fabric.mls.MlsGroup;
import dev.weft.fabric.mls.MlsMember;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The moderator's cost of adding a member to an MLS group of {@code --group-size} members: {@link
 * MlsGroup#add} (admission of the newcomer's X.509-SVID credential, the commit with its path
 * update, the welcome with the ratchet tree), timed alone; the newcomer's key package is made
 * before the clock starts, and the other members' {@code processCommit} is not part of it. Members
 * come from two federated trust domains, every one with its own SVID. After each measured add the
 * newcomer is removed again (not timed), so every add finds the same group size.
 */
final class GroupAdd {

  /**
   * The figures.
   *
   * @param members the group's size before each measured add
   * @param adds the measured adds' durations
   * @param commitBytes the encoded commit of the last measured add
   * @param welcomeBytes the encoded welcome of the last measured add
   * @param buildNanos how long building the group took ({@code members - 1} adds)
   */
  record Results(int members, Latencies adds, int commitBytes, int welcomeBytes, long buildNanos) {}

  private GroupAdd() {}

  static Results measure(Settings settings, PrintStream out) throws Exception {
    Pki pki = new Pki(WeftSide.A, WeftSide.B);
    MlsMember moderator = member(pki, 0);
    MlsGroup group = MlsGroup.create(moderator, id -> true);
    long buildStart = System.nanoTime();
    for (int i = 1; i < settings.groupSize(); i++) {
      group.add(member(pki, i).publishKeyPackage());
    }
    long buildNanos = System.nanoTime() - buildStart;
    if (group.members().size() != settings.groupSize()) {
      throw new IOException(
          "the MLS group has "
              + group.members().size()
              + " members (expected: "
              + settings.groupSize()
              + ")");
    }
    out.printf(
        "# mls group: %d members (two trust domains) built by the moderator in %.2f s, epoch %d%n",
        settings.groupSize(), buildNanos / 1e9, group.epoch());
    long[] samples = new long[settings.groupAdds()];
    MlsCommit last = null;
    long begin = System.nanoTime();
    for (int i = 0; i < samples.length; i++) {
      MlsMember newcomer = member(pki, settings.groupSize() + i);
      byte[] keyPackage = newcomer.publishKeyPackage();
      long start = System.nanoTime();
      last = group.add(keyPackage);
      samples[i] = System.nanoTime() - start;
      if (last.welcomeIfAny().isEmpty()) {
        throw new IOException("an add without a welcome at epoch " + last.epoch());
      }
      group.remove(newcomer.id());
    }
    return new Results(
        settings.groupSize(),
        Latencies.of(samples, System.nanoTime() - begin),
        last.commit().length,
        last.welcome().length,
        buildNanos);
  }

  /** Member {@code i}: in a.bench.weft when even, in b.bench.weft when odd. */
  private static MlsMember member(Pki pki, int i) {
    String domain = i % 2 == 0 ? WeftSide.A : WeftSide.B;
    return MlsMember.of(pki.issue("spiffe://" + domain + "/group/member-" + i).source());
  }
}
