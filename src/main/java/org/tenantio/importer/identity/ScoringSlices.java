package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Spreads a chunk's identity work (preparing records, scoring pairs) over the cores: the
 * indexes 0..n-1 are dealt round-robin into slices, one runs on the calling thread (the chunk's
 * writer) and the others on the Camel-managed {@code identity-scoring} pool. The caller runs any
 * slice no pool thread has started yet itself, so it never waits for queued work: a pool busy
 * with another run's chunk only makes this one less parallel, never stuck.
 */
@Component
public class ScoringSlices {

    /** Below this many items a chunk is scored on the calling thread: handing work over would cost more. */
    static final int MIN_PARALLEL = 64;

    private final ExecutorService pool;
    private final int slices;

    public ScoringSlices(CamelContext camel, @Value("${importer.identity.scoring-threads:0}") int configured) {
        int threads = configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        this.pool = camel.getExecutorServiceManager().newThreadPool(this, "identity-scoring",
                new ThreadPoolProfileBuilder("identity-scoring").poolSize(threads).maxPoolSize(threads)
                        .maxQueueSize(4 * threads).rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                        .allowCoreThreadTimeOut(true).build());
        // Twice as many slices as threads (caller included): slices differ in cost, the caller takes up the slack.
        this.slices = 2 * (threads + 1);
    }

    /** Calls work for every index in 0..n-1, exactly once each, and returns when all calls have returned. */
    public void run(int n, IntConsumer work) {
        if (n < MIN_PARALLEL) {
            for (int i = 0; i < n; i++) {
                work.accept(i);
            }
            return;
        }
        List<FutureTask<Void>> handedOver = new ArrayList<>(slices - 1);
        for (int s = 1; s < slices; s++) {
            int first = s;
            FutureTask<Void> task = new FutureTask<>(() -> slice(first, n, work), null);
            handedOver.add(task);
            try {
                pool.execute(task);
            } catch (RejectedExecutionException full) {
                // the queue is full or the pool is shutting down: the caller runs this slice below
            }
        }
        slice(0, n, work);
        for (FutureTask<Void> task : handedOver) {
            task.run(); // a no-op when a pool thread has started or finished it
            try {
                task.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while scoring a chunk", e);
            }
        }
    }

    private void slice(int first, int n, IntConsumer work) {
        for (int i = first; i < n; i += slices) {
            work.accept(i);
        }
    }
}
