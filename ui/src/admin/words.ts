// The admin console's words: the console catalogue (ui/locales/<language>/console.ftl) of the
// language chosen in the console's menu (kept in this browser), else the browser's, else
// English. The wire carries codes and parameters; the console words them here. Keys are written
// with dots (`board.activity.free`) for the catalogue's dashes (`board-activity-free`).
import type { ConsoleWordKey } from "../messages/ConsoleWordKey";
import { byLanguage, Catalogue, isLanguage, LANGUAGE_NAMES, LANGUAGES, negotiate, type Args } from "../l10n";

const files = import.meta.glob<string>("../../locales/*/console.ftl", { query: "?raw", import: "default", eager: true });

const STORED = "callcard.language";

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null;
  }
}

const chosen = storedLanguage();
const language = isLanguage(chosen) ? chosen : negotiate(navigator.languages);
// Dates and numbers in the browser's own locale when it is of this language (en-GB: 24 hours).
const locale = navigator.languages.find((l) => l.split("-")[0] === language) ?? language;

export const l10n = new Catalogue(byLanguage(files), language, locale);

export type WordKey = ConsoleWordKey;
export type Params = Args;

const id = (key: string) => key.replace(/\./g, "-");

/** The text of `key` with its parameters. */
export function t(key: WordKey, params: Params = {}): string {
  return l10n.format(id(key), params);
}

/** A catalogue key made at run time (a code from the wire): null when the catalogue has none. */
export function known(key: string): WordKey | null {
  return l10n.has(id(key)) ? (key as WordKey) : null;
}

/** Fills every `data-word` element's text (and `data-word-placeholder` inputs) of the page. */
export function applyWords(root: ParentNode) {
  for (const e of root.querySelectorAll<HTMLElement>("[data-word]")) {
    const key = known(e.dataset.word ?? "");
    if (key) e.textContent = t(key);
  }
  for (const e of root.querySelectorAll<HTMLInputElement>("[data-word-placeholder]")) {
    const key = known(e.dataset.wordPlaceholder ?? "");
    if (key) e.placeholder = t(key);
  }
  document.documentElement.lang = language;
  document.title = t("app.title");
}

/** The language menu: as the browser, then each language by its own name. A choice is kept in
 * this browser and the page reloads in it. */
export function languageMenu(select: HTMLSelectElement) {
  const browser = document.createElement("option");
  browser.value = "";
  browser.textContent = t("app.language.browser");
  const options = LANGUAGES.map((code) => {
    const option = document.createElement("option");
    option.value = code;
    option.lang = code;
    option.textContent = LANGUAGE_NAMES[code];
    return option;
  });
  select.replaceChildren(browser, ...options);
  select.value = isLanguage(chosen) ? chosen : "";
  select.title = t("app.language");
  select.setAttribute("aria-label", t("app.language"));
  select.addEventListener("change", () => {
    try {
      if (select.value) localStorage.setItem(STORED, select.value);
      else localStorage.removeItem(STORED);
    } catch {
      // A browser that keeps nothing still shows the page; the choice lasts this page only.
    }
    location.reload();
  });
}
