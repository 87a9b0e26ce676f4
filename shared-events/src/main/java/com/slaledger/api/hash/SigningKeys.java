package com.slaledger.api.hash;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in PEM, as {@code openssl} writes them: {@code PRIVATE KEY} (PKCS#8) and
 * {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo). Java cannot derive an Ed25519 public key from
 * the private one, so the service's key file holds both blocks (docs/bundle-format.md says how to
 * make one).
 */
public final class SigningKeys {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private SigningKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(SignedHead.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has Ed25519", e);
        }
    }

    /** Both keys from one PEM text; fails, naming what is missing, unless they belong together. */
    public static KeyPair readPair(String pem) {
        String privateBlock = block(pem, "PRIVATE KEY");
        String publicBlock = block(pem, "PUBLIC KEY");
        if (privateBlock == null || publicBlock == null) {
            throw new IllegalArgumentException(
                    "the signing key needs a PRIVATE KEY and a PUBLIC KEY block in PEM (Ed25519)");
        }
        try {
            KeyFactory keys = KeyFactory.getInstance(SignedHead.ALGORITHM);
            PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(decode(privateBlock)));
            PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(decode(publicBlock)));
            KeyPair pair = new KeyPair(publicKey, privateKey);
            SignedHead probe = SignedHead.sign("probe", 0, "", java.time.Instant.EPOCH, privateKey, "probe");
            if (!probe.isSignedBy(publicKey)) {
                throw new IllegalArgumentException("the signing key's PUBLIC KEY does not belong to its PRIVATE KEY");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the signing key is not an Ed25519 key in PEM: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(String pem) {
        String publicBlock = block(pem, "PUBLIC KEY");
        if (publicBlock == null) {
            throw new IllegalArgumentException("no PUBLIC KEY block in PEM");
        }
        try {
            return KeyFactory.getInstance(SignedHead.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(decode(publicBlock)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static String pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem(pair.getPublic());
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** Names a public key: the lower-case hex SHA-256 of its DER encoding, first 16 characters. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static String block(String pem, String label) {
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                return matcher.group(2);
            }
        }
        return null;
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.strip());
    }
}
