package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every index exactly once, on more than one thread, and never stuck behind a busy or stopped pool. */
class ScoringSlicesTest {

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void everyIndexRunsExactlyOnceAndThePoolTakesPart() {
        ScoringSlices slices = new ScoringSlices(camel, 2);
        int n = 10_000;
        AtomicIntegerArray calls = new AtomicIntegerArray(n);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch bothBusy = new CountDownLatch(2);
        slices.run(n, i -> {
            calls.incrementAndGet(i);
            if (threads.add(Thread.currentThread().getName())) {
                bothBusy.countDown();
            }
            if (i < 6) { // the first index of each slice: wait until a second thread is working too
                awaitQuietly(bothBusy);
            }
        });
        for (int i = 0; i < n; i++) {
            assertThat(calls.get(i)).as("calls of index %d", i).isEqualTo(1);
        }
        assertThat(threads).hasSizeGreaterThan(1);
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        ScoringSlices slices = new ScoringSlices(camel, 2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        slices.run(ScoringSlices.MIN_PARALLEL - 1, i -> threads.add(Thread.currentThread().getName()));
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aFailureReachesTheCaller() {
        ScoringSlices slices = new ScoringSlices(camel, 2);
        assertThatThrownBy(() -> slices.run(1000, i -> {
            if (i == 777) {
                throw new IllegalArgumentException("pair 777");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("pair 777");
    }

    @Test
    void aPoolThatIsBusyOrStoppedOnlyMakesItSerial() throws Exception {
        ScoringSlices slices = new ScoringSlices(camel, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        // Another chunk's slice holds the only pool thread until this chunk is done.
        Thread other = new Thread(() -> slices.run(1000, i -> {
            if (!Thread.currentThread().getName().startsWith("other")) {
                blocked.countDown();
                awaitQuietly(release);
            }
        }), "other-chunk");
        other.start();
        assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
        for (int round = 0; round < 3; round++) { // the queue fills up: later slices are refused and run here
            AtomicIntegerArray calls = new AtomicIntegerArray(500);
            slices.run(500, calls::incrementAndGet);
            for (int i = 0; i < 500; i++) {
                assertThat(calls.get(i)).isEqualTo(1);
            }
        }
        release.countDown();
        other.join(30_000);
        assertThat(other.isAlive()).isFalse();

        camel.stop();
        AtomicIntegerArray afterStop = new AtomicIntegerArray(500);
        slices.run(500, afterStop::incrementAndGet);
        for (int i = 0; i < 500; i++) {
            assertThat(afterStop.get(i)).isEqualTo(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
