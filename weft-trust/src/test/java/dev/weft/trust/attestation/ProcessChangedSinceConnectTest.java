package dev.weft.trust.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.trust.uds.PeerCredentials;
import dev.weft.trust.uds.ProcessAtConnect;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Attestation compares the caller's process with what it was when it connected: a real process that
 * execs another binary after connecting is refused, and so is a pid that now belongs to another
 * process (staged with a fake /proc, since a real pid cannot be reused on demand).
 */
class ProcessChangedSinceConnectTest {
  private static final Path PROC = Path.of("/proc");
  private static final String STAT =
      "4242 (x) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 "
          + "0 0 20 0 1 0 %s 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

  @Test
  void aProcessThatExecsAnotherBinaryAfterConnectingIsRefused() throws Exception {
    Path sleep = Path.of("/bin/sleep").toRealPath();
    Process shell = new ProcessBuilder("/bin/sh", "-c", "read line; exec " + sleep + " 60").start();
    try {
      int pid = (int) shell.pid();
      ProcessStatus self = ProcessStatus.of(pid);
      ProcessAtConnect connected = ProcessAtConnect.read(PROC, pid).orElseThrow();
      PeerCredentials credentials =
          new PeerCredentials(pid, self.uid(), List.of(self.gid()), Optional.of(connected));
      // the same process, unchanged: attested, with its path
      assertThat(new UnixAttestor().selectors(credentials).toString())
          .contains("unix:path:" + connected.exe().orElseThrow());

      try (OutputStream in = shell.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readSymbolicLink(PROC.resolve(pid + "/exe")).equals(sleep));

      assertThatThrownBy(() -> new UnixAttestor().selectors(credentials))
          .isInstanceOf(AttestationException.class)
          .hasMessage(
              "pid "
                  + pid
                  + ": executes "
                  + sleep
                  + " since it connected as "
                  + connected.exe().orElseThrow()
                  + " (expected: the binary that connected)");
    } finally {
      shell.destroyForcibly().waitFor();
    }
  }

  @Test
  void aPidThatBelongsToAnotherProcessSinceConnectingIsRefused() {
    ProcFs reused =
        new ProcFs() {
          @Override
          public String stat(int pid) {
            return STAT.formatted("901");
          }

          @Override
          public String status(int pid) {
            return "Uid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nGroups:\t\n";
          }

          @Override
          public Path exe(int pid) {
            return Path.of("/usr/bin/trusted");
          }
        };
    PeerCredentials credentials =
        new PeerCredentials(
            4242,
            1000,
            List.of(1000),
            Optional.of(new ProcessAtConnect("777", Optional.of(Path.of("/usr/bin/trusted")))));

    assertThatThrownBy(() -> new UnixAttestor(reused, UserDatabase.NONE).selectors(credentials))
        .isInstanceOf(AttestationException.class)
        .hasMessage(
            "pid 4242: not the process that connected (start time 777 when it connected, now 901);"
                + " its pid was reused");
  }

  @Test
  void aProcessGoneSinceConnectingIsRefusedRatherThanAttestedByUidAlone() {
    ProcFs gone =
        new ProcFs() {
          @Override
          public String stat(int pid) throws IOException {
            throw new NoSuchFileException("/proc/4242/stat");
          }

          @Override
          public String status(int pid) throws IOException {
            throw new NoSuchFileException("/proc/4242/status");
          }

          @Override
          public Path exe(int pid) throws IOException {
            throw new NoSuchFileException("/proc/4242/exe");
          }
        };
    PeerCredentials credentials =
        new PeerCredentials(
            4242,
            1000,
            List.of(1000),
            Optional.of(new ProcessAtConnect("777", Optional.of(Path.of("/usr/bin/trusted")))));

    assertThatThrownBy(() -> new UnixAttestor(gone, UserDatabase.NONE).selectors(credentials))
        .isInstanceOf(AttestationException.class)
        .hasMessage("pid 4242: exited since it connected (/proc/4242/stat)");
  }

  /** The effective uid and gid of a process, from /proc. */
  private record ProcessStatus(int uid, int gid) {
    static ProcessStatus of(int pid) throws IOException {
      ProcStatus status = ProcStatus.parse(Files.readString(PROC.resolve(pid + "/status")));
      return new ProcessStatus(status.effectiveUid(), status.effectiveGid());
    }
  }
}
