package io.jenkins.plugins.gitops.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Argo CD's matching rules for sources, destinations and kinds, case by case (cases from its types_test.go). */
class AppProjectTest {

    private static AppProject sources(String... repos) {
        return new AppProject("p", List.of(repos), List.of(), List.of(), List.of(), Optional.empty(), List.of());
    }

    private static AppProject destinations(DestinationRule... rules) {
        return new AppProject("p", List.of("*"), List.of(rules), List.of(), List.of(), Optional.empty(), List.of());
    }

    @ParameterizedTest(name = "{0} admits {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "*|https://github.com/argoproj/test.git|true",
        "https://github.com/argoproj/test.git|https://github.com/argoproj/test.git|true",
        "ssh://git@GITHUB.com:argoproj/test|ssh://git@github.com:argoproj/test|true",
        "git@github.com:argoproj/test.git|git@github.com:argoproj/test|true",
        "https://github.com/argoproj/*|https://github.com/argoproj/argoproj.git|true",
        "https://github.com/argoproj/test1.git|https://github.com/argoproj/test2.git|false",
        "https://github.com/argoproj/*.git|https://github.com/argoproj1/test2.git|false",
        "https://github.com/argoproj/foo|https://github.com/argoproj/foo1|false",
        "https://gitlab.com/group/*|https://gitlab.com/group/repo/owner|false",
        "https://gitlab.com/group/*/*|https://gitlab.com/group/repo/owner|true",
        "https://gitlab.com/group/**|https://gitlab.com/group/sub-group/repo/owner|true",
        "https://git.example.com/{ml,data}/*|https://git.example.com/data/x.git|true",
        "https://git.example.com/{ml,data}/*|https://git.example.com/web/x.git|false",
        "!https://github.com/argoproj/test.git|https://github.com/argoproj/test.git|false",
        "!https://github.com/argoproj/*|https://github.com/argoproj/argoproj.git|false",
        "!https://gitlab.com/group/**|https://gitlab.com/group/sub-group/repo/owner|false",
        "https://git.example.com/ml/*|https://ci:s3cret@git.example.com/ml/kfp.git|true",
    })
    void sourceRepos(String pattern, String repo, boolean permitted) {
        assertThat(sources(pattern).sourcePermitted(repo)).isEqualTo(permitted);
    }

    @Test
    void aDenyPatternRefusesEvenWhenAnotherAdmits() {
        assertThat(sources("https://github.com/test1/test.git", "!https://github.com/test2/test.git").sourcePermitted("https://github.com/test2/test.git"))
                .isFalse();
        assertThat(sources("!https://github.com/argoproj/*.git", "*").sourcePermitted("https://github.com/argoproj1/test2.git")).isTrue();
        assertThat(sources("!https://github.com/argoproj/*.git", "*").sourcePermitted("https://github.com/argoproj/test2.git")).isFalse();
    }

    /**
     * Argo CD's negation cases. Where its code admits a destination only because a deny entry does not
     * reject it (a list of deny entries alone), the documented rule, which this engine follows, admits
     * nothing: those rows say false, marked "documented".
     */
    @ParameterizedTest(name = "[{index}] {0} {1} {2} admits {3}/{4}/{5}: {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "!https://kubernetes.default.svc|-|default|https://kubernetes.default.svc|-|default|false",
        "https://kubernetes.default.svc|-|!default|https://kubernetes.default.svc|-|kube-system|false", // documented
        "!https://my-cluster|-|default|https://kubernetes.default.svc|-|default|false", // documented
        "!https://kubernetes.default.svc|-|*|https://kubernetes.default.svc|-|kube-system|false",
        "!https://*.default.svc|-|default|https://kubernetes.default.svc|-|default|false",
        "!https://team1-*|-|default|https://test2-dev-cluster|-|default|false", // documented
        "https://kubernetes.default.svc|-|!test-*|https://kubernetes.default.svc|-|test-foo|false",
        "https://kubernetes.default.svc|-|!test-*|https://kubernetes.default.svc|-|test|false", // documented
        "-|!test|*|-|test|test|false",
        "-|!test2|*|-|test|test|false", // documented
        "-|prod|ml-*|-|prod|ml-train|true",
        "-|prod|ml-*|-|prod|kube-system|false",
        "-|prod|ml-*|-|staging|ml-train|false",
        "*|-|ml-*|https://10.0.0.1:6443|-|ml-train|true",
    })
    void destinations(String server, String name, String namespace, String dServer, String dName, String dNamespace, boolean permitted) {
        AppProject p = destinations(new DestinationRule(server, name, namespace));
        assertThat(p.destinationPermitted(dServer == null ? "" : dServer, dName == null ? "" : dName, dNamespace)).isEqualTo(permitted);
    }

    @Test
    void anAllowEntryAdmitsWhatNoDenyEntryRejects() {
        AppProject p = destinations(new DestinationRule("*", "", "ml-*"), new DestinationRule("*", "", "!ml-prod"));
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "ml-train")).isTrue();
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "ml-prod")).isFalse();
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "kube-system")).as("no allow entry").isFalse();
        AppProject team = destinations(new DestinationRule("*", "", "*"), new DestinationRule("!https://team1-*", "", "*"));
        assertThat(team.destinationPermitted("https://team1-dev", "", "default")).isFalse();
        assertThat(team.destinationPermitted("https://team2-dev", "", "default")).isTrue();
    }

    @Test
    void aNamespaceDenyEntryWinsOverAWildcard() {
        AppProject p = destinations(new DestinationRule("*", "", "*"), new DestinationRule("*", "", "!kube-system"));
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "kube-system")).isFalse();
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "default")).isTrue();
        AppProject q = destinations(new DestinationRule("*", "", "*"), new DestinationRule("!https://kubernetes.default.svc", "", "kube-system"),
                new DestinationRule("*", "", "!kube-system"));
        assertThat(q.destinationPermitted("https://kubernetes.default.svc", "", "kube-system")).isFalse();
        assertThat(q.destinationPermitted("https://kubernetes.default.svc", "", "default")).isTrue();
    }

    @Test
    void aNamespaceDenyEntryAppliesToAClusterNamedByName() {
        // Argo CD checks a namespace deny entry only when the server matched; a name match must deny too
        AppProject p = destinations(new DestinationRule("", "prod", "ml-*"), new DestinationRule("", "prod", "!ml-prod"));
        assertThat(p.destinationPermitted("", "prod", "ml-train")).isTrue();
        assertThat(p.destinationPermitted("", "prod", "ml-prod")).isFalse();
    }

    @Test
    void clusterScopedKindsNeedTheWhitelistNamespacedOnesEscapeTheBlacklist() {
        AppProject p = new AppProject("p", List.of("*"), List.of(), List.of(new KindRule("", "Namespace"), new KindRule("rbac.authorization.k8s.io", "ClusterRole", "ml-*")),
                List.of(new KindRule("", "Namespace", "kube-*")), Optional.empty(), List.of(new KindRule("", "ResourceQuota"), new KindRule("*", "*Policy")));
        assertThat(p.kindPermitted("", "Namespace", "ml-train", false)).isTrue();
        assertThat(p.kindPermitted("", "Namespace", "kube-public", false)).isFalse();
        assertThat(p.kindPermitted("rbac.authorization.k8s.io", "ClusterRole", "ml-reader", false)).isTrue();
        assertThat(p.kindPermitted("rbac.authorization.k8s.io", "ClusterRole", "admin", false)).isFalse();
        assertThat(p.kindPermitted("apiextensions.k8s.io", "CustomResourceDefinition", "x.example.com", false)).isFalse();
        assertThat(p.kindPermitted("apps", "Deployment", "web", true)).isTrue();
        assertThat(p.kindPermitted("", "ResourceQuota", "q", true)).isFalse();
        assertThat(p.kindPermitted("networking.k8s.io", "NetworkPolicy", "n", true)).isFalse();
    }

    @Test
    void aPresentNamespaceWhitelistAdmitsOnlyItsKindsAndAnEmptyOneNone() {
        AppProject only = new AppProject("p", List.of("*"), List.of(), List.of(), List.of(), Optional.of(List.of(new KindRule("apps", "*"))), List.of());
        assertThat(only.kindPermitted("apps", "Deployment", "web", true)).isTrue();
        assertThat(only.kindPermitted("", "Secret", "s", true)).isFalse();
        AppProject none = new AppProject("p", List.of("*"), List.of(), List.of(), List.of(), Optional.of(List.of()), List.of());
        assertThat(none.kindPermitted("apps", "Deployment", "web", true)).isFalse();
        AppProject absent = new AppProject("p", List.of("*"), List.of(), List.of(), List.of(), Optional.empty(), List.of());
        assertThat(absent.kindPermitted("", "Secret", "s", true)).isTrue();
        assertThat(absent.kindPermitted("", "Namespace", "x", false)).isFalse();
    }

    /** How a Jenkins named cluster's restrictions are a project: server and name '*', so any name a sync or an Application uses matches. */
    @Test
    void aProjectOfOneClusterMatchesWhateverItIsCalled() {
        AppProject p = destinations(new DestinationRule("*", "*", "ml-*"), new DestinationRule("*", "*", "!ml-prod"));
        assertThat(p.destinationPermitted("", "prod", "ml-train")).isTrue();
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "ml-train")).isTrue();
        assertThat(p.destinationPermitted("", "in-cluster", "ml-prod")).isFalse();
        assertThat(p.destinationPermitted("", "prod", "kube-system")).isFalse();
        assertThat(p.destinationsOf("", "prod")).hasSize(2);
    }

    @Test
    void kindRulesReadAsTheyPrint() {
        assertThat(KindRule.parse("Deployment.apps")).isEqualTo(new KindRule("apps", "Deployment"));
        assertThat(KindRule.parse("ClusterRole.rbac.authorization.k8s.io")).isEqualTo(new KindRule("rbac.authorization.k8s.io", "ClusterRole"));
        assertThat(KindRule.parse(" Namespace ")).isEqualTo(new KindRule("", "Namespace"));
        assertThat(KindRule.parse("*.*").matches("apps", "Deployment", "x")).isTrue();
        assertThat(KindRule.parse("*.*").matches("", "Namespace", "x")).isTrue();
        assertThat(KindRule.parse("*").matches("apps", "Deployment", "x")).as("* is the core group's kinds only").isFalse();
        assertThat(KindRule.parse("none").matches("", "Namespace", "x")).isFalse();
        for (String s : List.of("Deployment.apps", "Namespace", "*.networking.k8s.io")) {
            assertThat(KindRule.parse(s).toString()).isEqualTo(s);
        }
    }

    @Test
    void aPatternThatDoesNotCompileIsRefusedWhenRead() {
        assertThatThrownBy(() -> new DestinationRule("*", "", "ml-[")).hasMessageContaining("ml-[");
        assertThatThrownBy(() -> new KindRule("{apps", "*")).hasMessageContaining("{apps");
    }
}
