package io.jenkins.plugins.gitops.testkit.kube;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A simulated validating admission webhook: it looks at each create, update, patch and apply
 * (dry runs included, as webhooks declaring {@code sideEffects: None} see them) and may deny it.
 * A denial answers as kube-apiserver answers one: the webhook's code (400 unless it sets one of
 * 400 or more), its reason, and {@code admission webhook "<name>" denied the request: <message>}.
 *
 * <pre>{@code
 * kube.admission().add(AdmissionRule.deny("policy.example.com",
 *         r -> r.kind().equals("Deployment") && r.object().at("/spec/replicas").asInt() > 5,
 *         "replicas must be at most 5"));
 * }</pre>
 *
 * @param name the webhook's name, as in a ValidatingWebhookConfiguration
 * @param review what it answers for a request: empty to allow, a message to deny
 * @param code the HTTP code of a denial (values under 400 become 400, as the server does)
 * @param reason the Status reason of a denial ("" for none, the usual)
 */
public record AdmissionRule(String name, Function<AdmissionRequest, Optional<String>> review, int code, String reason) {

    public AdmissionRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(review, "review");
        code = code < 400 ? 400 : code;
        reason = reason == null ? "" : reason;
    }

    /** Denies with {@code message} every request {@code when} matches; 400 and no reason. */
    public static AdmissionRule deny(String name, Predicate<AdmissionRequest> when, String message) {
        return new AdmissionRule(name, r -> when.test(r) ? Optional.of(message) : Optional.empty(), 400, "");
    }

    /** The same rule answering with another code and reason (403 Forbidden is common). */
    public AdmissionRule withStatus(int code, String reason) {
        return new AdmissionRule(name, review, code, reason);
    }

    ApiException denial(String message) {
        String deniedBy = "admission webhook \"" + name + "\" denied the request";
        return new ApiException(code, reason, message.isEmpty() ? deniedBy + " without explanation" : deniedBy + ": " + message);
    }
}
