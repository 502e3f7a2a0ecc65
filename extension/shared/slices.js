// Cooperative time slicing: long work (extraction, engine calls, painting)
// runs in slices that give the page's main thread back before a slice
// reaches the 50 ms "long task" mark, and remembers the longest slice run.

/** A slice ends once it has run this long (well below the 50 ms mark, since
 *  one step of work can overshoot it). */
export const SLICE_BUDGET_MS = 10;

/**
 * Gives the main thread back, behind the page's own waiting work: a
 * `scheduler.postTask` task at the default 'user-visible' priority where the
 * browser has one, else a MessageChannel task (not clamped like a nested
 * setTimeout). Both queue after the page's timers and other tasks already
 * waiting. Not `scheduler.yield()`: its continuations outrank the page's
 * ordinary tasks, so the page's own timers would not run until Ditto is done.
 */
export function yieldToMain() {
  const scheduler = globalThis.scheduler;
  if (typeof scheduler?.postTask === 'function') return scheduler.postTask(() => {}, { priority: 'user-visible' });
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Measures the slices of one piece of work. Call `begin()` when a task of
 * ours starts running, `check()` between steps (it yields when the slice is
 * over budget) and `end()` before awaiting anything that is not ours.
 */
export class SliceClock {
  constructor({ budgetMs = SLICE_BUDGET_MS, now = () => performance.now() } = {}) {
    this.budgetMs = budgetMs;
    this.now = now;
    this.sliceStart = null;
    /** Longest slice run so far, in milliseconds. */
    this.longestMs = 0;
  }

  begin() {
    this.sliceStart = this.now();
  }

  end() {
    if (this.sliceStart === null) return;
    this.longestMs = Math.max(this.longestMs, this.now() - this.sliceStart);
    this.sliceStart = null;
  }

  /** True when the current slice has used its budget. */
  overBudget() {
    return this.sliceStart !== null && this.now() - this.sliceStart >= this.budgetMs;
  }

  /** Yields to the page when the current slice is over budget. */
  async check() {
    if (!this.overBudget()) return;
    await this.pause();
  }

  /** Ends the slice, yields, and begins a new one. */
  async pause() {
    this.end();
    await yieldToMain();
    this.begin();
  }

  /**
   * Runs a generator to completion, yielding to the page between its steps
   * whenever the slice is over budget. Returns the generator's return value.
   */
  async drain(generator) {
    for (;;) {
      const step = generator.next();
      if (step.done) return step.value;
      await this.check();
    }
  }
}

/**
 * Resolves after the page's next rendering update (or after `timeoutMs` where
 * no frame comes, as in a background tab), so that work which reads layout
 * starts on a laid-out page instead of forcing the layout inside its own task.
 */
export function afterNextFrame(view = globalThis, timeoutMs = 100) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    view.requestAnimationFrame?.(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0); // the frame's own work ends first
    });
  });
}
