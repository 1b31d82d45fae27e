// The app's words about calls: states, directions, how a call ended, when it was. A newer relay
// may send states, directions and dispositions this version does not know: they get a neutral
// label (or none), never a known one they are not.
import type { CallRow } from "./bindings/CallRow";
import type { CallState } from "./bindings/CallState";
import type { Direction } from "./bindings/Direction";
import type { Disposition } from "./bindings/Disposition";
import type { AppMessageId } from "./messages/AppMessageId";
import { l10n, t } from "./words";

const DISPOSITIONS: Record<string, AppMessageId> = {
  answered: "disposition-answered",
  missed: "disposition-missed",
  busy: "disposition-busy",
  no_answer: "disposition-no-answer",
  cancelled: "disposition-cancelled",
  failed: "disposition-failed",
  no_money: "disposition-no-money",
  unallocated: "disposition-unallocated",
  line_limit: "disposition-line-limit",
  transferred: "disposition-transferred",
};

export function dispositionLabel(d: Disposition | null, missed: boolean): string {
  if (missed) return t("disposition-missed");
  if (d === null) return "";
  // A provider's own value the relay kept as it was.
  if (typeof d === "object") return d.other;
  return Object.hasOwn(DISPOSITIONS, d) ? t(DISPOSITIONS[d]) : "";
}

/** The state column of the call list. */
export function stateLabel(row: CallRow): string {
  switch (row.state) {
    case "ringing":
      return t("state-ringing");
    case "answered":
      return t("state-talking");
    case "ended":
      return dispositionLabel(row.disposition, row.missed) || t("state-ended");
    default:
      return t("state-other");
  }
}

/** A state in a sentence ("…, incoming, answered"); "" for one this version does not know. */
export function stateWord(state: CallState): string {
  switch (state) {
    case "ringing":
      return t("state-ringing");
    case "answered":
      return t("state-answered");
    case "ended":
      return t("state-ended");
    default:
      return "";
  }
}

/** "incoming" or "outgoing"; "" for a direction this version does not know. */
export function directionLabel(d: Direction): string {
  switch (d) {
    case "incoming":
      return t("direction-incoming");
    case "outgoing":
      return t("direction-outgoing");
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

/** Hours and minutes in the locale's clock (24-hour in ru, uk, pt, fr). */
export const timeOfDay = (iso: string): string => l10n.time(iso);

/** A date and time of another day, in the locale's conventions. */
export const dayAndTime = (iso: string): string => `${l10n.date(iso)} ${l10n.time(iso)}`;
