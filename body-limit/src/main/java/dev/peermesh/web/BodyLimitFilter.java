package dev.peermesh.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds request bodies to a number of bytes. A larger declared {@code Content-Length} is answered at once by the
 * application's {@link TooLargeAnswer}, without reading the body; a chunked body that grows past the limit fails
 * while being read with a {@link BodyTooLargeException}, which the application's exception handler answers.
 * Servlet containers bound only form posts (Tomcat's {@code maxPostSize}), not JSON bodies, hence this filter.
 *
 * <p>{@code new BodyLimitFilter(4096, (request, response, declared) -> problems.write(request, response, ...))}
 */
public final class BodyLimitFilter extends OncePerRequestFilter {

    /** Answers a request whose declared body is over the limit; the filter chain does not run for it. */
    @FunctionalInterface
    public interface TooLargeAnswer {

        /** Writes the refusal of {@code request}, whose {@code Content-Length} is {@code declaredBytes}. */
        void write(HttpServletRequest request, HttpServletResponse response, long declaredBytes) throws IOException;
    }

    private final long maxBytes;

    private final TooLargeAnswer tooLarge;

    /** Accepts bodies of up to {@code maxBytes} bytes; a larger declared one is answered by {@code tooLarge}. */
    public BodyLimitFilter(long maxBytes, TooLargeAnswer tooLarge) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("The body limit is " + maxBytes + " bytes; give 0 or more");
        }
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge.write(request, response, declared);
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    /** The request with an input stream that fails past the limit. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;

        private @Nullable ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream(), maxBytes);
            }
            return limited;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long maxBytes;

        private long read;

        LimitedInputStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes, read);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
