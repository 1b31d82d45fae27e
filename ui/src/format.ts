// Small display helpers shared by the main window and the cards.
import type { CallRow } from "./bindings/CallRow";
import type { Disposition } from "./bindings/Disposition";

export function mmss(totalSecs: number): string {
  const s = Math.max(0, Math.floor(totalSecs));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export function dispositionLabel(d: Disposition | null, missed: boolean): string {
  if (missed) return "missed";
  if (d === null) return "";
  if (typeof d === "object") return d.other;
  return d.replace(/_/g, " ");
}

export function stateLabel(row: CallRow): string {
  if (row.state === "ended") return dispositionLabel(row.disposition, row.missed) || "ended";
  return row.state === "answered" ? "talking" : "ringing";
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
