package dev.weft.policy.rego.internal.builtins;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A GraphQL parse or validation error, as gqlparser's {@code gqlerror.Error}: a message and where
 * it was found. Its Go text ({@link #goText()}) is what OPA takes apart to build its own message.
 */
final class GqlError extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  /** A line and column; both -1 for a node without a position. */
  record Location(int line, int column) {}

  private final String file;
  private final String rule;

  @SuppressWarnings("serial") // an immutable list of records
  private final List<Location> locations;

  GqlError(String message, String file, List<Location> locations) {
    this(message, file, locations, "");
  }

  private GqlError(String message, String file, List<Location> locations, String rule) {
    super(message);
    this.file = file;
    this.locations = List.copyOf(locations);
    this.rule = rule;
  }

  /** This error, reported by the validation rule named {@code rule} (as gqlparser's Rule). */
  GqlError withRule(String name) {
    return new GqlError(getMessage(), file, locations, name);
  }

  /** The validation rule that reported this error; empty for parse and schema errors. */
  String rule() {
    return rule;
  }

  List<Location> locations() {
    return locations;
  }

  /** {@code gqlerror.ErrorLocf}: an error at a line and column of {@code file}. */
  static GqlError at(String file, int line, int column, String message) {
    return new GqlError(message, file, List.of(new Location(line, column)));
  }

  /** {@code gqlerror.ErrorPosf}: at a node's position, or at -1:-1 for a node without one. */
  static GqlError at(GqlAst.Position pos, String message) {
    return pos == null
        ? at("", -1, -1, message)
        : at(pos.file(), pos.line(), pos.column(), message);
  }

  /** {@code gqlerror.Errorf}: no location. */
  static GqlError plain(String message) {
    return new GqlError(message, "", List.of());
  }

  /** {@code Error.Error()}: {@code input:4:5: message}. */
  String goText() {
    StringBuilder out = new StringBuilder(file.isEmpty() ? "input" : file);
    if (!locations.isEmpty()) {
      out.append(':').append(locations.get(0).line()).append(':').append(locations.get(0).column());
    }
    return out.append(": ").append(getMessage()).toString();
  }

  /** {@code gqlerror.List.Error()}: each error's text on its own line. */
  static String listText(List<GqlError> errors) {
    StringBuilder out = new StringBuilder();
    for (GqlError e : errors) {
      out.append(e.goText()).append('\n');
    }
    return out.toString();
  }

  /** Collects a validation rule's error from its parts, as gqlparser's error options do. */
  static final class Builder {
    private final StringBuilder message = new StringBuilder();
    private final List<Location> locations = new ArrayList<>();
    private String file = "";

    Builder message(String text) {
      message.append(text);
      return this;
    }

    /** {@code At(position)}: adds a location; nothing for a node without a position. */
    Builder at(GqlAst.Position pos) {
      if (pos != null) {
        locations.add(new Location(pos.line(), pos.column()));
        if (!pos.file().isEmpty()) {
          file = pos.file();
        }
      }
      return this;
    }

    GqlError build() {
      return new GqlError(message.toString(), file, locations);
    }
  }
}
