// Every page used as a person uses it, in headless Chromium at 1280×900, with Playwright's mouse and
// keyboard (real input events, not values set from a script):
//   1. each visible slider dragged with the mouse (pressed on its thumb, moved in eight steps of
//      40 ms, released), the first one then held down with an arrow key (twelve key repeats, 25 ms
//      apart), and the first number box typed into and committed with Enter. After each, the knob
//      shows a new value and a figure changes. When the reader stops, every figure must show the
//      knobs as they stand: each figure is compared with the same figure on a fresh load of the
//      page's address (which carries the knobs); one that differs passes only while it is training
//      (it changes when watched in view, on either page), since a training run is at another step;
//   2. from the top of the page, Tab reaches the main content within three stops (the skip link);
//      the first exercise, answered wrong with the mouse, gets a second try before any explanation;
//   3. every lesson link in the README and on the pages: the knobs show the link's values, and the
//      knobs it hides are gone from the layout and cannot take focus.
// The stale figures this catches: a cell the Observable runtime recomputes only once its previous
// value settled (compute.ts's Superseded) and a [hidden] knob that CSS showed anyway.
import {readFileSync} from "node:fs";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, onTestFinished, test} from "vitest";
import {discoverPages, errorCells, openPage, printTable, readKnobs, siteUrl, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
const rows: Record<string, string | number>[] = [];
const tries: Record<string, string | number>[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  printTable("Acting like a person: knobs moved by mouse and keyboard, then every figure against a fresh load", rows);
  printTable("'Try it' buttons clicked: knobs set, figure brought into view", tries);
  await browser?.close();
});

/** Each figure's chart markup (ids removed) and caption, by its data-figure name. */
function figures(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll<HTMLElement>(".px-figure"), (figure, i) => {
        const body = figure.querySelector(".px-figure-body")?.innerHTML.replace(/\s(id|aria-labelledby|aria-describedby)="[^"]*"/g, "") ?? "";
        return [figure.dataset.figure ?? `#${i}`, `${body}\n${figure.querySelector("figcaption")?.textContent ?? ""}`];
      })
    )
  );
}

/** Waits until no off-main-thread status says it is still working ("…"), then a moment for the figure. */
async function computed(page: Page): Promise<void> {
  await page.waitForFunction(() => !Array.from(document.querySelectorAll(".knob-status, .px-figure-status"), (s) => s.textContent ?? "").some((t) => /…/.test(t) && !/Measuring:|so far/.test(t)), undefined, {timeout: 60_000});
  await page.waitForTimeout(800);
}

/** Resolves true once some figure differs from before (within ms). */
async function figureChanges(page: Page, before: Record<string, string>, ms = 5000): Promise<boolean> {
  return page
    .waitForFunction(
      (previous) =>
        Array.from(document.querySelectorAll<HTMLElement>(".px-figure"), (figure, i) => {
          const body = figure.querySelector(".px-figure-body")?.innerHTML.replace(/\s(id|aria-labelledby|aria-describedby)="[^"]*"/g, "") ?? "";
          return previous[figure.dataset.figure ?? `#${i}`] !== `${body}\n${figure.querySelector("figcaption")?.textContent ?? ""}`;
        }).some(Boolean),
      before,
      {timeout: ms}
    )
    .then(() => true, () => false);
}

/** Whether the named figure changes in the 3 s it is watched in view. */
async function trainsInView(page: Page, name: string): Promise<boolean> {
  // Scrolled from the page: a training figure is redrawn between two protocol calls.
  const found = await page.evaluate((name) => {
    const figure = document.querySelector(`.px-figure[data-figure="${name}"]`);
    figure?.scrollIntoView({block: "center"});
    return figure !== null;
  }, name);
  if (!found) return false;
  const before = (await figures(page))[name];
  await page.waitForTimeout(3000);
  return (await figures(page))[name] !== before;
}

/** A knob root's value as its element holds it. */
const knobValue = (page: Page, name: string) => page.locator(`.px-knob[data-knob="${name}"]`).evaluate((el) => String((el as unknown as {value: unknown}).value));

/** Drags a range input's thumb with the mouse to a quarter or three quarters of its track. */
async function drag(page: Page, name: string): Promise<void> {
  const slider = page.locator(`.px-knob[data-knob="${name}"] input[type=range]`);
  await slider.scrollIntoViewIfNeeded();
  // Figures above may still be growing into their drawn height: press where the slider has come to rest.
  let box = (await slider.boundingBox())!;
  for (let tries = 0; tries < 20; tries++) {
    await page.waitForTimeout(100);
    const now = (await slider.boundingBox())!;
    if (now.x === box.x && now.y === box.y && now.width === box.width) break;
    box = now;
    await slider.scrollIntoViewIfNeeded();
  }
  const fraction = await slider.evaluate((input: HTMLInputElement) => (Number(input.value) - Number(input.min)) / (Number(input.max) - Number(input.min) || 1));
  const thumb = 8; // half the thumb's width: the track's ends are inset by it
  const at = (f: number) => box.x + thumb + f * (box.width - 2 * thumb);
  const y = box.y + box.height / 2;
  const to = fraction < 0.5 ? 0.75 : 0.25;
  await page.mouse.move(at(fraction), y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(at(fraction + ((to - fraction) * i) / 8), y);
    await page.waitForTimeout(40);
  }
  await page.mouse.up();
}

