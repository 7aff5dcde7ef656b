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
