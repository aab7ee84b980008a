package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** The shared test of Service and Ingress: {@code status.loadBalancer.ingress} is non-empty. */
final class LoadBalancers {

    private LoadBalancers() {
    }

    static Health health(KubeObject obj) {
        JsonNode ingress = obj.at("/status/loadBalancer/ingress");
        if (!ingress.isArray() || ingress.isEmpty()) {
            return Health.progressing("Waiting for a load balancer address");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode i : ingress) {
            addresses.add(i.path("ip").asText(i.path("hostname").asText("")));
        }
        return Health.healthy("Load balancer at " + String.join(", ", addresses));
    }
}
