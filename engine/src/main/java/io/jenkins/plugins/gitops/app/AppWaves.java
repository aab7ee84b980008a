package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.sync.Annotations;
import java.util.ArrayList;
import java.util.List;

/**
 * The order an expanded tree ({@link AppExpander}, depth first) must keep when its apps sync
 * concurrently, as Argo CD's app of apps gives it: a parent applies its Application objects wave by
 * wave (their sync-wave annotation), so a child syncs after its parent, and after every sibling of
 * an earlier wave, and everything under those siblings (the sequential loop synced a whole subtree
 * before the next sibling: an app of apps that provides CRDs is done before the apps that use
 * them). Roots are independent Applications and wait for nothing. Apps of one wave wait for no one
 * of their wave.
 */
final class AppWaves {

    private final List<List<Integer>> after;

    private AppWaves(List<List<Integer>> after) {
        this.after = after;
    }

    static AppWaves of(List<AppRender> tree) {
        int n = tree.size();
        int[] parent = new int[n];
        int[] wave = new int[n];
        int[] end = new int[n]; // exclusive end of i's subtree (depth first: what follows it deeper)
        for (int i = 0; i < n; i++) {
            parent[i] = parentOf(tree, i);
            wave[i] = parent[i] < 0 ? 0 : waveOf(tree.get(parent[i]), tree.get(i).app().name());
            int e = i + 1;
            while (e < n && tree.get(e).depth() > tree.get(i).depth()) {
                e++;
            }
            end[i] = e;
        }
        List<List<Integer>> after = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> deps = new ArrayList<>();
            if (parent[i] >= 0) {
                deps.add(parent[i]);
                for (int s = 0; s < n; s++) {
                    if (s != i && parent[s] == parent[i] && wave[s] < wave[i]) {
                        for (int k = s; k < end[s]; k++) {
                            deps.add(k);
                        }
                    }
                }
            }
            after.add(List.copyOf(deps));
        }
        return new AppWaves(after);
    }

    /** The positions in the tree that must have finished before the app at {@code i} starts. */
    List<Integer> after(int i) {
        return after.get(i);
    }

    /** The nearest earlier app one level up with the parent's name (depth first, the parent precedes its children); -1 for a root. */
    private static int parentOf(List<AppRender> tree, int i) {
        AppRender r = tree.get(i);
        if (r.depth() == 0 || r.parent().isEmpty()) {
            return -1;
        }
        for (int p = i - 1; p >= 0; p--) {
            AppRender q = tree.get(p);
            if (q.depth() == r.depth() - 1 && q.app().name().equals(r.parent())) {
                return p;
            }
            if (q.depth() < r.depth() - 1) {
                break;
            }
        }
        return -1;
    }

    /** The sync wave of the Application the parent rendered for {@code child}; 0 when absent or not a number. */
    private static int waveOf(AppRender parent, String child) {
        for (KubeObject o : parent.objects()) {
            if (ApplicationParser.isApplication(o) && o.name().equals(child)) {
                try {
                    return Annotations.wave(o);
                } catch (GitopsException e) {
                    return 0; // the expander sorted by the same annotation and reported it
                }
            }
        }
        return 0;
    }
}
