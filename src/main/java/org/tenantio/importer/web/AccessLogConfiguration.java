package org.tenantio.importer.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the access log's interceptor for streamed reads (JSON reads are logged by its body advice). */
@Configuration(proxyBeanMethods = false)
public class AccessLogConfiguration implements WebMvcConfigurer {

    private final AccessLogging logging;

    public AccessLogConfiguration(AccessLogging logging) {
        this.logging = logging;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(logging).addPathPatterns("/api/v1/**");
    }
}
