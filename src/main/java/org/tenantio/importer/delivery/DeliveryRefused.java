package org.tenantio.importer.delivery;

/** A delivery that must not be attempted (host not allowed, secret missing): failed at once, never retried. */
public class DeliveryRefused extends RuntimeException {

    public DeliveryRefused(String message) {
        super(message);
    }
}
