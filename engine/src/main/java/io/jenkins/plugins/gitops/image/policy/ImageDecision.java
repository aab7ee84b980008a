package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.registry.ImageReference;

/** The tag chosen for one image, and why ("semver ^1.0: 1.4.2 of 37 tags"). */
public record ImageDecision(ImageReference chosen, String reason) {
}
