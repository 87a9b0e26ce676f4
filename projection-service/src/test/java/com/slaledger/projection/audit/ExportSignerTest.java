package com.slaledger.projection.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.hash.SignedHead;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.testsupport.Story;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSignerTest {

    private static final KeyPair KEY = SigningKeys.generate();

    @TempDir
    Path folder;

    @Test
    void signsWithTheConfiguredKeyGivenAsPemText() {
        ExportSigner signer = new ExportSigner(SigningKeys.pem(KEY));
        SignedHead head = signer.sign(lastOfAStory(), Instant.parse("2027-01-01T00:00:00Z"));

        assertThat(head.isSignedBy(KEY.getPublic())).isTrue();
        assertThat(head.keyId()).isEqualTo(SigningKeys.keyId(KEY.getPublic())).isEqualTo(signer.keyId());
        assertThat(SigningKeys.readPublic(signer.publicKeyPem())).isEqualTo(KEY.getPublic());
    }

    @Test
    void readsTheKeyFromAFileWhenGivenAPath() throws IOException {
        Path file = folder.resolve("signing-key.pem");
        Files.writeString(file, SigningKeys.pem(KEY));

        assertThat(new ExportSigner(file.toString()).keyId()).isEqualTo(SigningKeys.keyId(KEY.getPublic()));
    }

    @Test
    void refusesToStartWithAPublicKeyThatIsNotThePrivateKeysOwn() {
        String mismatched =
                SigningKeys.pem(KEY).substring(0, SigningKeys.pem(KEY).indexOf("-----BEGIN PUBLIC"))
                        + SigningKeys.pem(SigningKeys.generate().getPublic());

        assertThatThrownBy(() -> new ExportSigner(mismatched)).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> new ExportSigner(SigningKeys.pem(KEY.getPublic())))
                .hasMessageContaining("PRIVATE KEY and a PUBLIC KEY");
        assertThatThrownBy(() -> new ExportSigner(folder.resolve("absent.pem").toString()))
                .hasMessageContaining("cannot read");
    }

    @Test
    void withoutAKeyItMakesOneForThisProcess() {
        ExportSigner first = new ExportSigner("");
        ExportSigner second = new ExportSigner(null);

        assertThat(first.keyId()).isNotEqualTo(second.keyId());
        assertThat(first.sign(lastOfAStory(), Instant.EPOCH).isSignedBy(SigningKeys.readPublic(first.publicKeyPem())))
                .isTrue();
    }

    private static com.slaledger.api.event.EventEnvelope lastOfAStory() {
        var events = Story.contract("S-1").envelopes();
        return events.get(events.size() - 1);
    }
}
