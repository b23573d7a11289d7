package dev.weft.trust.ca;

import dev.weft.trust.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
            what
                + " "
                + dir
                + ": mode "
                + PosixFilePermissions.toString(mode)
                + " (expected: rwx------; run chmod 700 "
                + dir
                + ")");
      }
    } catch (IOException e) {
      throw new CaException(what + " " + dir + ": cannot be created: " + e.getMessage(), e);
    } catch (UnsupportedOperationException e) {
      throw new CaException(what + " " + dir + ": file system has no POSIX permissions", e);
    }
  }

  /**
   * Replaces {@code target} with {@code content} atomically, mode 0600, with the file and its
   * directory forced to disk ({@link AtomicFiles#write}).
   */
  static void writeAtomically(Path target, byte[] content, String what) throws CaException {
    try {
      AtomicFiles.write(target, content, OWNER_RW);
    } catch (AtomicMoveNotSupportedException e) {
      throw new CaException(
          what + " " + target + ": file system cannot replace files atomically", e);
    } catch (IOException e) {
      throw new CaException(what + " " + target + ": cannot be written: " + e.getMessage(), e);
    }
  }
}
