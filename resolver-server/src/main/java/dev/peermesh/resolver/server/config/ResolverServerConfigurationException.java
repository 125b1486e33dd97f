package dev.peermesh.resolver.server.config;

/**
 * Thrown at start-up when the server's settings cannot work; its message names the property and what to do.
 *
 * <p>{@code throw new ResolverServerConfigurationException("x is 0", "set it to 1 or more");}
 */
public class ResolverServerConfigurationException extends IllegalStateException {

    private final String problem;

    private final String action;

    /** Creates the exception from what is wrong and what to do about it. */
    public ResolverServerConfigurationException(String problem, String action) {
        super(problem + "; " + action);
        this.problem = problem;
        this.action = action;
    }

    /** What is wrong, naming the property and its value. */
    public String problem() {
        return problem;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
