// ErrorNote: a knob's bad value shown next to the knobs, so the page lives on and says why.

/**
 * A <p role="alert"> with the error's message, or an empty, hidden paragraph when there is none
 * (so a page can display it unconditionally).
 */
export function ErrorNote(error: unknown): HTMLElement {
  const note = document.createElement("p");
  note.className = "knob-error";
  note.setAttribute("role", "alert");
  if (error == null) {
    note.hidden = true;
    return note;
  }
  const message = error instanceof Error ? error.message : String(error);
  note.textContent = `Can't compute this one: ${message}. The knobs are still live: change one to try again.`;
  return note;
}
