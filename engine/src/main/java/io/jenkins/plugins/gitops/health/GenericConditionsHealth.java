package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The fallback for custom resources without a rule of their own, after kstatus (Flux, kpt): the
 * conventions most controllers follow are enough to tell "still working" from "done" from "stuck".
 * In order: being deleted, a status older than the spec, {@code Reconciling=True} are Progressing;
 * {@code Stalled=True} is Degraded; then the {@code Ready} condition decides.
 *
 * <p>Two choices differ from kstatus, deliberately:
 * <ul>
 * <li>{@code Ready=False} is Degraded when its reason names a failure ({@code ReconciliationFailed},
 * {@code RevisionFailed}, {@code InvalidSpec}, {@code ProgressDeadlineExceeded}...), otherwise
 * Progressing. kstatus never fails on Ready, so a wait on a broken Flux or Knative object would
 * only end at its timeout; reasons like {@code Progressing} or {@code DependencyNotReady} still wait.</li>
 * <li>An object whose status carries neither conditions nor an observedGeneration gets no health
 * (kstatus says Current). Without any signal we cannot tell a CR that has no controller-written
 * status by design from one whose controller is not running, and claiming Healthy would let a
 * wait pass over a missing operator; no health also matches Argo CD, which ignores unknown CRs.
 * With some signal but no Ready condition, the object is Healthy, as kstatus says.</li>
 * </ul>
 */
final class GenericConditionsHealth implements HealthRule {

    private static final Pattern FAILURE_REASON =
            Pattern.compile("(?i).*(fail|error|invalid|backoff|crashloop|deadlineexceeded).*");

    @Override
    public Optional<Health> assess(KubeObject obj) {
        if (!obj.at("/metadata/deletionTimestamp").isMissingNode() && !obj.at("/metadata/deletionTimestamp").isNull()) {
            return Optional.of(Health.progressing("Pending deletion"));
        }
        OptionalLong observed = Generation.observed(obj);
        if (observed.isPresent() && observed.getAsLong() != Generation.desired(obj)) {
            return Optional.of(Generation.progressing(obj));
        }
        List<Condition> conditions = Condition.of(obj);
        if (conditions.isEmpty()) {
            return observed.isPresent() ? Optional.of(Health.healthy("Spec generation observed")) : Optional.empty();
        }
        Optional<Condition> reconciling = find(conditions, "Reconciling").filter(Condition::isTrue);
        if (reconciling.isPresent()) {
            return Optional.of(Health.progressing(orElse(reconciling.get().describe(), "Reconciling")));
        }
        Optional<Condition> stalled = find(conditions, "Stalled").filter(Condition::isTrue);
        if (stalled.isPresent()) {
            return Optional.of(Health.degraded(orElse(stalled.get().describe(), "Stalled")));
        }
        Optional<Condition> ready = find(conditions, "Ready");
        if (ready.isEmpty()) {
            return Optional.of(Health.healthy("No Ready condition"));
        }
        Condition c = ready.get();
        if (c.isTrue()) {
            return Optional.of(Health.healthy(c.message()));
        }
        String message = orElse(c.describe(), "Ready is " + orElse(c.status(), "not set"));
        if (c.isFalse() && FAILURE_REASON.matcher(c.reason()).matches()) {
            return Optional.of(Health.degraded(message));
        }
        return Optional.of(Health.progressing(message));
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    private static String orElse(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }
}
