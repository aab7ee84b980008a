package io.jenkins.plugins.gitops.plugin.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

public class MaskerTest {

    @Test
    void masksLongestFirstAndIgnoresTinySecrets() {
        Masker m = new Masker(List.of("abc", "abcdef", "x"));
        assertEquals("token **** and **** and x", m.mask("token abcdef and abc and x"));
        assertEquals(null, m.mask(null));
    }

    @Test
    void gitAuthNeverShowsItsSecret() {
        assertEquals("GitAuth[PASSWORD, user=bot]", GitAuth.password("bot", "hunter22").toString());
        assertEquals("RegistryAuth[user=token]", RegistryAuth.token("hunter22").toString());
    }
}
