package marquee.reservations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live seat-map feed of one process: however many watchers it serves, it reads the seat events
 * of every watched showtime with <em>one</em> query per tick and fans each event out to every
 * watcher of that showtime here. Events are written by every instance in the same transactions as
 * the seat changes, so a change made anywhere reaches a watcher here within one tick (default 50 ms)
 * plus one query. Idle (no watchers), it does not touch the database.
 *
 * <p>Each watcher keeps its own last version and only gets newer events, so a watcher joining with an
 * older snapshot than the feed's cursor simply winds the cursor back for the next tick. Only settled
 * events are delivered (V10__seat_versions_without_a_hot_row.sql): versions come from one sequence
 * without a lock held through the commit, so an event is passed on once no smaller version can
 * still commit.
 */
final class SeatMapFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeatMapFeed.class);
    /** Events read per showtime per tick; a watcher further behind catches up over the next ticks. */
    static final int BATCH = 500;

    /** What a watcher receives: events in version order, or the end of the feed (it should watch again). */
    interface Watcher {
        void onEvent(SeatEvent event);

        void onFailure(RuntimeException cause);

        boolean isGone();
    }

    /** One registration; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Entry {
        final Watcher watcher;
        /** Written by the poller thread only after registration. */
        volatile long seen;

        Entry(Watcher watcher, long seen) {
            this.watcher = watcher;
            this.seen = seen;
        }
    }

    private static final class Topic {
        final List<Entry> watchers = new CopyOnWriteArrayList<>();
        /** Events after this version are read next tick. */
        final AtomicLong cursor;

        Topic(long cursor) {
            this.cursor = new AtomicLong(cursor);
        }
    }

    private final DataSource db;
    private final Map<UUID, Topic> topics = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    /** Whether the last read left changes that were not settled yet (only the ticker thread reads and writes it). */
    private boolean pendingAfterRead;
    private final ScheduledFuture<?> ticker;

    SeatMapFeed(DataSource db, ScheduledExecutorService scheduler, Duration tick) {
        this.db = db;
        // Fixed delay on one scheduler thread: ticks never overlap, so each watcher is called by one thread at a time.
        this.ticker = scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Delivers every event of the showtime after {@code snapshotVersion} to the watcher, in order. */
    Subscription subscribe(UUID showtimeId, long snapshotVersion, Watcher watcher) {
        Entry entry = new Entry(watcher, snapshotVersion);
        topics.compute(showtimeId, (id, topic) -> {
            Topic t = topic == null ? new Topic(snapshotVersion) : topic;
            t.cursor.accumulateAndGet(snapshotVersion, Math::min);
            t.watchers.add(entry);
            return t;
        });
        return () -> remove(showtimeId, entry);
    }

    private void remove(UUID showtimeId, Entry entry) {
        topics.computeIfPresent(showtimeId, (id, topic) -> {
            topic.watchers.remove(entry);
            return topic.watchers.isEmpty() ? null : topic;
        });
    }

    /** Showtimes with at least one watcher on this process. */
    int showtimes() {
        return topics.size();
    }

    /** Database queries the feed has made (one per tick with watchers), for tests and metrics. */
    long queries() {
        return queries.get();
    }

    /** Re-reads (10 ms apart) when changes were still settling, so they are not left for the next tick. */
    private static final int SETTLE_REREADS = 2;

    void tick() {
        for (int read = 0; read <= SETTLE_REREADS; read++) {
            if (!tickOnce() || read == SETTLE_REREADS) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One read and delivery; true when some showtime had changes that were not settled yet. */
    private boolean tickOnce() {
        try {
            topics.forEach((id, topic) -> topic.watchers.forEach(e -> {
                if (e.watcher.isGone()) remove(id, e);
            }));
            if (topics.isEmpty()) return false;
            Map<UUID, Topic> watched = new HashMap<>(topics);
            Map<UUID, Long> readFrom = new HashMap<>();
            watched.forEach((id, topic) -> readFrom.put(id, topic.cursor.get()));
            Map<UUID, List<SeatEvent>> events;
            try {
                events = read(readFrom);
            } catch (RuntimeException e) {
                // Without its source no stream can go on; each client reconnects and gets a fresh snapshot.
                log.warn("Seat map feed could not read seat changes; ending {} watched showtime(s)", watched.size(), e);
                watched.forEach((id, topic) -> topic.watchers.forEach(entry -> {
                    remove(id, entry);
                    entry.watcher.onFailure(e);
                }));
                return false;
            }
            events.forEach((id, list) -> {
                Topic topic = watched.get(id);
                long from = readFrom.get(id);
                for (SeatEvent event : list) {
                    for (Entry entry : topic.watchers) {
                        // A watcher that joined during the read with an older snapshot waits for the next tick.
                        if (event.version() <= entry.seen || entry.seen < from) continue;
                        try {
                            entry.watcher.onEvent(event);
                            entry.seen = event.version();
                        } catch (RuntimeException e) {
                            log.debug("Seat map watcher of showtime {} went away", id, e);
                            remove(id, entry);
                        }
                    }
                }
            });
            boolean pending = pendingAfterRead;
            // Next tick reads after the oldest version any watcher has (atomically with subscribe).
            watched.keySet().forEach(id -> topics.computeIfPresent(id, (key, topic) -> {
                topic.watchers.stream().mapToLong(e -> e.seen).min().ifPresent(topic.cursor::set);
                return topic;
            }));
            return pending;
        } catch (RuntimeException e) {
            log.warn("Seat map feed tick failed", e);
            return false;
        }
    }

    /** One round trip for every watched showtime: the events after each one's cursor. */
    private Map<UUID, List<SeatEvent>> read(Map<UUID, Long> watched) {
        UUID[] ids = new UUID[watched.size()];
        Long[] after = new Long[watched.size()];
        int i = 0;
        for (Map.Entry<UUID, Long> e : watched.entrySet()) {
            ids[i] = e.getKey();
            after[i++] = e.getValue();
        }
        Map<UUID, List<SeatEvent>> events = new HashMap<>();
        queries.incrementAndGet();
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT w.showtime_id, e.version, e.seat_ids, e.status, e.reason, e.settled
                  FROM unnest(?::uuid[], ?::bigint[]) AS w(showtime_id, after_version)
                 CROSS JOIN LATERAL (
                       SELECT version, seat_ids, status, reason, %s AS settled FROM seat_event
                        WHERE showtime_id = w.showtime_id AND version > w.after_version
                        ORDER BY version LIMIT %d) e
                 ORDER BY w.showtime_id, e.version""".formatted(SeatMaps.SETTLED, BATCH))) {
            q.setArray(1, c.createArrayOf("uuid", ids));
            q.setArray(2, c.createArrayOf("bigint", after));
            Map<UUID, List<Boolean>> settled = new HashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID showtime = rs.getObject(1, UUID.class);
                    events.computeIfAbsent(showtime, k -> new ArrayList<>()).add(new SeatEvent(
                            rs.getLong(2), List.of((String[]) rs.getArray(3).getArray()), rs.getString(4), rs.getString(5)));
                    settled.computeIfAbsent(showtime, k -> new ArrayList<>()).add(rs.getBoolean(6));
                }
            }
            // Deliver each showtime's events only up to its last settled one (see V10): an event
            // after it may still be preceded by a smaller version that has not committed yet.
            boolean[] pending = {false};
            events.replaceAll((showtime, list) -> {
                List<SeatEvent> deliver = SeatMaps.settledPrefix(list, settled.get(showtime));
                pending[0] |= deliver.size() < list.size();
                return deliver;
            });
            pendingAfterRead = pending[0];
        } catch (SQLException e) {
            throw new IllegalStateException("could not read seat changes of " + ids.length + " showtime(s)", e);
        }
        return events;
    }

    @Override
    public void close() {
        ticker.cancel(false);
    }
}
