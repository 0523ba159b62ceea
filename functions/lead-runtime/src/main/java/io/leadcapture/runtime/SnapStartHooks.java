package io.leadcapture.runtime;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's SnapStart runtime hooks. Lambda initialises a published version once, runs
 * {@code beforeCheckpoint} and snapshots the JVM; every cold start then restores that snapshot and
 * runs {@code afterRestore}. Priming before the snapshot runs the request path once (without
 * storing or sending anything), so a restored environment's first request finds its classes loaded
 * and initialised; after a restore, what must not be shared between environments is renewed.
 *
 * <p>The global CRaC context keeps resources weakly: the handler holds the returned hooks.
 */
public final class SnapStartHooks implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);

    private final Runnable prime;
    private final Runnable restore;

    private SnapStartHooks(Runnable prime, Runnable restore) {
        this.prime = prime;
        this.restore = restore;
    }

    /** Registers the hooks with the JVM's CRaC context (a no-op on a JVM without CRaC). */
    public static SnapStartHooks register(Runnable prime, Runnable afterRestore) {
        SnapStartHooks hooks = new SnapStartHooks(prime, afterRestore);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    /** Priming is an optimisation: when it fails (the table unreachable at deploy time), the snapshot is taken anyway. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime.run();
        } catch (RuntimeException e) {
            LOG.warn("SnapStart priming incomplete; the first requests load the rest: {}", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restore.run();
    }
}
