package com.slaledger.projection.audit;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public half of the export key, for {@code audit-verifier verify --public-key}. Public by
 * nature, so open to anyone; an auditor should still compare its key id with one obtained out of
 * band, since whoever controls this endpoint could hand out another key.
 */
@RestController
public class SigningKeyEndpoint {

    public static final String KEY_ID_HEADER = "X-Signing-Key-Id";

    private final ExportSigner signer;

    public SigningKeyEndpoint(ExportSigner signer) {
        this.signer = signer;
    }

    @GetMapping(value = "/api/signing-key", produces = "application/x-pem-file")
    public ResponseEntity<String> publicKey() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header(KEY_ID_HEADER, signer.keyId())
                .body(signer.publicKeyPem());
    }
}
