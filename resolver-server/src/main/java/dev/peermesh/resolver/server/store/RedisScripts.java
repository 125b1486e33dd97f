package dev.peermesh.resolver.server.store;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@link RedisRegistrationStore}, beside this class as {@code *.lua}. Scripts build some keys
 * from the prefixes they are given, so they suit a single Redis (with replicas), not Redis Cluster.
 */
final class RedisScripts {

    static final RedisScript<List<String>> REGISTER = strings("register.lua");

    static final RedisScript<List<String>> REFRESH = strings("refresh.lua");

    static final RedisScript<Long> UNREGISTER = RedisScript.of(new ClassPathResource("unregister.lua",
            RedisScripts.class), Long.class);

    static final RedisScript<List<String>> RESOLVE = strings("resolve.lua");

    static final RedisScript<List<Object>> SWEEP = list("sweep.lua");

    private RedisScripts() {
    }

    private static RedisScript<List<String>> strings(String name) {
        return list(name);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static <T> RedisScript<List<T>> list(String name) {
        return (RedisScript) RedisScript.of(new ClassPathResource(name, RedisScripts.class), List.class);
    }
}
