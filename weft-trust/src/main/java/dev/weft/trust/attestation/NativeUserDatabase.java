package dev.weft.trust.attestation;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User and group names from the C library ({@code getpwuid_r}, {@code getgrgid_r}), so NSS sources
 * such as LDAP are honoured as they are for every other program on the host. Needs native access
 * (as the epoll transport does); without it, or off glibc-compatible systems, it knows no names.
 */
final class NativeUserDatabase implements UserDatabase {
  private static final Logger log = LoggerFactory.getLogger(NativeUserDatabase.class);
  private static final int ERANGE = 34;

  /** Larger than {@code struct passwd} and {@code struct group} on every 64-bit Linux ABI. */
  private static final long ENTRY_BYTES = 256;

  private static final long FIRST_BUFFER = 4096;
  private static final long MAX_BUFFER = 1 << 20;

  private final MethodHandle getpwuid;
  private final MethodHandle getgrgid;

  private NativeUserDatabase(MethodHandle getpwuid, MethodHandle getgrgid) {
    this.getpwuid = getpwuid;
    this.getgrgid = getgrgid;
  }

  /** The C library's database, or {@link UserDatabase#NONE} if it cannot be reached. */
  @SuppressWarnings("restricted")
  static UserDatabase create() {
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      // int get*_r(id_t id, struct *entry, char *buf, size_t buflen, struct **result)
      FunctionDescriptor signature =
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
      return new NativeUserDatabase(
          linker.downcallHandle(libc.find("getpwuid_r").orElseThrow(), signature),
          linker.downcallHandle(libc.find("getgrgid_r").orElseThrow(), signature));
    } catch (RuntimeException e) {
      log.warn(
          "user and group names are unavailable to attestation ({}); unix:user and "
              + "unix:group selectors will not be issued",
          e.toString());
      return NONE;
    }
  }

  @Override
  public Optional<String> userName(int uid) {
    return lookup(getpwuid, uid);
  }

  @Override
  public Optional<String> groupName(int gid) {
    return lookup(getgrgid, gid);
  }

  /** Both entry structs start with {@code char *name}. */
  @SuppressWarnings("restricted")
  private static Optional<String> lookup(MethodHandle function, int id) {
    for (long size = FIRST_BUFFER; size <= MAX_BUFFER; size *= 4) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment entry = arena.allocate(ENTRY_BYTES, 8);
        MemorySegment buffer = arena.allocate(size);
        MemorySegment result = arena.allocate(ADDRESS);
        int rc = (int) function.invokeExact(id, entry, buffer, size, result);
        if (rc == ERANGE) {
          continue;
        }
        if (rc != 0 || result.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
          return Optional.empty();
        }
        // The name lies inside buffer, so it ends (NUL included) within size bytes.
        return Optional.of(entry.get(ADDRESS, 0).reinterpret(size).getString(0));
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        log.debug("name lookup of id {} failed: {}", id, e.toString());
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
