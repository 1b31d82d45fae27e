// Small display helpers shared by the main window and the cards.
import type { CallRow } from "./bindings/CallRow";
import type { CallState } from "./bindings/CallState";
import type { Direction } from "./bindings/Direction";
import type { Disposition } from "./bindings/Disposition";

// A newer relay may send states, directions and dispositions this version does not know: they
// get a neutral label (or none), never a known one they are not.
const KNOWN_DISPOSITIONS: ReadonlySet<string> = new Set([
  "answered",
  "missed",
  "busy",
  "no_answer",
  "cancelled",
  "failed",
  "no_money",
  "unallocated",
  "line_limit",
  "transferred",
]);

/** A running timer: m:ss, or h:mm:ss from an hour on (the live boards). */
export function clock(secs: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export function mmss(totalSecs: number): string {
  const s = Math.max(0, Math.floor(totalSecs));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export function dispositionLabel(d: Disposition | null, missed: boolean): string {
  if (missed) return "missed";
  if (d === null) return "";
  // A provider's own value the relay kept as it was.
  if (typeof d === "object") return d.other;
  return KNOWN_DISPOSITIONS.has(d) ? d.replace(/_/g, " ") : "";
}

/** The state column of the call list. */
export function stateLabel(row: CallRow): string {
  switch (row.state) {
    case "ringing":
      return "ringing";
    case "answered":
      return "talking";
    case "ended":
      return dispositionLabel(row.disposition, row.missed) || "ended";
    default:
      return "other";
  }
}

/** A state in a sentence ("…, incoming, answered"); "" for one this version does not know. */
export function stateWord(state: CallState): string {
  switch (state) {
    case "ringing":
    case "answered":
    case "ended":
      return state;
    default:
      return "";
  }
}

/** "incoming" or "outgoing"; "" for a direction this version does not know. */
export function directionLabel(d: Direction): string {
  switch (d) {
    case "incoming":
    case "outgoing":
      return d;
    default:
      return "";
  }
}

/** The direction column's arrow; a dot for a direction this version does not know. */
export function directionArrow(d: Direction): string {
  switch (d) {
    case "incoming":
      return "↙";
    case "outgoing":
      return "↗";
    default:
      return "·";
  }
}

export function timeOfDay(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e as T;
}
