/**
 * The freestyle build steps: each keeps an instance of its Pipeline step as its settings, so a builder
 * and its step never disagree on a parameter, and runs the same work.
 */
package io.jenkins.plugins.gitops.plugin.builders;
