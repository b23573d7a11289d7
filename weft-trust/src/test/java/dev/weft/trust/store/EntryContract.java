package dev.weft.trust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.registration.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Registration entries: create, update, delete, list, duplicates, atomicity, restart. */
abstract class EntryContract extends StoreContract {
  static final SpiffeId AGENT = SpiffeId.parse("spiffe://example.org/agent/node-1");
  static final SpiffeId OTHER_AGENT = SpiffeId.parse("spiffe://example.org/agent/node-2");
  static final SpiffeId WEB = SpiffeId.parse("spiffe://example.org/web");
  static final SpiffeId DB = SpiffeId.parse("spiffe://example.org/db");
  static final Selector UID = Selector.parse("unix:uid:1000");
  static final Selector GID = Selector.parse("unix:gid:1000");
  static final Selector NS = Selector.parse("k8s:ns:prod");

  static RegistrationEntry web() {
    return RegistrationEntry.of(WEB, AGENT, Set.of(UID));
  }

  static RegistrationEntry full() {
    return RegistrationEntry.of(DB, AGENT, Set.of(UID, GID, NS))
        .withX509SvidTtl(Duration.ofMinutes(90))
        .withJwtSvidTtl(Duration.ofSeconds(300).plusMillis(250))
        .withDnsNames(List.of("db.example.org", "*.db.example.org", "alias.example.org"))
        .withFederatesWith(
            Set.of(TrustDomain.parse("partner.org"), TrustDomain.parse("aws.example.com")))
        .withAdmin(true)
        .withHint("primary database; 'quoted' \"hint\" ünïcode");
  }

  @Test
  void createAssignsIdRevisionAndCreationTime() throws Exception {
    RegistrationEntry created =
        store.createEntry(web().withId("ignored").withRevision(7, Instant.EPOCH));

    assertThat(UUID.fromString(created.id()).toString()).isEqualTo(created.id());
    assertThat(created.revision()).isEqualTo(1);
    assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00.123Z"));
    assertThat(created.withId("").withRevision(0, Instant.EPOCH)).isEqualTo(web());
    assertThat(store.entry(created.id())).contains(created);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void everyFieldRoundTrips() throws Exception {
    RegistrationEntry created = store.createEntry(full());

    RegistrationEntry read = store.entry(created.id()).orElseThrow();
    assertThat(read).isEqualTo(created);
    assertThat(read.dnsNames())
        .containsExactly("db.example.org", "*.db.example.org", "alias.example.org");
    assertThat(read.selectors()).containsExactly(NS, GID, UID);
    assertThat(read.x509SvidTtl()).isEqualTo(Duration.ofMinutes(90));
    assertThat(read.jwtSvidTtl()).isEqualTo(Duration.ofMillis(300_250));
    assertThat(read.hint()).isEqualTo("primary database; 'quoted' \"hint\" ünïcode");
  }

  @Test
  void twoEntriesGetDistinctIds() throws Exception {
    RegistrationEntry a = store.createEntry(web());
    RegistrationEntry b = store.createEntry(full());

    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void duplicateCreateIsRejectedAndChangesNothing() throws Exception {
    RegistrationEntry first = store.createEntry(RegistrationEntry.of(WEB, AGENT, Set.of(UID, GID)));

    StoreException e =
        failure(
            () ->
                store.createEntry(
                    RegistrationEntry.of(WEB, AGENT, Set.of(GID, UID)).withHint("different hint")));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
    assertThat(e)
        .hasMessage(
            "entry: spiffe://example.org/web with parent"
                + " spiffe://example.org/agent/node-1 and selectors [unix:gid:1000, unix:uid:1000]"
                + " already exists (id "
                + first.id()
                + ")");
    assertThat(store.listEntries(EntryFilter.all())).containsExactly(first);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void entriesDifferingInSelectorsOrParentAreNotDuplicates() throws Exception {
    store.createEntry(RegistrationEntry.of(WEB, AGENT, Set.of(UID, GID)));
    store.createEntry(RegistrationEntry.of(WEB, AGENT, Set.of(UID)));
    store.createEntry(RegistrationEntry.of(WEB, AGENT, Set.of(UID, GID, NS)));
    store.createEntry(RegistrationEntry.of(WEB, OTHER_AGENT, Set.of(UID)));
    store.createEntry(RegistrationEntry.of(DB, AGENT, Set.of(UID)));

    assertThat(store.listEntries(EntryFilter.all())).hasSize(5);
  }

  @Test
  void updateReplacesFieldsRaisesRevisionAndKeepsCreationTime() throws Exception {
    RegistrationEntry created = store.createEntry(web());
    clock.advance(Duration.ofHours(1));

    RegistrationEntry changed = full().withId(created.id()).withRevision(99, Instant.EPOCH);
    RegistrationEntry updated = store.updateEntry(changed);

    assertThat(updated).isEqualTo(changed.withRevision(2, created.createdAt()));
    assertThat(store.entry(created.id())).contains(updated);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(NS)))).containsExactly(updated);
    assertThat(store.revision()).isEqualTo(2);
    assertThat(store.updateEntry(updated).revision()).isEqualTo(3);
  }

