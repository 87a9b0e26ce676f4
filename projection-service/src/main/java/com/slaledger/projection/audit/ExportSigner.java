package com.slaledger.projection.audit;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.hash.SignedHead;
import com.slaledger.api.hash.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs the head of every export with the service's Ed25519 key ({@code sla.signing.key}, from
 * {@code SLA_SIGNING_KEY}). A key that is set but unreadable, or whose public half does not belong to
 * its private half, stops the service at start. Without one, the service makes a key that lives as
 * long as the process and says so: its exports verify only against {@code GET /api/signing-key} of
 * that same run.
 */
@Component
public class ExportSigner {

    private static final Logger log = LoggerFactory.getLogger(ExportSigner.class);

    private final KeyPair keys;
    private final String keyId;

    public ExportSigner(@Value("${sla.signing.key:}") String configured) {
        if (configured == null || configured.isBlank()) {
            this.keys = SigningKeys.generate();
            log.warn("SLA_SIGNING_KEY is not set: exports are signed with a key made for this process only; "
                    + "set SLA_SIGNING_KEY for heads that verify after a restart (docs/bundle-format.md)");
        } else {
            this.keys = SigningKeys.readPair(configured.contains("-----BEGIN") ? configured : read(configured));
        }
        this.keyId = SigningKeys.keyId(keys.getPublic());
    }

    /** The head of an export whose last event is {@code last}. */
    public SignedHead sign(EventEnvelope last, Instant exportedAt) {
        return SignedHead.sign(last.contractId(), last.sequence(), last.hash(), exportedAt, keys.getPrivate(), keyId);
    }

    public String publicKeyPem() {
        return SigningKeys.pem(keys.getPublic());
    }

    public String keyId() {
        return keyId;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key file " + path, e);
        }
    }
}
