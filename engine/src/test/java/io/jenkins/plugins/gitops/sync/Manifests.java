package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.List;

/** Test helper: a rendered set from YAML text. */
final class Manifests {

    private Manifests() {
    }

    static RenderedSet of(String revision, String yaml) {
        List<RenderedObject> objs = ManifestParser.parse(yaml, "test.yaml");
        return RenderedSet.of(objs, revision, "directory", "");
    }
}
