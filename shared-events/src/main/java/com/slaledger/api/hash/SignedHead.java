package com.slaledger.api.hash;

import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/**
 * The head of a contract's chain as the service exported it: the last sequence and its hash, and
 * when, signed with the service's Ed25519 key. A bundle cut short, re-ordered or extended no longer
 * ends where its head says, and a head cannot be re-signed without the key. The signed bytes are
 * {@link #signedText()} in UTF-8 (docs/bundle-format.md).
 */
public record SignedHead(
        String contractId, long lastSequence, String hash, Instant exportedAt, String keyId, String signature) {

    public static final String ALGORITHM = "Ed25519";

    /** The canonical JSON of every field but the signature. */
    public String signedText() {
        ObjectNode signed = SlaJson.mapper().createObjectNode();
        signed.put("contractId", contractId);
        signed.put("lastSequence", lastSequence);
        signed.put("hash", hash);
        signed.put("exportedAt", exportedAt.toString());
        signed.put("keyId", keyId);
        return SlaJson.canonical(signed);
    }

    public static SignedHead sign(
            String contractId, long lastSequence, String hash, Instant exportedAt, PrivateKey key, String keyId) {
        SignedHead unsigned = new SignedHead(contractId, lastSequence, hash, exportedAt, keyId, null);
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(unsigned.signedText().getBytes(StandardCharsets.UTF_8));
            return new SignedHead(
                    contractId,
                    lastSequence,
                    hash,
                    exportedAt,
                    keyId,
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the export key: " + e.getMessage(), e);
        }
    }

    /** Whether {@link #signature} is this head's signature under {@code key}. */
    public boolean isSignedBy(PublicKey key) {
        if (signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signedText().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
