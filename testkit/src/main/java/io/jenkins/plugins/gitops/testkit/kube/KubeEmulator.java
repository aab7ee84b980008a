package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Kubernetes API emulator: an in-memory apiserver on loopback that kubectl and fabric8 can
 * talk to, with server-side apply and managed fields, dry runs, discovery of built-in kinds and
 * CRDs, set-based selectors, status kept apart, watches, garbage collection, optional
 * controller simulators, fault injection, the immutable-field refusals of update validation and
 * simulated validating admission webhooks ({@link AdmissionRule}). It is not a cluster: no
 * scheduler or kubelet runs, and only the simulators you attach move status.
 *
 * <pre>{@code
 * try (KubeEmulator kube = KubeEmulator.builder().simulators(Simulators.all()).start()) {
 *     KubernetesClient client = kube.client();
 *     ...
 * }
 * }</pre>
 */
public final class KubeEmulator implements AutoCloseable {

    private final Store store = new Store();
    private final ResourceTypes types = new ResourceTypes();
    private final ResourceApi api;
    private final RequestLog requests = new RequestLog();
    private final Faults faults;
    private final ApiServer server;
    private final ScheduledExecutorService controllerThread;
    private final List<Controller> controllers = new ArrayList<>();
    private final int port;
    private final String host;

    private KubeEmulator(Builder b) {
        this.api = new ResourceApi(store, types, Clock.systemUTC());
        this.faults = b.faults;
        this.controllerThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kube-emulator-controllers");
            t.setDaemon(true);
            return t;
        });
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode o = Json.readObject("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}");
            api.create(types.byKind("v1", "Namespace").orElseThrow(), null, o, new WriteOptions("kube-apiserver", false, false, "v1"));
        }
        b.admission.forEach(api.admission()::add);
        addController(new CrdController(b.crdEstablishDelay.toMillis()));
        addController(new NamespaceController());
        addController(new GarbageCollector());
        b.controllers.forEach(this::addController);
        this.server = new ApiServer(api, faults, requests);
        this.host = b.host;
        this.port = server.start(b.host, b.port);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an emulator on a free loopback port with no simulators. */
    public static KubeEmulator start() {
        return builder().start();
    }

    /** Attaches a controller (a simulator, or one of your own) while running. */
    public KubeEmulator addController(Controller c) {
        c.attach(api, controllerThread);
        controllers.add(c);
        store.subscribe(c);
        return this;
    }

    public String url() {
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    public RequestLog requests() {
        return requests;
    }

    public Faults faults() {
        return faults;
    }

    /** The simulated validating admission webhooks; add rules while running. */
    public Admission admission() {
        return api.admission();
    }

    /** Direct, transport-free access to the API, for seeding and inspecting state in tests. */
    public ResourceApi api() {
        return api;
    }

    /** A fabric8 client for this emulator (okhttp transport, as the Jenkins plugin uses). Close it yourself. */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    public Config config() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default").withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).build();
    }

    /** A kubeconfig that points kubectl (or anything else) at this emulator. */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: emulator
                  cluster:
                    server: %s
                contexts:
                - name: emulator
                  context:
                    cluster: emulator
                    user: emulator
                    namespace: default
                current-context: emulator
                users:
                - name: emulator
                  user:
                    token: emulator-does-not-check-tokens
                """.formatted(url());
    }

    public Path writeKubeconfig(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, kubeconfig(), StandardCharsets.UTF_8);
        return file;
    }

    /** Subscribed watches and listeners, for tests that check a closed watch is gone. */
    int subscribers() {
        return store.subscribers();
    }

    /** Server-side applies one object as {@code manager}, bypassing HTTP: a quick way to seed state. */
    public ObjectNode apply(JsonNode object, String manager) {
        String apiVersion = object.path("apiVersion").asText();
        ResourceType type = types.byKind(apiVersion, object.path("kind").asText())
                .orElseThrow(() -> new ApiException(404, "NotFound", "no kind " + object.path("kind").asText() + " in " + apiVersion));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        JsonNode md = object.path("metadata");
        String ns = type.namespaced() ? md.path("namespace").asText("default") : null;
        return api.patch(type, ns, md.path("name").asText(), "application/apply-patch+yaml", Json.bytes(object), null,
                new WriteOptions(manager, true, false, version));
    }

    @Override
    public void close() {
        server.close();
        controllerThread.shutdownNow();
    }

    public static final class Builder {
        private int port;
        private String host = "127.0.0.1";
        private Duration crdEstablishDelay = Duration.ofMillis(100);
        private Faults faults = new Faults();
        private final List<Controller> controllers = new ArrayList<>();
        private final List<AdmissionRule> admission = new ArrayList<>();

        /** Simulated validating admission webhooks, asked in order on every create, update, patch and apply. */
        public Builder admission(AdmissionRule... rules) {
            this.admission.addAll(List.of(rules));
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** How long after a CRD is written it becomes Established and served (default 100 ms). */
        public Builder crdEstablishDelay(Duration delay) {
            this.crdEstablishDelay = delay;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        public Builder controllers(List<? extends Controller> controllers) {
            this.controllers.addAll(controllers);
            return this;
        }

        public Builder controller(Controller controller) {
            this.controllers.add(controller);
            return this;
        }

        public KubeEmulator start() {
            return new KubeEmulator(this);
        }
    }
}
