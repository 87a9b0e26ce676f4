package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RejectionCodeDocsTest {

    @Test
    void everyCodeIsDocumentedWithItsHttpStatus() throws IOException {
        String docs = Files.readString(Path.of("../docs/rejection-codes.md"));
        for (RejectionCode code : RejectionCode.values()) {
            assertThat(docs).contains("| `" + code.name() + "` | " + code.httpStatus() + " |");
        }
    }
}
