package com.slaledger.verifier;

import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.json.SlaJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;

/**
 * {@code java -jar audit-verifier.jar verify bundle.json}: checks an exported bundle without any
 * database or service. Exit code 0 when valid, 1 when the record is broken, 2 when the file cannot
 * be read.
 */
public final class AuditVerifier {

    private AuditVerifier() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length != 2 || !args[0].equals("verify")) {
            out.println("usage: java -jar audit-verifier.jar verify BUNDLE.json");
            return 2;
        }
        ExportBundle bundle;
        try {
            bundle = SlaJson.mapper().readValue(Files.readString(Path.of(args[1])), ExportBundle.class);
        } catch (IOException | JacksonException e) {
            out.println("UNREADABLE " + args[1] + ": " + e.getMessage());
            return 2;
        }
        BundleVerifier.Report report = BundleVerifier.verify(bundle);
        if (report.valid()) {
            out.printf(
                    "VALID %s: %d events, %d versions, head hash %s%n",
                    bundle.contractId(), report.eventsChecked(), report.versionsChecked(), report.headHash());
            return 0;
        }
        out.printf("BROKEN %s at sequence %s: %s%n", bundle.contractId(), report.brokenAtSequence(), report.reason());
        return 1;
    }
}
