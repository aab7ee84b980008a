package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a validating webhook is shown: the operation ({@code CREATE} or {@code UPDATE}; patches
 * and applies are updates, or creates when they create), the type, where, and the object as it
 * would be stored (and the stored one, for updates; null on create).
 */
public record AdmissionRequest(String operation, String group, String version, String kind, String namespace, String name,
                               ObjectNode object, ObjectNode oldObject, boolean dryRun) {
}
