/**
 * The work sent to the agent that holds the workspace: requests, the callables that run the engine
 * there, and their serializable outcomes; plus the runners on the controller that look credentials up,
 * dispatch the callable and record the result on the build.
 */
package io.jenkins.plugins.gitops.plugin.agent;
