package org.tenantio.importer.web.console;

import org.springframework.boot.web.servlet.server.Session.SessionTrackingMode;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's session: a server-side servlet session whose cookie is HttpOnly and
 * SameSite=Strict, tracked by cookie only (never a session id in a URL), and ended by Tomcat after
 * {@code importer.console.idle-timeout} without a request.
 */
@Configuration
class ConsoleConfiguration implements WebMvcConfigurer {

    private final ConsoleGate gate;
    private final ConsoleHeaders headers;

    ConsoleConfiguration(ConsoleGate gate, ConsoleHeaders headers) {
        this.gate = gate;
        this.headers = headers;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(headers).addPathPatterns("/console", "/console/**");
        registry.addInterceptor(gate).addPathPatterns("/console", "/console/**").excludePathPatterns("/console/assets/**");
    }

    @Bean
    WebServerFactoryCustomizer<AbstractServletWebServerFactory> consoleSessionCookie(
            @Value("${importer.console.idle-timeout:PT30M}") Duration idleTimeout) {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(AbstractServletWebServerFactory factory) {
                var session = factory.getSession();
                session.setTimeout(idleTimeout);
                session.setTrackingModes(Set.of(SessionTrackingMode.COOKIE));
                Cookie cookie = session.getCookie();
                cookie.setHttpOnly(true);
                cookie.setSameSite(Cookie.SameSite.STRICT);
                cookie.setName("IMPORTER_CONSOLE");
            }
        };
    }
}
