package dev.weft.controller.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.trust.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions and routes: batches, all-or-nothing writes, the cascade from nodes. */
abstract class NamesContract extends StateContract {
  static final String SVC = "org/ns/svc";
  static final String LONG_COMPONENT = "x".repeat(64);

  @BeforeEach
  void twoNodes() throws Exception {
    store.putNode(node("n1"));
    store.putNode(node("n2"));
  }

  static Set<String> names(String prefix, int count) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      names.add("org/" + prefix + "/svc-" + i);
    }
    return names;
  }

  @Test
  void subscriptionsAreReplacedAndUpdated() throws Exception {
    store.replaceSubscriptions("n1", Set.of("org/ns/a", "org/ns/b", "org/ns/c"));
    store.replaceSubscriptions("n2", Set.of("org/ns/a"));

    store.replaceSubscriptions("n1", Set.of("org/ns/b", "org/ns/d"));
    store.updateSubscriptions("n2", Set.of("org/ns/e", "org/ns/a"), Set.of("org/ns/zz"));

    assertThat(store.subscriptions("n1")).containsExactly("org/ns/b", "org/ns/d");
    assertThat(store.subscriptions())
        .isEqualTo(
            Map.of("n1", Set.of("org/ns/b", "org/ns/d"), "n2", Set.of("org/ns/a", "org/ns/e")));

    store.updateSubscriptions("n2", Set.of(), Set.of("org/ns/a", "org/ns/e"));
    assertThat(store.subscriptions()).containsOnlyKeys("n1");
    assertThat(store.subscriptions("n2")).isEmpty();
    assertThat(store.subscriptions("n9")).isEmpty();
  }

  @Test
  void routesAreAppliedReplacedAndKeepTheirHopOrder() throws Exception {
    store.applyRoutes(
        "n1", Map.of("org/ns/a", List.of("n3", "n2"), "org/ns/b", List.of("n2")), List.of());
    store.applyRoutes(
        "n1",
        Map.of("org/ns/c", List.of("n4"), "org/ns/a", List.of("n2", "n3")),
        List.of("org/ns/b", "org/ns/zz"));

    assertThat(store.routes("n1"))
        .isEqualTo(Map.of("org/ns/a", List.of("n2", "n3"), "org/ns/c", List.of("n4")));

    store.replaceRoutes("n1", Map.of("org/ns/c", List.of("n4"), "org/ns/d", List.of("n9", "n5")));
    store.replaceRoutes("n2", Map.of(SVC, List.of("n1")));

    assertThat(store.routes())
        .isEqualTo(
            Map.of(
                "n1", Map.of("org/ns/c", List.of("n4"), "org/ns/d", List.of("n9", "n5")),
                "n2", Map.of(SVC, List.of("n1"))));
    store.replaceRoutes("n2", Map.of());
    assertThat(store.routes()).containsOnlyKeys("n1");
    assertThat(store.routes("n9")).isEmpty();
  }

  @Test
  void namesOfAnUnknownNodeAreNotFound() throws Exception {
    StoreException e = failure(() -> store.replaceSubscriptions("n9", Set.of(SVC)));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(e).hasMessage("node n9: not found");
    assertThat(failure(() -> store.applyRoutes("n9", Map.of(SVC, List.of("n1")), List.of())).kind())
        .isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(store.subscriptions()).isEmpty();
    assertThat(store.routes()).isEmpty();
  }

  @Test
  void aMalformedNameInABatchIsInvalidAndChangesNothing() throws Exception {
    store.replaceSubscriptions("n1", Set.of(SVC));
    Set<String> batch = names("batch", 1000);
    batch.add("org/ns/" + LONG_COMPONENT);

    StoreException e = failure(() -> store.replaceSubscriptions("n1", batch));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID);
    assertThat(e)
        .hasMessage(
            "subscriptions of node n1: name: \"org/ns/"
                + LONG_COMPONENT
                + "\" (expected: components of at most 63 characters)");
    assertThat(store.subscriptions()).isEqualTo(Map.of("n1", Set.of(SVC)));
  }

  @Test
  void badRouteArgumentsAreInvalid() throws Exception {
    assertThat(failure(() -> store.replaceRoutes("n1", Map.of(SVC, List.of()))))
        .hasMessage("route org/ns/svc of node n1: next hops: [] (expected: at least one node id)");
    assertThat(failure(() -> store.replaceRoutes("n1", Map.of(SVC, List.of("n2", "n2")))))
        .hasMessage(
            "route org/ns/svc of node n1: next hops: [n2, n2] (expected: distinct node ids)");
    assertThat(failure(() -> store.replaceRoutes("n1", Map.of(SVC, List.of("n,2")))))
        .hasMessage(
            "route org/ns/svc of node n1: next hops: \"n,2\" (expected: 1-63 characters of"
                + " [A-Za-z0-9._-])");
    assertThat(failure(() -> store.applyRoutes("n1", Map.of(SVC, List.of("n2")), List.of(SVC))))
        .hasMessage(
            "routes of node n1: name: \"org/ns/svc\" (expected: either set or removed, not both)");
    assertThat(failure(() -> store.updateSubscriptions("n1", Set.of(SVC), Set.of(SVC))).kind())
        .isEqualTo(StoreException.Kind.INVALID);
    assertThat(store.routes()).isEmpty();
    assertThat(store.subscriptions()).isEmpty();
  }

  @Test
  void aFailingSubscriptionBatchIsRolledBackWhole() throws Exception {
    store.replaceSubscriptions("n1", names("old", 10));
    fixture.failInsertsOf("controller_subscriptions", "org/new/svc-700");

    StoreException e = failure(() -> store.replaceSubscriptions("n1", names("new", 1000)));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith("controller store ")
        .contains(": replace subscriptions of node n1 failed: ")
        .contains("injected failure");
    assertThat(store.subscriptions()).isEqualTo(Map.of("n1", names("old", 10)));
  }

  @Test
  void aFailingRouteBatchIsRolledBackWhole() throws Exception {
    Map<String, List<String>> old = new HashMap<>();
    names("old", 20).forEach(name -> old.put(name, List.of("n2")));
    store.replaceRoutes("n1", old);
    fixture.failInsertsOf("controller_routes", "org/new/svc-3");
    Map<String, List<String>> added = new HashMap<>();
    names("new", 5).forEach(name -> added.put(name, List.of("n2", "n3")));

    StoreException e =
        failure(() -> store.applyRoutes("n1", added, new ArrayList<>(names("old", 20))));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(store.routes("n1")).isEqualTo(old);
  }

  @Test
  void deletingANodeDeletesItsSubscriptionsAndRoutes() throws Exception {
    store.replaceSubscriptions("n1", Set.of(SVC, "org/ns/other"));
    store.replaceRoutes("n1", Map.of(SVC, List.of("n2")));
    store.replaceSubscriptions("n2", Set.of(SVC));
    store.replaceRoutes("n2", Map.of(SVC, List.of("n1")));

    assertThat(store.deleteNode("n1")).isTrue();
    assertThat(store.deleteNode("n1")).isFalse();

    assertThat(store.subscriptions()).isEqualTo(Map.of("n2", Set.of(SVC)));
    assertThat(store.routes()).isEqualTo(Map.of("n2", Map.of(SVC, List.of("n1"))));
    store.putNode(node("n1"));
    assertThat(store.subscriptions("n1")).isEmpty();
    assertThat(rows("controller_subscriptions", "n1") + rows("controller_routes", "n1")).isZero();
  }

  @Test
  void thousandsOfSubscriptionsAreWrittenInOneCall() throws Exception {
    Set<String> first = names("bulk", 10_000);
    store.replaceSubscriptions("n1", first);

    Set<String> second = new TreeSet<>(names("bulk", 5_000));
    second.addAll(names("more", 5_000));
    store.replaceSubscriptions("n1", second);

    assertThat(store.subscriptions("n1")).isEqualTo(second);
    assertThat(rows("controller_subscriptions", "n1")).isEqualTo(10_000);
    store.updateSubscriptions("n1", names("third", 3_000), names("more", 5_000));
    assertThat(store.subscriptions("n1")).hasSize(8_000);
  }

  @Test
  void concurrentWritersDoNotCorruptEachOther() throws Exception {
    int rounds = 100;
    List<Thread> writers = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (String prefix : List.of("a", "b")) {
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < rounds; i++) {
                        String name = "org/" + prefix + "/svc-" + i;
                        String gone = "org/" + prefix + "/svc-" + (i - 1);
                        // both threads write n1's subscriptions; each also owns one node's routes
                        store.updateSubscriptions(
                            "n1", Set.of(name), i % 2 == 1 ? Set.of(gone) : Set.of());
                        store.applyRoutes(
                            prefix.equals("a") ? "n1" : "n2",
                            Map.of(name, List.of("n2", "n1")),
                            List.of());
                        store.setConnected("n1", i % 2 == 0);
                      }
                    } catch (Throwable t) {
                      errors.add(t);
                    }
                  }));
    }
    for (Thread t : writers) {
      t.join();
    }

    assertThat(errors).isEmpty();
    Set<String> expected = new TreeSet<>();
    for (String prefix : List.of("a", "b")) {
      for (int i = 1; i < rounds; i += 2) { // each odd round removed the even name before it
        expected.add("org/" + prefix + "/svc-" + i);
      }
    }
    assertThat(store.subscriptions("n1")).isEqualTo(expected);
    assertThat(store.routes("n1")).hasSize(rounds);
    assertThat(store.routes("n2")).hasSize(rounds);
    assertThat(store.nodes()).hasSize(2);
  }

  private long rows(String table, String node) throws Exception {
    try (Connection c = fixture.raw();
        var ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE node_id = ?")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
