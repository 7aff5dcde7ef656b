package org.tenantio.importer.load;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The executor the import route prepares chunks on (its split's {@code executorService}):
 * Camel-managed (named, shut down with the routes), one thread per core, and a queue as short
 * as the pool. When it is full the route's own thread prepares the next chunk itself, so reading
 * slows to the writer's pace and the heap holds at most threads + queue + 1 chunks.
 */
@Configuration(proxyBeanMethods = false)
public class ImportExecutors {

    public static final String CHUNK_EXECUTOR = "importChunkExecutor";
    public static final String STATISTICS_EXECUTOR = "plannerStatisticsExecutor";

    /**
     * Where planner statistics are refreshed after a chunk commits, off the writer's path (an
     * ANALYZE of three tables took the writer 0.5-1.5 s each time a run crossed a threshold):
     * Camel-managed, one thread, one waiting refresh at most (a refresh finds by itself what
     * grew, so one more queued behind it adds nothing: the writer drops it).
     */
    @Bean(STATISTICS_EXECUTOR)
    ExecutorService plannerStatisticsExecutor(CamelContext camel) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("planner-statistics")
                .poolSize(1).maxPoolSize(1).maxQueueSize(1)
                .rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .allowCoreThreadTimeOut(true)
                .build();
        return camel.getExecutorServiceManager().newThreadPool(this, "planner-statistics", profile);
    }

    @Bean(CHUNK_EXECUTOR)
    ExecutorService importChunkExecutor(CamelContext camel,
            @Value("${importer.chunk-threads:0}") int configured) {
        int threads = configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("import-chunks")
                .poolSize(threads).maxPoolSize(threads).maxQueueSize(threads)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .allowCoreThreadTimeOut(true)
                .build();
        return camel.getExecutorServiceManager().newThreadPool(this, "import-chunks", profile);
    }
}
