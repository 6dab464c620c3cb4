package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    /** Stands for a library's exception around the last failure (Failsafe's FailsafeException). */
    private static final class LibraryWrapper extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LibraryWrapper(Throwable cause) {
            super(cause);
        }
    }

    @Test
    void theFuturesWrappersAndTheNamedOnesAreTakenOffInAnyOrder() {
        IOException cause = new IOException("reset");
        Throwable wrapped = new CompletionException(new LibraryWrapper(new ExecutionException(new LibraryWrapper(cause))));
        assertSame(cause, Threads.unwrap(wrapped, LibraryWrapper.class));
    }

    @Test
    void aWrapperThatIsNotNamedIsTheFailure() {
        LibraryWrapper library = new LibraryWrapper(new IOException("reset"));
        assertSame(library, Threads.unwrap(new CompletionException(library)));
        assertSame(library, Threads.unwrap(new ExecutionException(library), IllegalStateException.class));
    }

    @Test
    void aWrapperWithoutCauseIsKept() {
        CompletionException empty = new CompletionException("no cause", null);
        assertSame(empty, Threads.unwrap(empty, LibraryWrapper.class));
    }
}
