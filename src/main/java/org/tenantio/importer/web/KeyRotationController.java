package org.tenantio.importer.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.privacy.KeyRotations;
import org.tenantio.importer.privacy.KeyRotations.Rotation;
import org.tenantio.importer.security.PlatformAdmin;
import org.tenantio.importer.system.RequestIdFilter;

/**
 * Rotation of the installation's encryption keys (the platform key only, see PlatformKeyFilter):
 * a new key is current at once; older values are re-encrypted in the background.
 */
@RestController
@RequestMapping(PlatformKeyFilter.KEYS_PATH)
public class KeyRotationController {

    private final KeyRotations rotations;

    public KeyRotationController(KeyRotations rotations) {
        this.rotations = rotations;
    }

    @PostMapping("/rotate")
    public ResponseEntity<Rotation> rotate(HttpServletRequest request) {
        Rotation r = rotations.rotate(PlatformAdmin.ACTOR, PlatformAdmin.ROLE, RequestIdFilter.of(request));
        return ResponseEntity.accepted().location(URI.create(PlatformKeyFilter.KEYS_PATH + "/rotations/" + r.id())).body(r);
    }

    @GetMapping("/rotations/{id}")
    public Rotation rotation(@PathVariable String id) {
        return rotations.find(Ids.parse(id, "Rotation")).orElseThrow(() -> new ApiException(404, "not_found", "Rotation not found"));
    }
}
