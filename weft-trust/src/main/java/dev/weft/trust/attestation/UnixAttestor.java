package dev.weft.trust.attestation;

import dev.weft.trust.registration.Selector;
import dev.weft.trust.uds.PeerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attests a local caller from its unix socket peer credentials, like SPIRE's {@code unix} workload
 * attestor. Selectors (all of type {@value #TYPE}):
 *
 * <ul>
 *   <li>{@code uid:N} and, if the user database names it, {@code user:NAME}: the caller's effective
 *       user when it connected (from the kernel);
 *   <li>{@code gid:N} and {@code group:NAME}: its effective group when it connected;
 *   <li>{@code supplementary_gid:N} and {@code supplementary_group:NAME}: its other groups, from
 *       {@code /proc/<pid>/status};
 *   <li>{@code path:/abs/binary}: its executable, from {@code /proc/<pid>/exe}; left out if this
 *       process may not read that link (another user's process when not running as root). A binary
 *       replaced on disk since the process started reads {@code "/path (deleted)"}.
 * </ul>
 *
 * <p>Guarding against pid reuse and exec: the {@code /proc} facts are used only if the process's
 * start time is the one it had when it connected (read as the connection was accepted) and the same
 * before and after reading them, its executable is the one it had when it connected, and its
 * effective uid and gid still equal the credentials the kernel reported for the socket; otherwise
 * attestation fails. (A process that execs between its {@code connect} and the server's accept is
 * seen with its new binary: the window is the accept's.) If the process is no longer visible in
 * {@code /proc} (exited, or in another pid namespace), only the kernel's uid and gid selectors are
 * issued. Fewer selectors only ever match fewer entries, so every doubt resolves to less access.
 * Thread-safe.
 */
public final class UnixAttestor {
  /** The selector type of every selector this attestor issues. */
  public static final String TYPE = "unix";

  private static final Logger log = LoggerFactory.getLogger(UnixAttestor.class);

  private final ProcFs proc;
  private final UserDatabase names;

  /** An attestor reading this host's {@code /proc} and user database. */
  public UnixAttestor() {
    this(ProcFs.at(Path.of("/proc")), NativeUserDatabase.create());
  }

  UnixAttestor(ProcFs proc, UserDatabase names) {
    this.proc = Objects.requireNonNull(proc, "proc");
    this.names = Objects.requireNonNull(names, "names");
  }

  /**
   * The selectors of the caller with {@code credentials}, sorted.
   *
   * @throws AttestationException if the process behind the pid changed while it was inspected or no
   *     longer has the reported uid and gid (its pid may have been reused)
   */
  public SortedSet<Selector> selectors(PeerCredentials credentials) throws AttestationException {
    TreeSet<Selector> selectors = new TreeSet<>();
    int uid = credentials.uid();
    selectors.add(selector("uid:" + Integer.toUnsignedString(uid)));
    names.userName(uid).ifPresent(name -> selectors.add(selector("user:" + name)));
    List<Integer> gids = credentials.gids();
    Integer primary = gids.isEmpty() ? null : gids.getFirst();
    if (primary != null) {
      selectors.add(selector("gid:" + Integer.toUnsignedString(primary)));
      names.groupName(primary).ifPresent(name -> selectors.add(selector("group:" + name)));
    }
    TreeSet<Integer> supplementary =
        new TreeSet<>(gids.subList(Math.min(1, gids.size()), gids.size()));
    ProcessFacts facts = inspect(credentials, primary);
    if (facts != null) {
      supplementary.addAll(facts.groups());
      if (facts.exe() != null) {
        selectors.add(selector("path:" + facts.exe()));
      }
    }
    if (primary != null) {
      supplementary.remove(primary);
    }
    for (int gid : supplementary) {
      selectors.add(selector("supplementary_gid:" + Integer.toUnsignedString(gid)));
      names
          .groupName(gid)
          .ifPresent(name -> selectors.add(selector("supplementary_group:" + name)));
    }
    return Collections.unmodifiableSortedSet(selectors);
  }

  /** What {@code /proc} confirms about the caller; null if the process is not visible. */
  private ProcessFacts inspect(PeerCredentials credentials, Integer primaryGid)
      throws AttestationException {
    int pid = credentials.pid();
    if (pid <= 0) {
      return null; // the peer is in a pid namespace we cannot see
    }
    String startedBefore;
    try {
      startedBefore = ProcStat.startTime(proc.stat(pid));
    } catch (IOException e) {
      if (credentials.atConnect().isPresent()) {
        throw new AttestationException(
            "pid " + pid + ": exited since it connected (" + e.getMessage() + ")", e);
      }
      log.debug(
          "attestation of pid {}: not visible in /proc ({}); kernel credentials only",
          pid,
          e.toString());
      return null;
    }
    if (credentials.atConnect().isPresent()
        && !credentials.atConnect().get().startTime().equals(startedBefore)) {
      throw new AttestationException(
          "pid "
              + pid
              + ": not the process that connected (start time "
              + credentials.atConnect().get().startTime()
              + " when it connected, now "
              + startedBefore
              + "); its pid was reused");
    }
    ProcStatus status;
    try {
      status = ProcStatus.parse(proc.status(pid));
    } catch (IOException e) {
      throw new AttestationException(
          "pid "
              + pid
              + ": status cannot be read ("
              + e.getMessage()
              + "); the process may have "
              + "exited during attestation",
          e);
    }
    Path exe;
    try {
      exe = proc.exe(pid);
    } catch (IOException e) {
      log.debug(
          "attestation of pid {}: executable cannot be read ({}); no path selector",
          pid,
          e.toString());
      exe = null;
    }
    String startedAfter;
    try {
      startedAfter = ProcStat.startTime(proc.stat(pid));
    } catch (IOException e) {
      throw new AttestationException(
          "pid " + pid + ": exited during attestation (" + e.getMessage() + ")", e);
    }
    if (!startedBefore.equals(startedAfter)) {
      throw new AttestationException(
          "pid "
              + pid
              + ": the process changed during attestation (start time "
              + startedBefore
              + ", then "
              + startedAfter
              + "); its pid was reused");
    }
    if (status.effectiveUid() != credentials.uid()
        || (primaryGid != null && status.effectiveGid() != primaryGid)) {
      throw new AttestationException(
          "pid "
              + pid
              + ": runs as uid "
              + Integer.toUnsignedString(status.effectiveUid())
              + " gid "
              + Integer.toUnsignedString(status.effectiveGid())
              + " (expected: uid "
              + Integer.toUnsignedString(credentials.uid())
              + " gid "
              + (primaryGid == null ? "?" : Integer.toUnsignedString(primaryGid))
              + " as the socket reported); it changed credentials or its pid was reused");
    }
    if (credentials.atConnect().isPresent()) {
      Path before = credentials.atConnect().get().exe().orElse(null);
      if (before != null && !before.equals(exe)) {
        throw new AttestationException(
            "pid "
                + pid
                + ": executes "
                + (exe == null ? "an unreadable binary" : exe)
                + " since it connected as "
                + before
                + " (expected: the binary that connected)");
      }
    }
    return new ProcessFacts(status.groups(), exe);
  }

  private static Selector selector(String value) {
    return new Selector(TYPE, value);
  }

  private record ProcessFacts(List<Integer> groups, Path exe) {}
}
