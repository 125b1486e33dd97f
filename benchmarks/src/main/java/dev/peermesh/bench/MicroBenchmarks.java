package dev.peermesh.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the JMH microbenchmarks of the codec, the duplicate cache and origin signatures briefly (one fork, 2 × 1 s
 * warm-up, 3 × 1 s measured) for the report. For careful numbers run JMH itself with more iterations.
 *
 * <p>{@code List<Score> scores = MicroBenchmarks.run();}
 */
final class MicroBenchmarks {

    /**
     * One benchmark's result.
     *
     * @param benchmark the method, without the package
     * @param score the mean
     * @param error the 99.9 % confidence half-width
     * @param unit the score's unit
     */
    record Score(String benchmark, double score, double error, String unit) {
    }

    private MicroBenchmarks() {
    }

    static List<Score> run() throws Exception {
        Options options = new OptionsBuilder()
                .include("dev\\.peermesh\\.bench\\.(wire|dissemination|security)\\..*Benchmark.*")
                .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx256m").build();
        List<Score> scores = new ArrayList<>();
        for (RunResult result : new Runner(options).run()) {
            var params = result.getParams();
            String name = params.getBenchmark() + params.getParamsKeys().stream()
                    .map(key -> " " + key + "=" + params.getParam(key)).reduce("", String::concat);
            scores.add(new Score(name.substring("dev.peermesh.bench.".length()),
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
                    result.getPrimaryResult().getScoreUnit()));
        }
        return scores;
    }
}