describe.each(pages)("page %s", (path) => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(path), {width: 1280, height: 900});
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test("Tab from the top reaches the main content within three stops", async () => {
    const {page} = opened;
    onTestFinished(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())); // leave no focus (a sidebar link) for the next test
    let inMain = false;
    for (let stop = 1; stop <= 3 && !inMain; stop++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const box = el.getBoundingClientRect();
        return {skip: el.matches(".px-skip"), seen: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight};
      });
      if (at.skip) {
        expect(at.seen, "the skip link shows when focused").toBe(true);
        await page.keyboard.press("Enter");
      }
      inMain = await page.evaluate(() => document.getElementById("observablehq-main")!.contains(document.activeElement));
    }
    expect(inMain, "focus in the main content after three Tab stops (and Enter on a skip link)").toBe(true);
    expect(new URL(page.url()).hash, "the skip link leaves the address alone").toBe("");
  });

  test("an exercise answered wrong gets a second try before it tells the answer", {timeout: 120_000}, async () => {
    const {page} = opened;
    const quiz = page.locator("form.px-quiz").first();
    if ((await quiz.count()) === 0) return;
    await quiz.scrollIntoViewIfNeeded();
    const radios = quiz.locator("input[type=radio]");
    const feedback = quiz.locator(".px-quiz-feedback");
    /** Answers (radio i with the mouse, or a number typed) and presses the check button; returns what it said. */
    const answer = async (i: number) => {
      if ((await radios.count()) > 0) await radios.nth(i % (await radios.count())).click();
      else await quiz.locator("input[type=text]").fill(String(123456789 + i));
      await quiz.locator("button[type=submit]").click();
      await expect.poll(() => feedback.textContent(), {timeout: 90_000}).toMatch(/^(?!Computing)\S/);
      return (await feedback.textContent()) ?? "";
    };
    let said = await answer(0);
    if (said.startsWith("Right.")) said = await answer(1); // then any other choice is wrong
    expect(said, "a first wrong answer").toMatch(/^Not quite\..*Think again/);
    expect(await quiz.locator(".px-quiz-show").isVisible(), "Show the answer, offered after a wrong try").toBe(true);
    said = await answer(2);
    expect(said, "the second check explains").toMatch(/^(Right|Not quite)\. /);
    expect(said).not.toMatch(/Think again/);
  });

  test("moved by mouse and keyboard, every figure ends showing the knobs as they stand", {timeout: 180_000}, async () => {
    const {page, problems} = opened;
    const done: string[] = [];
    let changed = 0;
    const knobs = (await readKnobs(page)).filter((k) => !k.hidden);
    const sliders = [];
    for (const knob of knobs) if ((await page.locator(`.px-knob[data-knob="${knob.name}"] input[type=range]`).count()) > 0) sliders.push(knob.name);
    const act = async (what: string, name: string, action: () => Promise<void>) => {
      const before = await figures(page);
      const from = await knobValue(page, name);
      await action();
      const to = await knobValue(page, name);
      expect(to, `${what} ${name}: the knob's value moved`).not.toBe(from);
      // A knob may drive only a figure that waits (a run behind a "train" box): a change is noted, not required.
      if (await figureChanges(page, before)) changed++;
      done.push(`${what} ${name} ${from}→${to}`);
    };
    for (const name of sliders) await act("dragged", name, () => drag(page, name));
    if (sliders.length > 0) {
      const name = sliders[0];
      await act("held an arrow on", name, async () => {
        const slider = page.locator(`.px-knob[data-knob="${name}"] input[type=range]`);
        await slider.focus();
        const key = (await slider.evaluate((input: HTMLInputElement) => Number(input.value) > (Number(input.min) + Number(input.max)) / 2)) ? "ArrowLeft" : "ArrowRight";
        for (let i = 0; i < 12; i++) {
          await page.keyboard.down(key); // repeated downs are key repeats, as a held key sends
          await page.waitForTimeout(25);
        }
        await page.keyboard.up(key);
      });
    }
    const typed = knobs.find((k) => k.kind === "number" && k.max! > k.min!);
    if (typed) {
      const now = Number(await knobValue(page, typed.name));
      const {min, max, integer} = typed;
      let value = integer ? Math.round(min! + (max! - min!) / 3) : min! + (max! - min!) / 3;
      if (value === now) value = integer ? Math.round(min! + (2 * (max! - min!)) / 3) : min! + (2 * (max! - min!)) / 3;
      await act("typed into", typed.name, async () => {
        const box = page.locator(`.px-knob[data-knob="${typed.name}"] .px-knob-box`);
        await box.fill(String(value));
        await box.press("Enter");
      });
    }
    // The reader stops. Every figure must show the knobs as they stand.
    await computed(page);
    const moved = await figures(page);
    const fresh = await openPage(browser, page.url(), {width: 1280, height: 900});
    try {
      await computed(fresh.page);
      const again = await figures(fresh.page);
      expect(Object.keys(moved).sort(), "the same figures as a fresh load").toEqual(Object.keys(again).sort());
      const differing = Object.keys(moved).filter((name) => moved[name] !== again[name]);
      const stale: string[] = [];
      for (const name of differing) if (!(await trainsInView(page, name)) && !(await trainsInView(fresh.page, name))) stale.push(name);
      rows.push({page: path, "moved (by mouse, key, typing)": done.join("; ") || "no knob", "a figure changed": `${changed} of ${done.length}`, figures: Object.keys(moved).length, "differing, training": differing.length - stale.length, stale: stale.join(", ") || "none"});
      expect(stale, `figures that differ from a fresh load of ${page.url()} and are not training`).toEqual([]);
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.page.context().close();
    }
    expect(await errorCells(page)).toEqual([]);
    expect(problems).toEqual([]);
  });


  test("every 'Try it' button sets the knobs its sentence names and brings their figure into view", async () => {
    const {page, problems} = opened;
    const buttons = await page.locator("button.px-try").all();
    for (const button of buttons) {
      const {settings, target} = await button.evaluate((b: HTMLElement) => ({settings: JSON.parse(b.dataset.try!) as Record<string, unknown>, target: b.dataset.target!}));
      await button.scrollIntoViewIfNeeded();
      await button.click();
      for (const [name, value] of Object.entries(settings)) expect(await knobValue(page, name), `knob ${name} after "${await button.textContent()}"`).toBe(String(value));
      const inView = (id: string) => {
        const box = document.getElementById(id)?.getBoundingClientRect();
        return box !== undefined && box.bottom > 0 && box.top < innerHeight;
      };
      await expect.poll(() => page.evaluate(inView, target), {timeout: 3000, message: `figure #${target} in view`}).toBe(true);
      const [first, value] = Object.entries(settings)[0];
      expect(new URL(page.url()).searchParams.get(first), "the address keeps the knob").toBe(String(value));
    }
    tries.push({page: path, buttons: buttons.length});
    expect(await errorCells(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/** Lesson links: the README's examples and every link with a query on the built pages. */
function lessonLinks(): string[] {
  const readme = [...readFileSync(new URL("../../README.md", import.meta.url), "utf8").matchAll(/`(\/[a-z-]*\?[^`\s]+)`/g)].map((m) => m[1]);
  const onPages = pages.flatMap((path) => {
    const html = readFileSync(new URL(`../../dist${path.endsWith("/") ? `${path}index.html` : `${path}.html`}`, import.meta.url), "utf8");
    return [...html.matchAll(/<main[\s\S]*?<\/main>/g)].flatMap((main) => [...main[0].matchAll(/href="([^"#]*\?[^"]*)"/g)].map((m) => new URL(m[1].replace(/&amp;/g, "&"), `http://x${path}`).pathname + new URL(m[1].replace(/&amp;/g, "&"), `http://x${path}`).search));
  });
  return [...new Set([...readme, ...onPages])].filter((link) => !/[?&]present\b/.test(link));
}

describe.each(lessonLinks())("lesson link %s", (link) => {
  test("shows the link's values; the knobs it hides are out of the layout and out of the keyboard's reach", async () => {
    const {page, problems} = await openPage(browser, siteUrl(link), {width: 1280, height: 900});
    try {
      const params = new URLSearchParams(link.split("?")[1]);
      const hide = (params.get("hide") ?? "").split(",").filter(Boolean);
      const knobs = await readKnobs(page);
      for (const [name, value] of params) if (name !== "hide") expect(knobs.find((k) => k.name === name)?.value, `knob ${name}`).toBe(value);
      const shown = await page.evaluate(
        () =>
          Array.from(document.querySelectorAll<HTMLElement>(".px-knob"), (knob) => {
            const controls = Array.from(knob.querySelectorAll<HTMLElement>("input, select"));
            const focusable = controls.some((control) => {
              control.focus();
              return document.activeElement === control;
            });
            return {name: knob.dataset.knob!, seen: knob.checkVisibility() && knob.getBoundingClientRect().height > 0, focusable};
          })
      );
      for (const knob of shown) {
        const hidden = hide.includes(knob.name);
        expect(knob.seen, `knob ${knob.name} ${hidden ? "hidden" : "shown"} by the layout`).toBe(!hidden);
        expect(knob.focusable, `knob ${knob.name} ${hidden ? "out of" : "in"} the keyboard order`).toBe(!hidden);
      }
      expect(await errorCells(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
