package org.tenantio.importer.crypto;

import java.util.Set;

/** Which fields of an entity are stored encrypted: the entity contract's answer (quality.EntityContracts). */
public interface SensitiveFields {

    Set<String> encrypted(String entityType);
}
