package marquee.kiosk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs backend and printer work off the UI thread and hands the outcome back on it. */
public final class Async {
    private final Executor work;
    private final Executor ui;

    public Async(Executor work, Executor ui) {
        this.work = work;
        this.ui = ui;
    }

    public Executor ui() {
        return ui;
    }

    public <T> CompletableFuture<T> run(Supplier<T> job, Consumer<T> done, Consumer<Throwable> failed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture.supplyAsync(job, work).whenComplete((value, error) -> ui.execute(() -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                failed.accept(cause);
                result.completeExceptionally(cause);
            } else {
                done.accept(value);
                result.complete(value);
            }
        }));
        return result;
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }
}
