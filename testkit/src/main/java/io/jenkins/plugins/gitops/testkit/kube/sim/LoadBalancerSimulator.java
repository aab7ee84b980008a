package io.jenkins.plugins.gitops.testkit.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.ResourceType;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.concurrent.atomic.AtomicInteger;

/** A cloud load balancer: Services of type LoadBalancer get an ingress IP (from the documentation range 192.0.2.0/24). */
public final class LoadBalancerSimulator extends Simulator {

    private final AtomicInteger next = new AtomicInteger(10);

    public LoadBalancerSimulator(Failures failures) {
        super(failures);
    }

    @Override
    protected String manager() {
        return "service-controller";
    }

    @Override
    protected void onEvent(WatchEvent e) {
        if (is(e, "", "Service") && !e.type().equals("DELETED") && "LoadBalancer".equals(e.object().path("spec").path("type").asText())
                && e.object().path("status").path("loadBalancer").path("ingress").isEmpty()) {
            String ns = ns(e.object());
            String name = name(e.object());
            later(() -> assign(ns, name));
        }
    }

    private void assign(String namespace, String name) {
        ResourceType services = type("v1", "Service");
        ObjectNode status = JSON.objectNode();
        status.putObject("loadBalancer").putArray("ingress").addObject().put("ip", "192.0.2." + next.getAndIncrement());
        writeStatus(services, namespace, name, status);
    }
}
