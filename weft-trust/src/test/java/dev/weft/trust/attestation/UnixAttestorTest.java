package dev.weft.trust.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.trust.registration.Selector;
import dev.weft.trust.uds.PeerCredentials;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixAttestorTest {
  private static final String STAT =
      "4242 (java (main)) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 "
          + "0 0 20 0 1 0 %s 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
  private static final String STATUS =
      "Name:\tjava\nUid:\t%d\t%d\t%d\t%d\nGid:\t%d\t%d\t%d\t%d\n" + "Groups:\t%s\nVmPeak:\t1 kB\n";

  private static final UserDatabase NAMES =
      new UserDatabase() {
        @Override
        public Optional<String> userName(int uid) {
          return Optional.ofNullable(Map.of(1000, "alice").get(uid));
        }

        @Override
        public Optional<String> groupName(int gid) {
          return Optional.ofNullable(Map.of(1000, "alice", 27, "sudo").get(gid));
        }
      };

  @Test
  void attestsThisJvm(@TempDir Path dir) throws Exception {
    int pid = (int) ProcessHandle.current().pid();
    ProcStatus self = ProcStatus.parse(Files.readString(Path.of("/proc/self/status")));
    PeerCredentials credentials =
        new PeerCredentials(pid, self.effectiveUid(), List.of(self.effectiveGid()));

    SortedSet<Selector> selectors = new UnixAttestor().selectors(credentials);

    Path file = Files.createFile(dir.resolve("probe"));
    PosixFileAttributes owner = Files.readAttributes(file, PosixFileAttributes.class);
    GroupPrincipal group = owner.group();
    List<String> expected =
        new ArrayList<>(
            List.of(
                "unix:uid:" + self.effectiveUid(),
                "unix:user:" + System.getProperty("user.name"),
                "unix:gid:" + self.effectiveGid(),
                "unix:group:" + group.getName(),
                "unix:path:" + ProcessHandle.current().info().command().orElseThrow()));
    for (int gid : self.groups()) {
      if (gid != self.effectiveGid()) {
        expected.add("unix:supplementary_gid:" + gid);
      }
    }
    assertThat(
            selectors.stream()
                .map(Selector::toString)
                .filter(s -> !s.startsWith("unix:supplementary_group:")))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(selectors).allMatch(s -> s.type().equals("unix"));
  }

  @Test
  void issuesSelectorsFromCredentialsAndProc() throws Exception {
    FakeProc proc =
        new FakeProc()
            .stats("777", "777")
            .status(status(1000, 1000, "1000 27 4000"))
            .exe(Path.of("/usr/bin/agent"));
    SortedSet<Selector> selectors =
        new UnixAttestor(proc, NAMES).selectors(new PeerCredentials(4242, 1000, List.of(1000)));
    assertThat(strings(selectors))
        .containsExactly(
            "unix:gid:1000",
            "unix:group:alice",
            "unix:path:/usr/bin/agent",
            "unix:supplementary_gid:27",
            "unix:supplementary_gid:4000",
            "unix:supplementary_group:sudo",
            "unix:uid:1000",
            "unix:user:alice");
  }

  @Test
  void aProcessWhoseExecutableCannotBeReadStillGetsItsIds() throws Exception {
    FakeProc proc =
        new FakeProc()
            .stats("777", "777")
            .status(status(1000, 1000, "27"))
            .exeFails(new AccessDeniedException("/proc/4242/exe"));
    SortedSet<Selector> selectors =
        new UnixAttestor(proc, NAMES).selectors(new PeerCredentials(4242, 1000, List.of(1000)));
    assertThat(strings(selectors))
        .containsExactly(
            "unix:gid:1000",
            "unix:group:alice",
            "unix:supplementary_gid:27",
            "unix:supplementary_group:sudo",
            "unix:uid:1000",
            "unix:user:alice");
  }

  @Test
  void aProcessNoLongerInProcGetsOnlyTheKernelsIds() throws Exception {
    FakeProc proc = new FakeProc().statFails(new NoSuchFileException("/proc/4242/stat"));
    SortedSet<Selector> selectors =
        new UnixAttestor(proc, UserDatabase.NONE)
            .selectors(new PeerCredentials(4242, 1000, List.of(1000)));
    assertThat(strings(selectors)).containsExactly("unix:gid:1000", "unix:uid:1000");
  }

  @Test
  void aPeerInAnotherPidNamespaceGetsOnlyTheKernelsIds() throws Exception {
    FakeProc proc = new FakeProc(); // any read would fail the test: nothing staged
    SortedSet<Selector> selectors =
        new UnixAttestor(proc, UserDatabase.NONE).selectors(new PeerCredentials(0, 5, List.of(6)));
    assertThat(strings(selectors)).containsExactly("unix:gid:6", "unix:uid:5");
  }

  @Test
  void aPidReusedDuringAttestationFails() {
    FakeProc proc =
        new FakeProc()
            .stats("777", "901")
            .status(status(1000, 1000, ""))
            .exe(Path.of("/usr/bin/other"));
    assertThatThrownBy(
            () ->
                new UnixAttestor(proc, NAMES)
                    .selectors(new PeerCredentials(4242, 1000, List.of(1000))))
        .isInstanceOf(AttestationException.class)
        .hasMessage(
            "pid 4242: the process changed during attestation (start time 777, then 901); "
                + "its pid was reused");
  }

  @Test
  void aPidNowRunningAsAnotherUserFails() {
    FakeProc proc =
        new FakeProc()
            .stats("777", "777")
            .status(status(0, 0, ""))
            .exe(Path.of("/usr/sbin/privileged"));
    assertThatThrownBy(
            () ->
                new UnixAttestor(proc, NAMES)
                    .selectors(new PeerCredentials(4242, 1000, List.of(1000))))
        .isInstanceOf(AttestationException.class)
        .hasMessage(
            "pid 4242: runs as uid 0 gid 0 (expected: uid 1000 gid 1000 as the socket "
                + "reported); it changed credentials or its pid was reused");
  }

  @Test
  void aProcessExitingMidwayFails() {
    FakeProc proc =
        new FakeProc().stats("777").status(status(1000, 1000, "")).exe(Path.of("/usr/bin/agent"));
    assertThatThrownBy(
            () ->
                new UnixAttestor(proc, NAMES)
                    .selectors(new PeerCredentials(4242, 1000, List.of(1000))))
        .isInstanceOf(AttestationException.class)
        .hasMessage("pid 4242: exited during attestation (/proc/4242/stat)");
  }

  @Test
  void startTimeIsReadPastACommandNameWithParenthesesAndSpaces() throws IOException {
    assertThat(ProcStat.startTime(STAT.formatted("123456"))).isEqualTo("123456");
    assertThatThrownBy(() -> ProcStat.startTime("garbage"))
        .isInstanceOf(IOException.class)
        .hasMessage("stat: no command name in \"garbage\"");
  }

  @Test
  void statusIsParsed() throws IOException {
    assertThat(ProcStatus.parse(status(1, 2, "3 4")))
        .isEqualTo(new ProcStatus(1, 2, List.of(3, 4)));
    assertThat(ProcStatus.parse(status(7, 8, "")).groups()).isEmpty();
    assertThatThrownBy(() -> ProcStatus.parse("Name:\tx\n"))
        .isInstanceOf(IOException.class)
        .hasMessage("status: no Uid: or Gid: line");
  }

  @Test
  void nativeUserDatabaseNamesRootAndNotUnknownIds() {
    UserDatabase names = NativeUserDatabase.create();
    assertThat(names.userName(0)).contains("root");
    assertThat(names.groupName(0)).contains("root");
    assertThat(names.userName(2_000_000_001)).isEmpty();
    assertThat(names.groupName(2_000_000_001)).isEmpty();
  }

  private static String status(int uid, int gid, String groups) {
    // real ids differ from effective ones on purpose: only the effective ones count
    return STATUS.formatted(uid + 1, uid, uid, uid, gid + 1, gid, gid, gid, groups);
  }

  private static List<String> strings(Set<Selector> selectors) {
    return selectors.stream().map(Selector::toString).collect(Collectors.toList());
  }

  /** A /proc for pid 4242 whose stat answers come from a queue, to stage races. */
  private static final class FakeProc implements ProcFs {
    private final Deque<String> stats = new ArrayDeque<>();
    private IOException statFailure;
    private String status;
    private Path exe;
    private IOException exeFailure;

    FakeProc stats(String... startTimes) {
      for (String t : startTimes) {
        stats.add(STAT.formatted(t));
      }
      return this;
    }

    FakeProc statFails(IOException e) {
      statFailure = e;
      return this;
    }

    FakeProc status(String text) {
      status = text;
      return this;
    }

    FakeProc exe(Path path) {
      exe = path;
      return this;
    }

    FakeProc exeFails(IOException e) {
      exeFailure = e;
      return this;
    }

    @Override
    public String stat(int pid) throws IOException {
      assertThat(pid).isEqualTo(4242);
      if (statFailure != null) {
        throw statFailure;
      }
      if (stats.isEmpty()) {
        throw new NoSuchFileException("/proc/" + pid + "/stat");
      }
      return stats.poll();
    }

    @Override
    public String status(int pid) throws IOException {
      assertThat(pid).isEqualTo(4242);
      if (status == null) {
        throw new NoSuchFileException("/proc/" + pid + "/status");
      }
      return status;
    }

    @Override
    public Path exe(int pid) throws IOException {
      assertThat(pid).isEqualTo(4242);
      if (exeFailure != null) {
        throw exeFailure;
      }
      if (exe == null) {
        throw new NoSuchFileException("/proc/" + pid + "/exe");
      }
      return exe;
    }
  }
}
