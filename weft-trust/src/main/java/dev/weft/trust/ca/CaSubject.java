package dev.weft.trust.ca;

import dev.weft.config.Problem;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The subject of the CA certificate: an X.500 name, parsed once by the code that mints the
 * certificate (Bouncy Castle's {@link X500Name}, attributes checked as it checks them, such as a
 * two-letter {@code C}) and checked to be readable by the JDK that reads the certificate back. So a
 * subject that parses is one the CA can use: the configuration builds this type, and a server whose
 * {@code ca_subject} loaded always mints its CA.
 */
public final class CaSubject {
  /** What a subject may be, for messages. */
  public static final String EXPECTED = "an X.500 name such as O=Weft";

  /** {@code O=Weft}, the default. */
  public static final CaSubject DEFAULT = parse("O=Weft");

  private final String text;
  private final X500Name name;

  private CaSubject(String text, X500Name name) {
    this.text = text;
    this.name = name;
  }

  /**
   * Parses {@code text}, such as {@code O=Weft} or {@code C=US,O=Example,CN=Example CA}.
   *
   * @throws IllegalArgumentException for anything else, naming the value and what is wrong, for
   *     example {@code subject: "C=USA" (expected: an X.500 name such as O=Weft; country code
   *     attribute 2.5.4.6 must be exactly 2 characters per ISO 3166-1 / X.520, got 3: 'USA')}
   */
  public static CaSubject parse(String text) {
    Objects.requireNonNull(text, "text");
    String why;
    try {
      X500Name name = new X500Name(text);
      if (text.isBlank() || name.getRDNs().length == 0) {
        why = "no attribute";
      } else {
        new X500Principal(name.getEncoded());
        return new CaSubject(text, name);
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      why = e.getMessage();
    }
    throw new IllegalArgumentException(
        "subject: "
            + Problem.show(text)
            + " (expected: "
            + EXPECTED
            + (why == null || why.isBlank() ? "" : "; " + why)
            + ")");
  }

  /** The name for the certificate builder. */
  X500Name x500Name() {
    return name;
  }

  /** The name as it was written. */
  @Override
  public String toString() {
    return text;
  }

  /** Equal when written the same. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CaSubject other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
