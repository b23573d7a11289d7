package dev.weft.trust.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that a reader (or a crash) sees either the old content or the new, never a
 * part: the content goes to a temporary file in the same directory, created with its final
 * permissions (so a secret is never readable by others, not even for a moment), forced to disk,
 * renamed over the target in one atomic step, and the directory is forced to disk so that the
 * rename survives a crash. Temporary files are named {@code .<target>.<random>.tmp}.
 */
public final class AtomicFiles {
  /** Owner read and write only: for keys and other secrets. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically with {@code mode}.
   *
   * @throws IOException if any step fails; the target then keeps its old content and no temporary
   *     file is left
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp =
        Files.createTempFile(
            dir,
            "." + target.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(mode));
    try {
      // createTempFile's mode is reduced by the umask; set it exactly (never more than asked)
      Files.setPosixFilePermissions(temp, mode);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      syncDirectory(dir);
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Deletes the temporary files that a crash during {@link #write} left in {@code dir} for {@code
   * name}.
   */
  public static void removeLeftovers(Path dir, String name) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "." + name + ".*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /** Forces a directory's entries (a rename into it) to disk. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
