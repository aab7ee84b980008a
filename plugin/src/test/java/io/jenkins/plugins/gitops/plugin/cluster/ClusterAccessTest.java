package io.jenkins.plugins.gitops.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

public class ClusterAccessTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod
              cluster: {server: 'https://prod.example.com:6443'}
            users:
            - name: deployer
              user: {token: sa-token-123456}
            - name: sso
              user:
                exec: {command: kubelogin, apiVersion: client.authentication.k8s.io/v1}
            contexts:
            - name: prod
              context: {cluster: prod, user: deployer}
            current-context: prod
            """;

    @Test
    void execPluginsAreRefusedUnlessAllowed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ClusterAccess.fromKubeconfig(KUBECONFIG, "prod", false));
        assertTrue(e.getMessage().contains("'sso'"));
        ClusterAccess a = ClusterAccess.fromKubeconfig(KUBECONFIG, "prod", true);
        assertEquals("prod", a.context());
        assertTrue(a.secrets().contains("sa-token-123456"));
        assertFalse(a.toString().contains("sa-token"));
    }

    @Test
    void unknownContextIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ClusterAccess.fromKubeconfig(KUBECONFIG, "staging", true));
        assertTrue(e.getMessage().contains("'staging'"));
    }

    @Test
    void tokenBecomesAKubeconfig() {
        ClusterAccess a = ClusterAccess.fromToken("https://10.0.0.1:6443", "tok-abcdef", "-----BEGIN CERTIFICATE-----\n", "ml");
        ClusterAccess parsed = ClusterAccess.fromKubeconfig(a.kubeconfig(), "jenkins", false);
        assertEquals(java.util.List.of("tok-abcdef"), parsed.secrets());
        assertTrue(a.kubeconfig().contains("namespace: ml"));
        assertThrows(IllegalArgumentException.class, () -> ClusterAccess.fromToken("10.0.0.1", "t", null, null));
    }
}
