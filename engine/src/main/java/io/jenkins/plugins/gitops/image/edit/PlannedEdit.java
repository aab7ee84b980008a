package io.jenkins.plugins.gitops.image.edit;

/** A text edit and the change it makes, planned before anything is written. */
record PlannedEdit(TextEdit edit, ValueChange change) {
}
