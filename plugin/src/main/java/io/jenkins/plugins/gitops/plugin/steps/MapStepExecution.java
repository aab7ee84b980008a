package io.jenkins.plugins.gitops.plugin.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;

/**
 * The execution of the steps that return a map (their result in Pipeline): the work runs on a pool
 * thread, never on the CPS thread ({@link StepExecutions#synchronousNonBlocking}, a
 * {@code SynchronousNonBlockingStepExecution}); stop() interrupts it, which interrupts a call on the
 * agent, and a controller restart fails it. The step is held by the work only, never serialized.
 */
final class MapStepExecution {

    /** A step's work, given the build and its listener. */
    @FunctionalInterface
    interface Work {
        Map<String, Object> run(StepContext context, Run<?, ?> run, TaskListener listener) throws Exception;
    }

    static StepExecution of(StepContext context, Work work) {
        return StepExecutions.synchronousNonBlocking(context, c -> work.run(c, c.get(Run.class), c.get(TaskListener.class)));
    }

    private MapStepExecution() {
    }
}
