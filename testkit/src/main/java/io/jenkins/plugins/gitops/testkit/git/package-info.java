/**
 * Git for tests: real JGit servers on loopback (smart HTTP, and SSH with Ed25519 identities), and a builder
 * that commits the trees a test needs.
 */
package io.jenkins.plugins.gitops.testkit.git;
