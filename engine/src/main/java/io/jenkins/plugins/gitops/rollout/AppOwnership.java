package io.jenkins.plugins.gitops.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.sync.Tracking;
import java.util.Optional;

/**
 * Whether a live object is an app's: its tracking annotation (ours or Argo CD's) names the app, or,
 * when it has none, its {@code gitops.jenkins.io/app} label does. Actions on live objects refuse
 * anything else, so a pipeline can never promote or roll back another team's service.
 */
final class AppOwnership {

    private AppOwnership() {
    }

    /** Throws a {@link RolloutRefusal} naming the owner when {@code live} is not {@code app}'s. */
    static void check(JsonNode live, String app, String who) {
        if (app == null || app.isBlank()) {
            throw new RolloutRefusal("no app given: actions apply to the objects of an app");
        }
        Optional<String> owner = Tracking.GITOPS.owner(live).or(() -> Tracking.ARGOCD.owner(live));
        String label = live.path("metadata").path("labels").path(Tracking.APP_LABEL).asText("");
        if (owner.isPresent() ? !owner.get().equals(app) : !label.equals(app)) {
            String whose = owner.map(o -> "app " + o + " (tracking annotation)").orElse(label.isEmpty() ? "no app" : "app " + label + " (label)");
            throw new RolloutRefusal(who + " is not app " + app + "'s: it belongs to " + whose + "; nothing written");
        }
    }
}
