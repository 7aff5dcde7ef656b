package org.tenantio.importer.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The ordered hand-off with real threads: chunks arrive in any order, are written in file order, one at a time. */
class ChunkOrderTest {

    private final ChunkOrder order = new ChunkOrder();
    // a thread per chunk: here chunks may reach their turn in any order (the route's executor
    // takes them in file order, so a full pool never waits on a chunk still queued behind it)
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @RepeatedTest(5)
    void chunksArrivingInAnyOrderAreWrittenInFileOrderOneAtATime() throws Exception {
        UUID run = UUID.randomUUID();
        order.open(run);
        List<Integer> arrival = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            arrival.add(i);
        }
        Collections.shuffle(arrival);
        List<Integer> written = new CopyOnWriteArrayList<>();
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Future<Integer>> results = new ArrayList<>();
        for (int index : arrival) {
            results.add(threads.submit(() -> order.inTurn(run, index, () -> {
                if (writing.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                written.add(index);
                writing.decrementAndGet();
                return index;
            })));
        }
        for (Future<Integer> f : results) {
            f.get(30, TimeUnit.SECONDS);
        }
        order.finish(run);

        assertThat(written).isSorted().hasSize(40);
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void aFailedWriteFailsEveryLaterChunkAndTheEndOfTheRun() throws Exception {
        UUID run = UUID.randomUUID();
        order.open(run);
        Future<Object> later = threads.submit(() -> order.inTurn(run, 2, () -> "never"));
        order.inTurn(run, 0, () -> "ok");

        assertThatThrownBy(() -> order.inTurn(run, 1, () -> {
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThatThrownBy(() -> later.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ChunkOrder.EarlierChunkFailed.class);
        assertThatThrownBy(() -> order.finish(run)).hasMessage("disk full");
    }

    @Test
    void aChunkThatFailsBeforeItsTurnStopsTheRunOnlyOnceEveryEarlierChunkIsWritten() throws Exception {
        UUID run = UUID.randomUUID();
        order.open(run);
        CountDownLatch failing = new CountDownLatch(1);
        Future<?> failure = threads.submit(() -> {
            failing.countDown();
            order.fail(run, 1, new IllegalStateException("row 7 rejected"));
        });
        failing.await();
        // chunk 0 is still written: the failure of chunk 1 waits for its turn
        assertThat(order.inTurn(run, 0, () -> "written")).isEqualTo("written");
        failure.get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> order.inTurn(run, 1, () -> "never")).isInstanceOf(ChunkOrder.EarlierChunkFailed.class);
        assertThatThrownBy(() -> order.finish(run)).hasMessage("row 7 rejected");
    }

    @Test
    void stoppingARunWaitsForTheWriteInProgressAndRefusesLaterChunks() throws Exception {
        UUID run = UUID.randomUUID();
        order.open(run);
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger committed = new AtomicInteger();
        Future<?> writer = threads.submit(() -> order.inTurn(run, 0, () -> {
            inWrite.countDown();
            await(release);
            return committed.incrementAndGet();
        }));
        inWrite.await();
        Future<?> stopper = threads.submit(() -> order.stop(run, new IllegalStateException("failing")));
        assertThat(stopper.isDone()).isFalse();
        release.countDown();
        stopper.get(30, TimeUnit.SECONDS);

        assertThat(committed).as("stop returned only after the write in progress ended").hasValue(1);
        writer.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> order.inTurn(run, 1, () -> "never")).isInstanceOf(ChunkOrder.EarlierChunkFailed.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
