// Page tools: a small bar at the top of every page with "Present (P)" and "Copy lesson link".
//
// A lesson link is the page's address as it is now: every knob the reader moved is in it (state.ts
// writes them), so the link opens the page with the same figures. Two parameters change how a
// link opens: `hide=name,name` hides those knobs (pin a value and take the control away), and
// `present` (or `present=3`) opens it as slides. The README's "Lesson links" section says the same.

export interface PageToolsOptions {
  /** Called by the Present button. */
  present: () => void;
  /** The key that toggles presenter mode, shown on the button. */
  presentKey?: string;
}

/** Returns the bar: <div class="px-pagetools"> with its two buttons and a status line. */
export function pageTools({present, presentKey = "P"}: PageToolsOptions): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "px-pagetools";
  const presentButton = document.createElement("button");
  presentButton.type = "button";
  presentButton.textContent = `Present (${presentKey})`;
  presentButton.title = `Show this page as slides for a projector; ${presentKey} or Esc leaves, arrow keys or a clicker move`;
  presentButton.setAttribute("aria-keyshortcuts", presentKey);
  presentButton.addEventListener("click", () => present());
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "px-copy-link";
  copy.textContent = "Copy lesson link";
  copy.title = "Copy this page's address with the knobs as set now; add &hide=name,name to hide knobs";
  const status = document.createElement("output");
  status.className = "px-pagetools-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  copy.addEventListener("click", async () => {
    const link = window.location.href;
    status.textContent = (await copyText(link))
      ? "Copied. The link opens this page with the knobs as set now (add &hide=name,name to hide knobs)."
      : `Copy this link: ${link}`;
  });
  bar.append(presentButton, copy, status);
  return bar;
}

/**
 * Puts text on the clipboard: the Clipboard API where the page is a secure context (https,
 * localhost), else the older selection-and-execCommand way (a classroom server on plain http).
 * Resolves false if neither worked.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.cssText = "position: fixed; top: 0; left: 0; opacity: 0;";
    document.body.append(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