  @Test
  void updateOfUnknownEntryIsNotFound() throws Exception {
    RegistrationEntry kept = store.createEntry(web());

    StoreException e = failure(() -> store.updateEntry(full().withId("no-such-id")));
    StoreException sameAsKept = failure(() -> store.updateEntry(web().withId("no-such-id")));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(e).hasMessage("entry no-such-id: not found");
    assertThat(sameAsKept.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(store.listEntries(EntryFilter.all())).containsExactly(kept);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void updateWithoutIdIsInvalid() {
    StoreException e = failure(() -> store.updateEntry(web()));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID);
    assertThat(e).hasMessage("entry.id: empty (expected: the id of an existing entry)");
  }

  @Test
  void updateIntoAnotherEntrysIdentityIsRejectedAndChangesNothing() throws Exception {
    RegistrationEntry a = store.createEntry(web());
    RegistrationEntry b = store.createEntry(RegistrationEntry.of(DB, AGENT, Set.of(UID)));

    StoreException e = failure(() -> store.updateEntry(web().withId(b.id()).withHint("moved")));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
    assertThat(e)
        .hasMessage(
            "entry: spiffe://example.org/web with parent"
                + " spiffe://example.org/agent/node-1 and selectors [unix:uid:1000] already exists (id "
                + a.id()
                + ")");
    assertThat(store.entry(b.id())).contains(b);
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void deleteRemovesEntryAndItsSelectors() throws Exception {
    RegistrationEntry a = store.createEntry(web());
    RegistrationEntry b = store.createEntry(full());

    store.deleteEntry(a.id());

    assertThat(store.entry(a.id())).isEmpty();
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(UID)))).containsExactly(b);
    assertThat(store.revision()).isEqualTo(3);
    try (var c = fixture.raw();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM entry_selectors WHERE entry_id = '" + a.id() + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void deleteOfUnknownEntryIsNotFoundAndChangesNothing() throws Exception {
    RegistrationEntry kept = store.createEntry(web());

    StoreException e = failure(() -> store.deleteEntry("no-such-id"));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(e).hasMessage("entry no-such-id: not found");
    assertThat(store.listEntries(EntryFilter.all())).containsExactly(kept);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void unknownEntryIsEmpty() throws Exception {
    assertThat(store.entry("no-such-id")).isEmpty();
  }

  @Test
  void listFiltersBySpiffeIdParentAndAllSelectors() throws Exception {
    RegistrationEntry webUid = store.createEntry(RegistrationEntry.of(WEB, AGENT, Set.of(UID)));
    RegistrationEntry webUidGid =
        store.createEntry(RegistrationEntry.of(WEB, AGENT, Set.of(UID, GID)));
    RegistrationEntry webOther =
        store.createEntry(RegistrationEntry.of(WEB, OTHER_AGENT, Set.of(UID, GID, NS)));
    RegistrationEntry dbNs = store.createEntry(RegistrationEntry.of(DB, OTHER_AGENT, Set.of(NS)));

    assertThat(store.listEntries(EntryFilter.bySpiffeId(WEB)))
        .containsExactlyInAnyOrder(webUid, webUidGid, webOther);
    assertThat(store.listEntries(EntryFilter.byParentId(OTHER_AGENT)))
        .containsExactly(dbNs, webOther);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(UID))))
        .containsExactlyInAnyOrder(webUid, webUidGid, webOther);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(UID, GID))))
        .containsExactlyInAnyOrder(webUidGid, webOther);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(GID, NS))))
        .containsExactly(webOther);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(NS))))
        .containsExactly(dbNs, webOther);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(Selector.parse("unix:uid:1001")))))
        .isEmpty();
    assertThat(
            store.listEntries(new EntryFilter(Optional.of(WEB), Optional.of(AGENT), Set.of(GID))))
        .containsExactly(webUidGid);
    assertThat(store.listEntries(new EntryFilter(Optional.of(DB), Optional.of(AGENT), Set.of())))
        .isEmpty();
  }

  @Test
  void listIsOrderedBySpiffeIdThenId() throws Exception {
    List<RegistrationEntry> created = new ArrayList<>();
    for (String path : List.of("/zeta", "/alpha", "/Beta", "/alpha", "/alpha/x", "/alpha-1")) {
      SpiffeId id = SpiffeId.parse("spiffe://example.org" + path);
      created.add(
          store.createEntry(
              RegistrationEntry.of(
                  id, AGENT, Set.of(Selector.parse("unix:uid:" + created.size())))));
    }

    List<RegistrationEntry> listed = store.listEntries(EntryFilter.all());

    assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
    assertThat(listed)
        .isSortedAccordingTo(
            java.util.Comparator.comparing((RegistrationEntry e) -> e.spiffeId().toString())
                .thenComparing(RegistrationEntry::id));
    assertThat(listed.getFirst().spiffeId().toString()).isEqualTo("spiffe://example.org/Beta");
  }

  @Test
  void failedCreateLeavesNothingBehind() throws Exception {
    fixture.failSelectorInsertsOf("boom");

    StoreException e =
        failure(
            () ->
                store.createEntry(
                    RegistrationEntry.of(WEB, AGENT, Set.of(UID, Selector.parse("zz:boom")))));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains(": create entry failed: ").contains("injected failure");
    assertThat(store.listEntries(EntryFilter.all())).isEmpty();
    assertThat(store.revision()).isZero();
    assertThat(store.createEntry(web()).revision()).isEqualTo(1);
  }

  @Test
  void failedUpdateLeavesTheEntryAsItWas() throws Exception {
    RegistrationEntry original = store.createEntry(full());
    fixture.failSelectorInsertsOf("boom");

    StoreException e =
        failure(
            () ->
                store.updateEntry(
                    RegistrationEntry.of(WEB, OTHER_AGENT, Set.of(UID, Selector.parse("zz:boom")))
                        .withId(original.id())));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(store.entry(original.id())).contains(original);
    assertThat(store.listEntries(EntryFilter.bySelectors(Set.of(NS)))).containsExactly(original);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void concurrentIdenticalCreatesStoreExactlyOne() throws Exception {
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    store.createEntry(web());
                    return true;
                  } catch (StoreException e) {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
                    return false;
                  }
                }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> r : results) {
        won += r.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    }
    assertThat(store.listEntries(EntryFilter.all())).hasSize(1);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void entriesAndRevisionSurviveARestart() throws Exception {
    RegistrationEntry a = store.createEntry(web());
    RegistrationEntry b = store.updateEntry(store.createEntry(full()).withHint("updated"));

    DataStore reopened = reopen();

    assertThat(reopened.listEntries(EntryFilter.all())).containsExactly(b, a);
    assertThat(reopened.revision()).isEqualTo(3);
    assertThat(reopened.createEntry(RegistrationEntry.of(WEB, OTHER_AGENT, Set.of(UID))).revision())
        .isEqualTo(1);
    assertThat(reopened.revision()).isEqualTo(4);
  }

  @Test
  void closedStoreIsUnavailable() throws Exception {
    store.close();

    StoreException e = failure(() -> store.listEntries(EntryFilter.all()));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(e).hasMessage("data store: closed");
    store.close();
  }
}
