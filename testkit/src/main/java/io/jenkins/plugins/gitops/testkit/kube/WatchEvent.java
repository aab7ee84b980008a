package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change in the store, in resourceVersion order.
 *
 * @param type            ADDED, MODIFIED or DELETED
 * @param resourceType    the type of the object
 * @param object          the object after the change (for DELETED, its last state); never modified after publication
 * @param previous        the object before the change, or null for ADDED; lets label-filtered watches send
 *                        DELETED when an object stops matching, as kube-apiserver does
 * @param resourceVersion the store's version after the change
 */
public record WatchEvent(String type, ResourceType resourceType, ObjectNode object, ObjectNode previous, long resourceVersion) {
}
