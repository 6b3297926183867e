// Quiz: a predict-then-check question. The reader commits to an answer, then the engine runs and the
// feedback compares the two. A first wrong answer gets a second try (a number is told which way it is
// off), and "Show the answer" is there from then on; the second check, right or wrong, explains. The
// right answer is computed when the reader checks (never typed into the page), so it stays true when
// the engine changes. Progress is kept in the browser (localStorage) where the browser allows it
// (storage.ts); where it does not, page.ts says so once, under the page's Exercises heading.

import {readItem, writeItem} from "./storage.js";

export interface QuizOptions<M = undefined> {
  /** The question, as text. */
  question: string;
  /** Multiple choice: the options shown. Without choices the reader types a number. */
  choices?: readonly string[];
  /**
   * Optional: runs the engine when the reader clicks Check and returns what `answer` and `explain`
   * are computed from, or a promise of it (work longer than a frame goes to a worker, e.g.
   * computeOnce in compute.ts, so Check never freezes the page). Default: nothing is measured.
   */
  measure?: () => M | PromiseLike<M>;
  /**
   * Returns the right answer: one of `choices`, or a number, from what `measure` gave (or by running
   * the engine itself, for work well under a frame). Called when the reader clicks Check.
   */
  answer: (measured: M) => string | number;
  /** For number answers: accepted relative error, default 0.1 (10%). */
  tolerance?: number;
  /** Explains the computed answer, shown after checking, right or wrong. */
  explain: (answer: string | number, measured: M) => string;
}

/** Returns a <form class="px-quiz"> keyed by `name` (unique on its page) for saved progress. */
export function Quiz<M = undefined>(name: string, {question, choices, measure, answer, tolerance = 0.1, explain}: QuizOptions<M>): HTMLFormElement {
  const key = `px-quiz:${window.location.pathname}:${name}`;
  const form = document.createElement("form");
  form.className = "px-quiz";
  form.dataset.quiz = name;
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = question;
  fieldset.append(legend);
  let read: () => string | null;
  if (choices) {
    const inputs = choices.map((choice, i) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = `${name}-choice`;
      input.value = choice;
      input.id = `${name}-choice-${i}`;
      label.append(input, ` ${choice}`);
      fieldset.append(label);
      return input;
    });
    read = () => inputs.find((input) => input.checked)?.value ?? null;
  } else {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.size = 12;
    label.append("Your prediction: ", input);
    fieldset.append(label);
    read = () => (input.value.trim() === "" ? null : input.value.trim());
  }
  const check = document.createElement("button");
  check.type = "submit";
  check.textContent = "Check";
  const show = document.createElement("button");
  show.type = "button";
  show.className = "px-quiz-show";
  show.textContent = "Show the answer";
  show.hidden = true;
  const feedback = document.createElement("p");
  feedback.className = "px-quiz-feedback";
  feedback.setAttribute("role", "status");
  feedback.setAttribute("aria-live", "polite");
  fieldset.append(check, show, feedback);
  form.append(fieldset);
  if (readItem("localStorage", key) === "right") form.classList.add("px-quiz-done");
  let checking = 0; // the latest Check: an answer that arrives after a newer Check is dropped
  let wrong = 0; // wrong checks so far: the first gets a second try
  /** Checks the reader's answer, or (reveal) shows the computed one with its explanation. */
  const run = (reveal: boolean) => {
    const guess = reveal ? null : read();
    if (guess === null && !reveal) {
      feedback.textContent = choices ? "Pick an answer first." : "Type a number first.";
      return;
    }
    if (guess !== null && !choices && !Number.isFinite(Number(guess))) {
      feedback.textContent = `"${guess}" is not a number. Type one, such as 0.5 or 1e-3.`;
      return;
    }
    const id = ++checking;
    const failed = (error: unknown) => {
      if (id === checking) feedback.textContent = `Could not run the check: ${error instanceof Error ? error.message : String(error)}`;
    };
    const judge = (measured: M) => {
      if (id !== checking) return;
      show.hidden = true;
      let right: string | number;
      let why: string;
      try {
        right = answer(measured);
        why = explain(right, measured);
      } catch (error) {
        return failed(error);
      }
      if (guess === null) {
        feedback.textContent = `The answer: ${typeof right === "number" ? formatAnswer(right) : right}. ${why}`;
        return;
      }
      const correct = typeof right === "number" ? isClose(Number(guess), right, tolerance) : guess === right;
      writeItem("localStorage", key, correct ? "right" : "tried");
      form.classList.toggle("px-quiz-done", correct);
      if (!correct && wrong++ === 0) {
        const way = typeof right === "number" ? ` The engine's answer is ${right > Number(guess) ? "larger" : "smaller"} than ${guess}.` : "";
        feedback.textContent = `Not quite.${way} Think again, and check once more.`;
        check.textContent = "Check again";
        show.hidden = false;
        return;
      }
      feedback.textContent = `${correct ? "Right." : "Not quite."} ${why}`;
    };
    let measured: M | PromiseLike<M>;
    try {
      measured = measure ? measure() : (undefined as M);
    } catch (error) {
      return failed(error);
    }
    if (isThenable(measured)) {
      feedback.textContent = "Computing the answer…";
      measured.then(judge, failed);
    } else {
      judge(measured);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(false);
  });
  show.addEventListener("click", () => run(true));
  return form;
}

/** A computed number answer as the reader would write it: up to four significant digits. */
function formatAnswer(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

function isThenable<T>(x: T | PromiseLike<T>): x is PromiseLike<T> {
  return typeof (x as PromiseLike<T> | null)?.then === "function";
}

function isClose(guess: number, right: number, tolerance: number): boolean {
  if (right === 0) return Math.abs(guess) <= tolerance;
  return Math.abs(guess - right) <= tolerance * Math.abs(right);
}
