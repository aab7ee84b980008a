package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in for the operators behind custom resources: each custom resource of the chosen
 * groups (all custom resources when none is given) gets {@code status.observedGeneration} and a
 * {@code Ready} condition, True, or False with the reason {@link Failures#resource} gives.
 * Kinds without a status subresource are left alone: their operators (if any) cannot use
 * observedGeneration, and Argo CD-style rules give such objects no health.
 */
public final class ReadyConditionSimulator extends Simulator {

    /** Kinds another simulator plays the controller of (their status is theirs, not a Ready condition). */
    static final Set<String> OWN_SIMULATOR = Set.of("argoproj.io/Rollout");

    private final Set<String> groups;

    private final Set<String> excluded;

    public ReadyConditionSimulator(Failures failures, Set<String> groups) {
        this(failures, groups, Set.of());
    }

    /** @param excluded {@code group/Kind} of kinds another simulator (a {@link KServeSimulator}) plays the operator of */
    public ReadyConditionSimulator(Failures failures, Set<String> groups, Set<String> excluded) {
        super(failures);
        this.groups = Set.copyOf(groups);
        this.excluded = Set.copyOf(excluded);
    }

    @Override
    protected String manager() {
        return "operator";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        ResourceType t = e.resourceType();
        // Only kinds with a status subresource: without one, every status write moves generation
        // (as on a real apiserver), so an operator could never catch up with observedGeneration.
        if (t.builtin() || !t.status() || e.type().equals("DELETED") || (!groups.isEmpty() && !groups.contains(t.group()))
                || OWN_SIMULATOR.contains(t.group() + "/" + t.kind()) || excluded.contains(t.group() + "/" + t.kind())) {
            return;
        }
        JsonNode o = e.object();
        if (o.path("status").path("observedGeneration").asLong(-1) != generation(o)) {
            String ns = ns(o);
            String name = name(o);
            later(() -> mark(t, ns, name));
        }
    }

    private void mark(ResourceType t, String namespace, String name) {
        ObjectNode o = api().find(t, namespace, name);
        if (o == null) {
            return;
        }
        String now = api().now();
        Optional<String> failure = failures.resourceFailure(t.kind(), name);
        ObjectNode status = o.path("status").isObject() ? ((ObjectNode) o.get("status")).deepCopy() : JSON.objectNode();
        status.put("observedGeneration", generation(o));
        status.set("conditions", array(failure.isPresent()
                ? condition("Ready", "False", failure.get(), t.kind() + " " + name + " failed: " + failure.get(), now)
                : condition("Ready", "True", "Ready", t.kind() + " is ready", now)));
        writeStatus(t, namespace, name, status);
    }
}
