package dev.weft.fabric.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.fabric.session.SessionFrame.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reorder buffer and the retransmission queue on their own. */
class BuffersTest {

  @Test
  void theInboxReleasesInOrderSuppressesDuplicatesAndStaysBounded() {
    Inbox inbox = new Inbox(3);
    List<SessionFrame> ready = new ArrayList<>();
    assertThat(inbox.offer(data(1), ready)).isEqualTo(Inbox.Verdict.ACCEPTED);
    assertThat(inbox.offer(data(2), ready)).isEqualTo(Inbox.Verdict.ACCEPTED);
    assertThat(inbox.offer(data(3), ready))
        .as("beyond the buffer")
        .isEqualTo(Inbox.Verdict.OVERFLOW);
    assertThat(inbox.offer(data(2), ready)).isEqualTo(Inbox.Verdict.DUPLICATE);
    assertThat(ready).isEmpty();
    assertThat(inbox.held()).isEqualTo(2);

    assertThat(inbox.offer(data(0), ready)).isEqualTo(Inbox.Verdict.ACCEPTED);
    assertThat(ready).extracting(SessionFrame::seq).containsExactly(0L, 1L, 2L);
    assertThat(inbox.expected()).isEqualTo(3);
    assertThat(inbox.offer(data(1), ready)).isEqualTo(Inbox.Verdict.DUPLICATE);
    assertThat(inbox.held()).isZero();
  }

  @Test
  void theOutboxKeepsAWindowBacksOffAndGivesUp() {
    Outbox outbox = new Outbox(2, 3, 2, 100, 250);
    List<SessionFrame> send = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outbox.add(seq -> data(seq), 0, send);
    }
    assertThat(send).extracting(SessionFrame::seq).containsExactly(0L, 1L);
    assertThat(outbox.full()).isTrue();

    send.clear();
    assertThat(outbox.acked(-1, 1, 0, send)).as("cumulatively: no round-trip sample").isTrue();
    assertThat(send)
        .extracting(SessionFrame::seq)
        .as("the queued frame enters the window")
        .containsExactly(2L);

    send.clear();
    assertThat(outbox.overdue(99, send).count()).isZero();
    assertThat(outbox.overdue(100, send).count()).as("seqs 1 and 2 are due at 100").isEqualTo(2);
    assertThat(outbox.overdue(299, send).count()).as("backoff doubled: next at 300").isZero();
    assertThat(outbox.overdue(300, send).count()).isEqualTo(2);
    assertThat(outbox.overdue(549, send).count()).as("capped at 250").isZero();
    Outbox.Retransmits last = outbox.overdue(550, send);
    assertThat(last.exhaustedSeq()).as("two retries were the most").isEqualTo(1);

    assertThat(outbox.acked(-1, 3, 600, new ArrayList<>())).isTrue();
    assertThat(outbox.isEmpty()).isTrue();
  }

  @Test
  void theTimeoutFollowsMeasuredRoundTripsButNotRetransmittedOnes() {
    Outbox outbox = new Outbox(8, 8, 5, 200, 5000);
    List<SessionFrame> send = new ArrayList<>();
    outbox.add(seq -> data(seq), 0, send);
    outbox.add(seq -> data(seq), 0, send);
    assertThat(outbox.rto()).isEqualTo(200);
    outbox.acked(0, 0, 30, send);
    assertThat(outbox.rto()).as("30 + 4 * 15").isEqualTo(90);

    send.clear();
    assertThat(outbox.overdue(200, send).count()).as("seq 1, sent before, is due").isEqualTo(1);
    outbox.acked(1, 0, 1000, send);
    assertThat(outbox.rto()).as("a retransmitted frame gives no sample").isEqualTo(90);

    outbox.add(seq -> data(seq), 2000, send);
    assertThat(outbox.overdue(2089, send).count()).isZero();
    assertThat(outbox.overdue(2090, send).count()).isEqualTo(1);
  }

  private static SessionFrame data(long seq) {
    return new SessionFrame(Kind.DATA, 0, 1, seq, 0, 0, new byte[0]);
  }
}
