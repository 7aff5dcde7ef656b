package org.tenantio.importer.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.tenantio.importer.delivery.DeliveryAllowlist;
import org.tenantio.importer.system.TenantScope;

/**
 * The alert-delivery route's steps: one alert to one channel. A Slack-compatible webhook gets
 * {@code {"text": ...}} POSTed to its stored URL, whose host is checked against the delivery
 * allowlist again now; an email goes out over SMTP (spring.mail.*). Each outcome is noted on the
 * alert.
 */
@Component("alertNotifier")
public class AlertNotifier {

    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

    private final AlertChannels channels;
    private final Alerts alerts;
    private final DeliveryAllowlist allowlist;
    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectMapper json;
    private final String from;

    public AlertNotifier(AlertChannels channels, Alerts alerts, DeliveryAllowlist allowlist,
                         ObjectProvider<JavaMailSender> mail, ObjectMapper json,
                         @Value("${importer.alerts.mail-from:importer@localhost}") String from) {
        this.channels = channels;
        this.alerts = alerts;
        this.allowlist = allowlist;
        this.mail = mail;
        this.json = json;
        this.from = from;
    }

    /** What the route carries: an alert for one channel of its tenant. */
    public record Notice(UUID tenantId, UUID channelId, Alert alert) {
    }

    /** Sends an email now, or readies a webhook call (returns its body; the route POSTs it). */
    public String prepare(@Body Notice notice, @Headers Map<String, Object> headers,
                          @ExchangeProperties Map<String, Object> properties) {
        properties.put("alertNotice", notice);
        AlertChannels.Channel channel = TenantScope.call(notice.tenantId(),
                () -> channels.find(notice.tenantId(), notice.channelId())).orElse(null);
        headers.clear();
        properties.put("alertChannel", channel == null ? "gone" : channel.kind());
        if (channel == null) {
            return null;
        }
        Alert a = notice.alert();
        String text = "[" + a.severity().toUpperCase(java.util.Locale.ROOT) + "] " + a.message() + "\n" + a.link();
        if ("email".equals(channel.kind())) {
            email(channel.target(), a, text);
            return null;
        }
        allowlist.check(DeliveryAllowlist.httpHost(channel.target()));
        headers.put(Exchange.HTTP_METHOD, "POST");
        headers.put(Exchange.CONTENT_TYPE, "application/json");
        properties.put("alertUrl", channel.target());
        try {
            return json.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void email(String to, Alert a, String text) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("No SMTP server is configured (spring.mail.host)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject("[tenant-importer] " + a.severity() + ": " + a.kind() + (a.pipeline() == null ? "" : " on " + a.pipeline()));
        message.setText(text + "\n");
        sender.send(message);
    }

    public void sent(@ExchangeProperties Map<String, Object> properties) {
        note(properties, String.valueOf(properties.get("alertChannel")), "sent");
    }

    /** Retries are over (or the target is refused): noted on the alert; nothing else depends on it. */
    public void gaveUp(@ExchangeProperties Map<String, Object> properties, Exception cause) {
        Notice notice = (Notice) properties.get("alertNotice");
        if (notice != null) {
            log.warn("Alert {} to channel {} gave up: {}", notice.alert().id(), notice.channelId(),
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
        }
        note(properties, String.valueOf(properties.getOrDefault("alertChannel", "unknown")), "failed");
    }

    private void note(Map<String, Object> properties, String kind, String outcome) {
        Notice notice = (Notice) properties.get("alertNotice");
        if (notice != null) {
            TenantScope.run(notice.tenantId(), () -> alerts.notified(notice.tenantId(), notice.alert().id(), kind, outcome));
        }
    }
}
