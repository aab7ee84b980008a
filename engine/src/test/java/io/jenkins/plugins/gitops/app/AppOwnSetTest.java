package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an app applies itself ({@link AppTreeSync#own}), and the digest its sync records and compares. */
class AppOwnSetTest {

    private static final String CONFIG_MAPS = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\ndata: {k: v}\n"
            + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: shop}\ndata: {k: w}\n";
    private static final String CHILD = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\n"
            + "spec: {source: {repoURL: 'https://git.example.com/r.git', path: web}, destination: {namespace: shop}}\n";

    private static App app() {
        return new App("shop", "argocd", List.of(new AppSource("https://git.example.com/r.git", "shop", "main", "", "", null)),
                new Destination("https://kubernetes.default.svc", "", "shop"), List.of());
    }

    private static List<RenderedObject> parse(String yaml) {
        return ManifestParser.parse(yaml, "t.yaml");
    }

    @Test
    void anAppWhoseOneSetIsAllItsOwnKeepsTheDigestItsRenderComputed() {
        // a digest no hash of these objects gives: the set's own digest is taken, not computed again
        RenderedSet rendered = new RenderedSet(parse(CONFIG_MAPS), "c1", "kustomize", "v5.5.0", "sha256:as-rendered");

        RenderedSet own = AppTreeSync.own(new AppRender(app(), "", 0, List.of(rendered)));

        assertThat(own.digest()).isEqualTo("sha256:as-rendered");
        assertThat(own.kubeObjects()).isEqualTo(rendered.kubeObjects());
        assertThat(own.revision()).isEqualTo("c1");
    }

    @Test
    void aSetWithApplicationsOrSeveralSetsHashTheObjectsTheAppApplies() {
        RenderedSet withChild = RenderedSet.of(parse(CONFIG_MAPS + "---\n" + CHILD), "c1", "kustomize", "");
        RenderedSet configMaps = RenderedSet.of(parse(CONFIG_MAPS), "c1", "kustomize", "");

        RenderedSet own = AppTreeSync.own(new AppRender(app(), "", 0, List.of(withChild)));

        assertThat(own.size()).isEqualTo(2);
        assertThat(own.digest()).isEqualTo(configMaps.digest()).isNotEqualTo(withChild.digest());

        RenderedSet first = RenderedSet.of(parse(CONFIG_MAPS.split("---\n")[0]), "c1", "kustomize", "");
        RenderedSet second = RenderedSet.of(parse(CONFIG_MAPS.split("---\n")[1]), "c1", "kustomize", "");
        RenderedSet twoSources = AppTreeSync.own(new AppRender(app(), "", 0, List.of(first, second)));
        List<RenderedObject> both = new ArrayList<>(first.objects());
        both.addAll(second.objects());
        assertThat(twoSources.digest()).isEqualTo(RenderedSet.of(both, "c1", "kustomize", "").digest()).isEqualTo(configMaps.digest());
    }
}
