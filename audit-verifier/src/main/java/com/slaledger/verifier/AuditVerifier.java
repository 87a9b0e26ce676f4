package com.slaledger.verifier;

import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.api.json.SlaJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar audit-verifier.jar verify [--public-key key.pem] bundle.json}: checks an exported
 * bundle without any database or service. With the service's public key ({@code GET
 * /api/signing-key}) it also proves the bundle ends where the service said it did. Exit code 0 when
 * valid, 1 when the record is broken, 2 when a file cannot be read or the usage is wrong.
 */
public final class AuditVerifier {

    private static final String USAGE = "usage: java -jar audit-verifier.jar verify [--public-key KEY.pem] BUNDLE.json";

    private AuditVerifier() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        boolean withKey = args.length == 4 && args[1].equals("--public-key");
        if (!(args.length == 2 || withKey) || !args[0].equals("verify")) {
            out.println(USAGE);
            return 2;
        }
        Path bundleFile = Path.of(args[args.length - 1]);
        PublicKey publicKey = null;
        if (withKey) {
            try {
                publicKey = SigningKeys.readPublic(Files.readString(Path.of(args[2])));
            } catch (IOException | IllegalArgumentException e) {
                out.println("UNREADABLE " + args[2] + ": " + e.getMessage());
                return 2;
            }
        }
        JsonNode written;
        ExportBundle bundle;
        try {
            written = SlaJson.mapper().readTree(Files.readString(bundleFile));
            bundle = SlaJson.mapper().treeToValue(written, ExportBundle.class);
            if (bundle == null || !written.isObject()) {
                throw new IOException("the file holds no bundle");
            }
        } catch (IOException | JacksonException e) {
            out.println("UNREADABLE " + bundleFile + ": " + e.getMessage());
            return 2;
        }
        BundleVerifier.Report report = BundleVerifier.verify(bundle, written, publicKey);
        if (report.valid()) {
            out.printf(
                    "VALID %s: %d events, %d versions, head hash %s, %s%n",
                    bundle.contractId(),
                    report.eventsChecked(),
                    report.versionsChecked(),
                    report.headHash(),
                    report.headSignedBy() != null
                            ? "head signed by key " + report.headSignedBy()
                            : bundle.head() == null
                                    ? "no signed head (exported before heads were signed)"
                                    : "head signature not checked (pass --public-key to check it)");
            return 0;
        }
        out.printf("BROKEN %s at sequence %s: %s%n", bundle.contractId(), report.brokenAtSequence(), report.reason());
        return 1;
    }
}
