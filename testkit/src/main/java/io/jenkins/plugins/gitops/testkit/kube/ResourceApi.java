package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The verbs of the Kubernetes API on the store: get, list, create, update, patch (JSON, merge,
 * strategic, apply), delete, with the admission work kube-apiserver does on the way: metadata
 * stamping, status kept apart from the main resource, defaults, generation, managed fields,
 * optimistic concurrency, finalizers and dry runs. Transport-free, so controllers and tests
 * call it directly, and the HTTP front end is a thin translation.
 */
public final class ResourceApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Store store;
    private final ResourceTypes types;
    private final Clock clock;
    private final Map<String, CachedSchema> crdSchemas = new ConcurrentHashMap<>();
    private final AtomicInteger nextClusterIp = new AtomicInteger(10);
    private final Admission admission = new Admission();
    private final PodLogs podLogs = new PodLogs();

    private record CachedSchema(String resourceVersion, String version, ListSchema schema) {
    }

    ResourceApi(Store store, ResourceTypes types, Clock clock) {
        this.store = store;
        this.types = types;
        this.clock = clock;
    }

    public ResourceTypes types() {
        return types;
    }

    Store store() {
        return store;
    }

    /** The simulated validating admission webhooks every main-resource write passes. */
    public Admission admission() {
        return admission;
    }

    /** Container logs, as the (simulated) kubelet keeps them. */
    public PodLogs podLogs() {
        return podLogs;
    }

    /** The server clock, as RFC 3339 seconds: what timestamps in objects carry. */
    public String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ---------------------------------------------------------------- reads

    public ObjectNode get(ResourceType type, String namespace, String name, String version) {
        store.lock().lock();
        try {
            ObjectNode o = store.get(type, namespace, name);
            if (o == null) {
                throw ApiException.notFound(type, name);
            }
            return present(type, o, version);
        } finally {
            store.lock().unlock();
        }
    }

    /** A copy of a stored object or null; for controllers, which see the storage version. */
    public ObjectNode find(ResourceType type, String namespace, String name) {
        store.lock().lock();
        try {
            ObjectNode o = store.get(type, namespace, name);
            return o == null ? null : o.deepCopy();
        } finally {
            store.lock().unlock();
        }
    }

    /**
     * A list, filtered and paged the way kube-apiserver pages: {@code limit} items and a
     * {@code continue} token that resumes after the last name returned.
     */
    public ObjectNode list(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields,
                           long limit, String continueToken, String version) {
        store.lock().lock();
        try {
            String after = continueToken == null || continueToken.isEmpty() ? null
                    : new String(Base64.getUrlDecoder().decode(continueToken), StandardCharsets.UTF_8);
            ObjectNode list = JSON.objectNode().put("apiVersion", type.apiVersion(version)).put("kind", type.kind() + "List");
            ObjectNode md = list.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
            ArrayNode items = list.putArray("items");
            String last = null;
            boolean more = false;
            for (ObjectNode o : store.list(type, namespace)) {
                String key = Store.key(o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText());
                if (after != null && key.compareTo(after) <= 0) {
                    continue;
                }
                if (!matches(o, labels, fields)) {
                    continue;
                }
                if (limit > 0 && items.size() >= limit) {
                    more = true;
                    break;
                }
                items.add(present(type, o, version));
                last = key;
            }
            if (more) {
                md.put("continue", Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
            }
            return list;
        } finally {
            store.lock().unlock();
        }
    }

    /**
     * The objects of a type (in a namespace, or all when it is empty) that pass {@code filter},
     * tested on the stored objects before anything is copied: the controller simulators look up
     * the few objects a Deployment or Job owns among thousands without copying the others.
     */
    public List<ObjectNode> listWhere(ResourceType type, String namespace, java.util.function.Predicate<JsonNode> filter, String version) {
        store.lock().lock();
        try {
            List<ObjectNode> out = new java.util.ArrayList<>();
            for (ObjectNode o : store.list(type, namespace)) {
                if (filter.test(o)) {
                    out.add(present(type, o, version));
                }
            }
            return out;
        } finally {
            store.lock().unlock();
        }
    }

    static boolean matches(JsonNode o, LabelSelector labels, FieldSelector fields) {
        if (labels != null) {
            Map<String, String> l = new java.util.HashMap<>();
            o.path("metadata").path("labels").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
            if (!labels.matches(l)) {
                return false;
            }
        }
        return fields == null || fields.matches(o);
    }

    /** The object as served in a version: a copy with that apiVersion and the kind set. */
    ObjectNode present(ResourceType type, ObjectNode stored, String version) {
        // one copy, apiVersion and kind first, as a real server's JSON has them
        ObjectNode o = JSON.objectNode();
        o.put("apiVersion", type.apiVersion(version == null ? type.preferredVersion() : version));
        o.put("kind", type.kind());
        stored.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
                o.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return o;
    }

    // ---------------------------------------------------------------- writes

    public ObjectNode create(ResourceType type, String namespace, ObjectNode body, WriteOptions opts) {
        store.lock().lock();
        try {
            checkKind(type, body, opts.version());
            ObjectNode md = Json.obj(body, "metadata");
            String name = md.path("name").asText("");
            if (name.isEmpty()) {
                String prefix = md.path("generateName").asText("");
                if (prefix.isEmpty()) {
                    throw new ApiException(422, "Invalid", type.kind() + " is invalid: metadata.name: Required value: name or generateName is required");
                }
                do {
                    name = prefix + randomSuffix();
                } while (store.get(type, namespace, name) != null);
                md.put("name", name);
            }
            namespace = checkNamespace(type, namespace, md, name);
            if (store.get(type, namespace, name) != null) {
                throw ApiException.alreadyExists(type, name);
            }
            ObjectNode candidate = body.deepCopy();
            stampNew(type, candidate, namespace);
            ManagedFields mf = ManagedFields.of(null);
            mf.recordUpdate(null, candidate, opts.fieldManager(), "", type.apiVersion(opts.version()), now(),
                    schemaFor(type), type.status());
            return commit(type, null, candidate, mf, opts);
        } finally {
            store.lock().unlock();
        }
    }

    public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode body, String subresource, WriteOptions opts) {
        store.lock().lock();
        try {
            checkKind(type, body, opts.version());
            checkName(type, name, body);
            ObjectNode live = store.get(type, namespace, name);
            if (live == null) {
                if (subresource == null) {
                    // PUT creates when absent, as kube-apiserver allows for most kinds
                    Json.obj(body, "metadata").put("name", name);
                    return create(type, namespace, body, opts);
                }
                throw ApiException.notFound(type, name);
            }
            checkResourceVersion(type, name, live, body);
            return write(type, live, body.deepCopy(), subresource, opts);
        } finally {
            store.lock().unlock();
        }
    }

    /** PATCH in any of the four patch types; apply creates when the object is absent. */
    public ObjectNode patch(ResourceType type, String namespace, String name, String contentType, byte[] body,
                            String subresource, WriteOptions opts) {
        String ct = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        store.lock().lock();
        try {
            ObjectNode live = store.get(type, namespace, name);
            if (ct.startsWith("application/apply-patch")) {
                return apply(type, namespace, name, live, Json.parseObject(body, ct), subresource, opts);
            }
            if (live == null) {
                throw ApiException.notFound(type, name);
            }
            JsonNode patched;
            try {
                if (ct.startsWith("application/json-patch+json")) {
                    patched = Patches.jsonPatch(live, Json.parse(body, ct));
                } else if (ct.startsWith("application/merge-patch+json")) {
                    patched = Patches.mergePatch(live, Json.parse(body, ct));
                } else if (ct.startsWith("application/strategic-merge-patch+json")) {
                    if (!type.builtin()) {
                        throw new ApiException(415, "UnsupportedMediaType",
                                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                    }
                    patched = Patches.strategicMergePatch(live, Json.parse(body, ct), schemaFor(type));
                } else {
                    throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
                }
            } catch (PatchException e) {
                throw new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + e.getMessage());
            }
            if (!(patched instanceof ObjectNode p)) {
                throw ApiException.badRequest("the patch made " + type.kind() + " \"" + name + "\" something other than an object");
            }
            checkName(type, name, p);
            checkResourceVersion(type, name, live, p);
            return write(type, live, p, subresource, opts);
        } finally {
            store.lock().unlock();
        }
    }

    private ObjectNode apply(ResourceType type, String namespace, String name, ObjectNode live, ObjectNode applied,
                             String subresource, WriteOptions opts) {
        if (opts.fieldManager() == null || opts.fieldManager().isEmpty() || opts.fieldManager().equals("?")) {
            throw ApiException.badRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }
        checkKind(type, applied, opts.version());
        if (!applied.has("apiVersion") || !applied.has("kind")) {
            throw ApiException.badRequest("apply patch of " + type.kind() + " \"" + name + "\" needs apiVersion and kind");
        }
        checkName(type, name, applied);
        ObjectNode md = Json.obj(applied, "metadata");
        md.put("name", name);
        String ns = live == null ? checkNamespace(type, namespace, md, name) : namespace;
        boolean statusWrite = "status".equals(subresource);
        ObjectNode merged = ServerSideApply.apply(live, statusWrite ? statusOnly(applied) : applied, opts.fieldManager(), opts.force(),
                schemaFor(type), type.apiVersion(opts.version()), type.status() && !statusWrite, now());
        ManagedFields mf = ManagedFields.of(merged);
        if (live == null) {
            stampNew(type, merged, ns);
            return commit(type, null, merged, mf, opts);
        }
        return commitUpdate(type, live, shape(type, live, merged, subresource), subresource, mf, opts);
    }

    private static ObjectNode statusOnly(ObjectNode applied) {
        ObjectNode o = JSON.objectNode();
        o.set("apiVersion", applied.get("apiVersion"));
        o.set("kind", applied.get("kind"));
        o.putObject("metadata").set("name", applied.path("metadata").path("name"));
        if (applied.has("status")) {
            o.set("status", applied.get("status"));
        }
        return o;
    }

    /** A non-apply write: records the writer's fields in managedFields, then commits. */
    private ObjectNode write(ResourceType type, ObjectNode live, ObjectNode candidate, String subresource, WriteOptions opts) {
        ManagedFields mf = ManagedFields.of(live);
        ObjectNode shaped = shape(type, live, candidate, subresource);
        mf.recordUpdate(live, shaped, opts.fieldManager(), subresource == null ? "" : subresource,
                type.apiVersion(opts.version()), now(), schemaFor(type), type.status() && subresource == null);
        return commitUpdate(type, live, shaped, subresource, mf, opts);
    }

    /** Commits a shaped candidate (see {@link #shape}); {@code next} is ours to change. */
    private ObjectNode commitUpdate(ResourceType type, ObjectNode live, ObjectNode next, String subresource, ManagedFields mf, WriteOptions opts) {
        ObjectNode md = Json.obj(next, "metadata");
        ObjectNode liveMd = (ObjectNode) live.get("metadata");
        for (String f : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name"}) {
            if (liveMd.has(f)) {
                md.set(f, liveMd.get(f));
            } else {
                md.remove(f);
            }
        }
        md.remove("resourceVersion");
        if (liveMd.path("deletionTimestamp").isTextual() && md.path("finalizers").size() > liveMd.path("finalizers").size()) {
            throw new ApiException(422, "Invalid", type.kind() + " \"" + md.path("name").asText()
                    + "\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted");
        }
        Defaults.apply(type, next);
        stampType(type, next);
        if (subresource == null) {
            validate(type, next);
            Immutability.check(type, live, next);
            admission.review(type, next, live, opts.dryRun());
        }
        long gen = liveMd.path("generation").asLong(1);
        if (specChanged(type, live, next)) {
            gen++;
        }
        md.put("generation", gen);
        md.set("managedFields", mf.toJson());
        if (md.path("managedFields").isEmpty()) {
            md.remove("managedFields");
        }
        if (sameButVersion(live, next)) {
            // kube-apiserver does not write (nor bump resourceVersion) when nothing changed
            return present(type, live, opts.version());
        }
        if (opts.dryRun()) {
            md.put("resourceVersion", liveMd.path("resourceVersion").asText());
            return present(type, next, opts.version());
        }
        if (md.path("deletionTimestamp").isTextual() && md.path("finalizers").isEmpty()) {
            store.put(type, next);
            store.remove(type, md.path("namespace").asText(""), md.path("name").asText());
            return present(type, next, opts.version());
        }
        return present(type, store.put(type, next), opts.version());
    }

    private ObjectNode commit(ResourceType type, ObjectNode live, ObjectNode candidate, ManagedFields mf, WriteOptions opts) {
        ObjectNode md = Json.obj(candidate, "metadata");
        if (type.status()) {
            candidate.remove("status");
        }
        Defaults.apply(type, candidate);
        allocate(type, candidate);
        validate(type, candidate);
        md.put("generation", 1L);
        stampType(type, candidate);
        admission.review(type, candidate, null, opts.dryRun());
        ArrayNode managed = mf.toJson();
        if (managed.isEmpty()) {
            md.remove("managedFields");
        } else {
            md.set("managedFields", managed);
        }
        stampType(type, candidate);
        if (opts.dryRun()) {
            return present(type, candidate, opts.version());
        }
        return present(type, store.put(type, candidate), opts.version());
    }

    /**
     * What a write may change: the main resource keeps the stored status, /status keeps
     * everything else. Main writes change {@code candidate} in place (callers pass a fresh tree).
     */
    private static ObjectNode shape(ResourceType type, ObjectNode live, ObjectNode candidate, String subresource) {
        if ("status".equals(subresource)) {
            ObjectNode next = live.deepCopy();
            if (candidate.has("status")) {
                next.set("status", candidate.get("status").deepCopy());
            } else {
                next.remove("status");
            }
            return next;
        }
        if (type.status()) {
            if (live.has("status")) {
                candidate.set("status", live.get("status").deepCopy());
            } else {
                candidate.remove("status");
            }
        }
        return candidate;
    }

    /** Whether anything but metadata (and status, for kinds with a status subresource) differs: what moves generation. */
    private static boolean specChanged(ResourceType type, ObjectNode before, ObjectNode after) {
        return !sameFields(before, after, type.status() ? Set.of("metadata", "apiVersion", "kind", "status") : Set.of("metadata", "apiVersion", "kind"));
    }

    /** Whether a write changes anything but resourceVersion and managed-field timestamps; no copies, objects can be megabytes. */
    private static boolean sameButVersion(ObjectNode a, ObjectNode b) {
        if (!sameFields(a, b, Set.of("metadata"))) {
            return false;
        }
        JsonNode ma = a.path("metadata");
        JsonNode mb = b.path("metadata");
        if (!sameFields(ma, mb, Set.of("resourceVersion", "managedFields"))) {
            return false;
        }
        JsonNode fa = ma.path("managedFields");
        JsonNode fb = mb.path("managedFields");
        if (fa.size() != fb.size()) {
            return false;
        }
        for (int i = 0; i < fa.size(); i++) {
            if (!sameFields(fa.get(i), fb.get(i), Set.of("time"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameFields(JsonNode a, JsonNode b, Set<String> ignored) {
        java.util.Iterator<String> names = a.fieldNames();
        int count = 0;
        while (names.hasNext()) {
            String f = names.next();
            if (ignored.contains(f)) {
                continue;
            }
            count++;
            if (!Objects.equals(a.get(f), b.get(f))) {
                return false;
            }
        }
        java.util.Iterator<String> other = b.fieldNames();
        while (other.hasNext()) {
            if (!ignored.contains(other.next())) {
                count--;
            }
        }
        return count == 0;
    }

    // ---------------------------------------------------------------- delete

    public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options, boolean dryRun, String version) {
        store.lock().lock();
        try {
            ObjectNode live = store.get(type, namespace, name);
            if (live == null) {
                throw ApiException.notFound(type, name);
            }
            ObjectNode md = (ObjectNode) live.get("metadata");
            if (options.uid() != null && !options.uid().equals(md.path("uid").asText())) {
                throw new ApiException(409, "Conflict", "Precondition failed: UID in precondition: " + options.uid() + ", UID in object meta: " + md.path("uid").asText());
            }
            if (options.resourceVersion() != null && !options.resourceVersion().equals(md.path("resourceVersion").asText())) {
                throw new ApiException(409, "Conflict", "Precondition failed: ResourceVersion in precondition: " + options.resourceVersion()
                        + ", ResourceVersion in object meta: " + md.path("resourceVersion").asText());
            }
            if (dryRun) {
                return present(type, live, version);
            }
            ObjectNode next = live.deepCopy();
            ObjectNode nmd = (ObjectNode) next.get("metadata");
            String policy = options.propagationPolicy();
            ArrayNode finalizers = nmd.has("finalizers") ? (ArrayNode) nmd.get("finalizers") : JSON.arrayNode();
            if ("Foreground".equals(policy) && !contains(finalizers, "foregroundDeletion")) {
                finalizers.add("foregroundDeletion");
            } else if ("Orphan".equals(policy) && !contains(finalizers, "orphan")) {
                finalizers.add("orphan");
            }
            boolean namespaceObject = type.group().isEmpty() && type.kind().equals("Namespace");
            if (namespaceObject) {
                Json.obj(next, "status").put("phase", "Terminating");
            }
            if (finalizers.isEmpty() && !namespaceObject) {
                return present(type, store.remove(type, namespace, name), version);
            }
            if (!nmd.path("deletionTimestamp").isTextual()) {
                nmd.put("deletionTimestamp", now());
                nmd.put("deletionGracePeriodSeconds", 0);
            }
            if (!finalizers.isEmpty()) {
                nmd.set("finalizers", finalizers);
            }
            return present(type, store.put(type, next), version);
        } finally {
            store.lock().unlock();
        }
    }

    /** Removes an object now, whatever its finalizers: the last step of the garbage collector and namespace controller. */
    void purge(ResourceType type, String namespace, String name) {
        store.lock().lock();
        try {
            store.remove(type, namespace, name);
        } finally {
            store.lock().unlock();
        }
    }

    public ObjectNode deleteCollection(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields,
                                       DeleteOptions options, boolean dryRun, String version) {
        store.lock().lock();
        try {
            ObjectNode list = JSON.objectNode().put("apiVersion", type.apiVersion(version)).put("kind", type.kind() + "List");
            ArrayNode items = list.putArray("items");
            for (ObjectNode o : store.list(type, namespace)) {
                if (matches(o, labels, fields)) {
                    items.add(delete(type, o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText(),
                            options, dryRun, version));
                }
            }
            list.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
            return list;
        } finally {
            store.lock().unlock();
        }
    }

    // ---------------------------------------------------------------- admission helpers

    private void stampNew(ResourceType type, ObjectNode candidate, String namespace) {
        ObjectNode md = Json.obj(candidate, "metadata");
        md.put("uid", UUID.randomUUID().toString());
        md.put("creationTimestamp", now());
        md.remove("resourceVersion");
        md.remove("deletionTimestamp");
        md.remove("deletionGracePeriodSeconds");
        if (type.namespaced()) {
            md.put("namespace", namespace);
        } else {
            md.remove("namespace");
        }
    }

    private String checkNamespace(ResourceType type, String namespace, ObjectNode md, String name) {
        if (!type.namespaced()) {
            return "";
        }
        String bodyNs = md.path("namespace").asText("");
        if (namespace == null || namespace.isEmpty()) {
            namespace = bodyNs;
        }
        if (namespace.isEmpty()) {
            throw ApiException.badRequest("an empty namespace may not be set during creation of " + type.kind() + " \"" + name + "\"");
        }
        if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        ResourceType nsType = types.byKind("v1", "Namespace").orElseThrow();
        ObjectNode ns = store.get(nsType, "", namespace);
        if (ns == null) {
            throw new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found");
        }
        if (ns.path("metadata").path("deletionTimestamp").isTextual()) {
            throw new ApiException(403, "Forbidden", type.plural() + " \"" + name + "\" is forbidden: unable to create new content in namespace "
                    + namespace + " because it is being terminated");
        }
        return namespace;
    }

    private void checkKind(ResourceType type, ObjectNode body, String version) {
        String kind = body.path("kind").asText("");
        String apiVersion = body.path("apiVersion").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind " + kind + " of the body does not match the " + type.kind() + " of the request path");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion(version))) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + type.apiVersion(version) + ")");
        }
    }

    private static void checkName(ResourceType type, String name, ObjectNode body) {
        String bodyName = body.path("metadata").path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
    }

    private static void checkResourceVersion(ResourceType type, String name, ObjectNode live, ObjectNode body) {
        String rv = body.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(live.path("metadata").path("resourceVersion").asText())) {
            String what = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + what + " \"" + name
                    + "\": the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    /** Validation kube-apiserver does for kinds whose mistakes a GitOps engine must surface. */
    private static void validate(ResourceType type, ObjectNode obj) {
        if (type.group().equals("apiextensions.k8s.io") && type.kind().equals("CustomResourceDefinition")) {
            CrdController.validate(obj);
        }
    }

    /** Cluster IPs for Services, so that a diff meets the allocated field a real cluster adds. */
    private void allocate(ResourceType type, ObjectNode candidate) {
        if (type.group().isEmpty() && type.kind().equals("Service")) {
            ObjectNode spec = Json.obj(candidate, "spec");
            if (!"ExternalName".equals(spec.path("type").asText()) && !spec.has("clusterIP")) {
                int n = nextClusterIp.getAndIncrement();
                String ip = "10.96." + (n / 250) + "." + (n % 250 + 1);
                spec.put("clusterIP", ip);
                spec.putArray("clusterIPs").add(ip);
            }
        }
    }

    /** Stored objects carry the storage version and kind, whatever version wrote them. */
    private static void stampType(ResourceType type, ObjectNode o) {
        o.put("apiVersion", type.apiVersion(type.preferredVersion()));
        o.put("kind", type.kind());
    }

    private static boolean contains(ArrayNode a, String s) {
        for (JsonNode n : a) {
            if (n.asText().equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** How lists merge for a type: built-in knowledge, or the CRD's structural schema for custom resources. */
    ListSchema schemaFor(ResourceType type) {
        if (type.builtin()) {
            return BuiltinListSchema.forKind(type.group(), type.kind());
        }
        ResourceType crdType = types.byKind("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElseThrow();
        ObjectNode crd = store.get(crdType, "", type.crd());
        if (crd == null) {
            return new CrdListSchema(null);
        }
        String rv = crd.path("metadata").path("resourceVersion").asText();
        CachedSchema cached = crdSchemas.get(type.crd());
        if (cached != null && cached.resourceVersion().equals(rv)) {
            return cached.schema();
        }
        JsonNode schema = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false) || schema == null) {
                schema = v.path("schema").path("openAPIV3Schema");
            }
        }
        ListSchema s = new CrdListSchema(schema == null || schema.isMissingNode() ? null : schema);
        crdSchemas.put(type.crd(), new CachedSchema(rv, "", s));
        return s;
    }

    /** Names of the objects of every type, for the garbage collector's owner lookups. */
    List<ResourceType> servedTypes() {
        return new ArrayList<>(types.all());
    }
}
