package dev.weft.trust.attestation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The parts of {@code /proc/<pid>} attestation reads; a seam so tests can stage races. */
interface ProcFs {
  /** The text of {@code /proc/<pid>/stat}. */
  String stat(int pid) throws IOException;

  /** The text of {@code /proc/<pid>/status}. */
  String status(int pid) throws IOException;

  /** The target of {@code /proc/<pid>/exe}. */
  Path exe(int pid) throws IOException;

  /** The real {@code /proc} under {@code root}. */
  static ProcFs at(Path root) {
    return new ProcFs() {
      @Override
      public String stat(int pid) throws IOException {
        return Files.readString(root.resolve(Integer.toString(pid)).resolve("stat"));
      }

      @Override
      public String status(int pid) throws IOException {
        return Files.readString(root.resolve(Integer.toString(pid)).resolve("status"));
      }

      @Override
      public Path exe(int pid) throws IOException {
        return Files.readSymbolicLink(root.resolve(Integer.toString(pid)).resolve("exe"));
      }
    };
  }
}
