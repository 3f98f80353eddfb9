package marquee.kiosk.work;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way the kiosk and the till do work in the background: backend and printer calls run on
 * the work executor, their outcome comes back on the UI executor (the JavaFX thread in the app),
 * and timers (idle, health, hold countdown, retries) tick on one scheduler thread. Screens and
 * view-models never start threads or use the common pool themselves.
 */
public final class Async {
    private final Executor work;
    private final Executor ui;
    private final ScheduledExecutorService ticker;

    public Async(Executor work, Executor ui, ScheduledExecutorService ticker) {
        this.work = work;
        this.ui = ui;
        this.ticker = ticker;
    }

    /** Without timers of its own (the till): a daemon scheduler thread is made for any that are asked for. */
    public Async(Executor work, Executor ui) {
        this(work, ui, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "marquee-ticker");
            thread.setDaemon(true);
            return thread;
        }));
    }

    public Executor ui() {
        return ui;
    }

    public Executor work() {
        return work;
    }

    /** Runs {@code job} in the background, then {@code done} or {@code failed} on the UI thread; the future completes after that. */
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

    /** Runs {@code job} in the background; the future completes there (nothing comes back to the UI thread). */
    public <T> CompletableFuture<T> supply(Supplier<T> job) {
        return CompletableFuture.supplyAsync(job, work);
    }

    /** Runs {@code job} in the background, fire and forget but for the returned future. */
    public CompletableFuture<Void> background(Runnable job) {
        return CompletableFuture.runAsync(job, work);
    }

    /** Runs {@code action} on the UI thread. */
    public void onUi(Runnable action) {
        ui.execute(action);
    }

    /** Runs {@code tick} on the scheduler thread, first after {@code first}, then {@code period} after each run ended. */
    public ScheduledFuture<?> every(Duration first, Duration period, Runnable tick) {
        return ticker.scheduleWithFixedDelay(tick, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code tick} on the UI thread at a fixed rate (clocks on screen: idle, hold countdown). */
    public ScheduledFuture<?> everyOnUi(Duration first, Duration period, Runnable tick) {
        return ticker.scheduleAtFixedRate(() -> ui.execute(tick), first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code action} once on the UI thread after {@code delay}. */
    public ScheduledFuture<?> laterOnUi(Duration delay, Runnable action) {
        return ticker.schedule(() -> ui.execute(action), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the app is shutting down: nothing new should be scheduled. */
    public boolean stopped() {
        return ticker.isShutdown();
    }

    /** Stops the timers (the executors belong to whoever made them). */
    public void stopTimers() {
        ticker.shutdownNow();
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    /** The failure as the unchecked exception view-models branch on. */
    public static RuntimeException unwrapRuntime(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
