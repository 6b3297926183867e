// ComputeStatus: a one-line status for work running off the main thread ("Computing…", then how long
// it took), so a reader who moved a knob sees that the figure is on its way, not frozen.

export interface ComputeStatusOptions {
  /** Shown while the work runs, e.g. "Computing the ledger of 1000 blocks…". */
  working: string;
  /** Shown when it is done, given the milliseconds it took; default "Computed in 120 ms, off the main thread." */
  done?: (ms: number) => string;
}

/** Milliseconds in words: "85 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${Number((ms / 1000).toPrecision(2))} s`;
}

/**
 * A <p role="status"> that follows `work`: the working text at once, the done text when it resolves,
 * nothing when it fails (the page's ErrorNote says why).
 */
export function ComputeStatus(work: Promise<unknown>, {working, done = (ms) => `Computed in ${formatDuration(ms)}, off the main thread.`}: ComputeStatusOptions): HTMLElement {
  const p = document.createElement("p");
  p.className = "px-compute-status";
  p.setAttribute("role", "status");
  p.setAttribute("aria-live", "polite");
  p.style.cssText = "margin: 0.25rem 0; font-size: 13px; color: var(--theme-foreground-muted);";
  p.textContent = working;
  const start = performance.now();
  work.then(
    () => (p.textContent = done(performance.now() - start)),
    () => (p.textContent = "")
  );
  return p;
}
