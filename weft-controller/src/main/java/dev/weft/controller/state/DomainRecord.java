package dev.weft.controller.state;

/**
 * A domain (a group of nodes, SLIM's group) and the segment it belongs to.
 *
 * @param name 1-63 characters of {@code [A-Za-z0-9._-]}
 * @param segment the segment's name, same rule
 */
public record DomainRecord(String name, String segment) {
  /**
   * @throws IllegalArgumentException naming the field, its value and what was expected
   */
  public DomainRecord {
    Check.id("domain name", name);
    Check.id("domain " + name + ": segment", segment);
  }
}
