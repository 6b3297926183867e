// ComputeStatus: a one-line status for work running off the main thread ("Computing…", then how long
// it took), each naming the knobs' values, so a reader who moved a knob sees that the figure is on its
// way, not frozen, and then which values it shows.

export interface ComputeStatusOptions {
  /** Shown while the work runs, naming the knobs' values: "Computing the ledgers of two 1000-block networks…". */
  working: string;
  /** Shown when it is done, before how long it took: "Ledgers of two 1000-block networks" → "… computed in 120 ms." */
  done: string;
}

/** Milliseconds in words: "85 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${Number((ms / 1000).toPrecision(2))} s`;
}

/**
 * A <p role="status"> that follows `work`: the working text at once, the done text when it resolves,
 * nothing when it fails (the page's ErrorNote says why).
 */
export function ComputeStatus(work: Promise<unknown>, {working, done}: ComputeStatusOptions): HTMLElement {
  const p = document.createElement("p");
  p.className = "px-compute-status";
  p.setAttribute("role", "status");
  p.setAttribute("aria-live", "polite");
  p.style.cssText = "margin: 0.25rem 0; font-size: 13px; color: var(--theme-foreground-muted);";
  p.textContent = working;
  const start = performance.now();
  work.then(
    () => (p.textContent = `${done} computed in ${formatDuration(performance.now() - start)}.`),
    () => (p.textContent = "")
  );
  return p;
}
