package dev.peermesh.sample.stream;

/**
 * A new event stream was refused because {@code sample.stream.max-subscribers} are open; answered with 503.
 *
 * <p>{@code throw new TooManySubscribersException(64);}
 */
public final class TooManySubscribersException extends RuntimeException {

    public TooManySubscribersException(int limit) {
        super(limit + " event streams are open, the most this node serves (sample.stream.max-subscribers); "
                + "close one or try again later");
    }
}
