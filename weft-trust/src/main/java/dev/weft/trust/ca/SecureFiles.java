package dev.weft.trust.ca;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only directories and atomically replaced owner-only files. */
final class SecureFiles {
  static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  /**
   * Creates {@code dir} (and missing parents) with mode 0700, or checks that the existing {@code
   * dir} has exactly that mode.
   */
  static void ensurePrivateDirectory(Path dir, String what) throws CaException {
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
        } catch (FileAlreadyExistsException e) {
          // created concurrently: checked below
        }
        // The umask may have cleared bits; 0700 has none a umask would add.
        Files.setPosixFilePermissions(dir, OWNER_RWX);
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new CaException(what + " " + dir + ": not a directory");
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      if (!mode.equals(OWNER_RWX)) {
        throw new CaException(
            what + " " + dir + ": mode " + PosixFilePermissions.toString(mode)
                + " (expected: rwx------; run chmod 700 " + dir + ")");
      }
    } catch (IOException e) {
      throw new CaException(what + " " + dir + ": cannot be created: " + e.getMessage(), e);
    } catch (UnsupportedOperationException e) {
      throw new CaException(what + " " + dir + ": file system has no POSIX permissions", e);
    }
  }

  /**
   * Replaces {@code target} with {@code content}: writes a temporary file created with mode 0600
   * in the same directory, forces it to disk, and moves it over {@code target} atomically.
   */
  static void writeAtomically(Path target, byte[] content, String what) throws CaException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      FileAttribute<Set<PosixFilePermission>> ownerOnly =
          PosixFilePermissions.asFileAttribute(OWNER_RW);
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", ownerOnly);
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
    } catch (AtomicMoveNotSupportedException e) {
      throw new CaException(what + " " + target + ": file system cannot replace files atomically", e);
    } catch (IOException e) {
      throw new CaException(what + " " + target + ": cannot be written: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // best effort: the temporary file holds nothing the target does not
        }
      }
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not every platform lets a directory be opened; the rename itself has been done.
    }
  }
}
