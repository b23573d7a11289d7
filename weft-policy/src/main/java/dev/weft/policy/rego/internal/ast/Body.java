package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;
import java.util.List;

/**
 * A query: expressions joined by {@code ;} or newlines, all of which must hold.
 *
 * @param exprs the expressions in source order
 * @param location where the body starts
 */
public record Body(List<Expr> exprs, Location location) {

  /** Copies the expressions. */
  public Body {
    exprs = List.copyOf(exprs);
  }
}
