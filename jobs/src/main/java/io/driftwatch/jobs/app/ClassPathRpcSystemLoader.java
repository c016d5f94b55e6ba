package io.driftwatch.jobs.app;

import java.util.Iterator;
import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

/**
 * Loads Flink's RPC system from the application class path when its jar is there ({@code flink-rpc-akka},
 * which {@code bin/driftwatch} adds from {@code jobs/target/local-lib}), ahead of Flink's own loader. Flink's
 * loader copies the 21 MB jar it nests to a temporary file at every start and loads Pekko and Scala from
 * it through a class loader of its own, which the JVM's class-data archive cannot cover; from the class
 * path the archive holds those classes too (measured in bench/README.md, "Fixed cost"). Where the jar is
 * not on the class path (the tests, whose Kafka broker brings Scala 2.13 where that jar bundles 2.12; a
 * cluster's processes, which load their RPC system before any user code) this loader declines and
 * Flink's runs as before. Hand-written: Flink offers no switch.
 */
public final class ClassPathRpcSystemLoader implements RpcSystemLoader {
    /** Before Flink's loader (priority 0): lower runs first. */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        Iterator<RpcSystem> systems = ServiceLoader.load(RpcSystem.class, RpcSystem.class.getClassLoader()).iterator();
        if (!systems.hasNext()) throw new RpcLoaderException("no RPC system on the class path (Flink's loader follows)");
        return systems.next();
    }
}
