// Display helpers shared by the console's pages: names of providers and roles, local times,
// status messages, copy buttons.
import type { Role } from "../bindings/Role";
import { el } from "../format";
import { known, l10n, t } from "./words";

/** A provider's name for people; an id this version does not know is shown as it is. */
export function providerName(id: string): string {
  const key = known(`provider.${id}`);
  return key ? t(key) : id;
}

export function roleName(role: Role | string): string {
  const key = known(`role.${role}`);
  return key ? t(key) : t("role.unknown");
}

const dateTime = new Intl.DateTimeFormat(l10n.locale, { dateStyle: "medium", timeStyle: "medium" });
const dateOnly = new Intl.DateTimeFormat(l10n.locale, { dateStyle: "medium" });

/** An RFC 3339 time in the browser's time zone and locale. */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function day(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

export type Kind = "ok" | "error" | "pending" | "";

/** Shows `text` in a `.message` element (empty text hides nothing: the element stays in place). */
export function say(target: HTMLElement, text: string, kind: Kind) {
  target.textContent = text;
  target.dataset.kind = kind;
}

/** A `.message` element for one control's result or error. */
export function messageSpan(id: string): HTMLSpanElement {
  const s = el("span", "", "message");
  s.id = id;
  s.setAttribute("role", "status");
  return s;
}

/** Selects the text of an input or any element, for a manual Ctrl+C. */
function select(target: HTMLElement) {
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    target.focus();
    target.select();
    return;
  }
  const range = document.createRange();
  range.selectNodeContents(target);
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
}

/** Copies `text` to the clipboard; without clipboard access (plain http, old browser) selects
 * `target`'s text instead. True when it is on the clipboard. */
export async function copyText(text: string, target: HTMLElement): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Denied: fall back to selecting.
    }
  }
  select(target);
  try {
    // Deprecated, but the only way left on plain http.
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

/** A "Copy" button for `target`'s text (an input's value or an element's text). */
export function copyButton(id: string, target: HTMLElement, label = t("telephony.copy")): HTMLButtonElement {
  const b = el("button", label, "copy");
  b.type = "button";
  b.id = id;
  let timer = 0;
  b.addEventListener("click", async () => {
    const text = target instanceof HTMLInputElement ? target.value : (target.textContent ?? "");
    const copied = await copyText(text, target);
    b.textContent = copied ? t("telephony.copied") : t("telephony.copy_manually");
    b.dataset.copied = copied ? "yes" : "selected";
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      b.textContent = label;
      delete b.dataset.copied;
    }, 2000);
  });
  return b;
}

/** A read-only text field showing `value`, selected whole on focus. */
export function readOnlyField(id: string, value: string): HTMLInputElement {
  const input = el("input", undefined, "readonly-field");
  input.id = id;
  input.type = "text";
  input.readOnly = true;
  input.value = value;
  input.spellcheck = false;
  input.addEventListener("focus", () => input.select());
  return input;
}

/** A page's loading state and load errors, at the top of its root. */
export function pageMessage(page: string): HTMLParagraphElement {
  const p = el("p", t("app.loading"), "message page-message");
  p.id = `error-${page}`;
  p.dataset.kind = "pending";
  return p;
}

/** Runs page loads so that only the latest one renders: a slow answer to an earlier load (the
 * user clicked on) is dropped. */
export class Latest {
  private n = 0;

  next(): () => boolean {
    const mine = ++this.n;
    return () => mine === this.n;
  }
}
