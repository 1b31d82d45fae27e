// Cells shared by every list of calls in the main window (today's calls, the history search, a
// client's journal): who, which number, the recording and the blacklist button.
import { message } from "./api";
import type { CallRow } from "./bindings/CallRow";
import { el, mmss } from "./format";
import { dayAndTime, directionArrow, directionLabel, stateLabel } from "./labels";
import { attr, t } from "./words";
import { blacklistButton, numberLink, outcomeTag, type PlayerBar } from "./widgets";

/** What the rows need from the window around them. */
export interface RowContext {
  player: PlayerBar;
  /** Shows what a click did (dialled, refused…). */
  report: (text: string, ok: boolean) => void;
  /** Opens the client's journal (`phone`: digits-only E.164). */
  openClient: (phone: string) => void;
}

export function clientText(c: { name: string | null; company: string | null }): string {
  return c.name ? (c.company ? t("client-with-company", { name: c.name, company: c.company }) : c.name) : "—";
}

/** The client's name; a click opens their journal (every call with the number). */
export function clientCell(c: CallRow, ctx: RowContext): HTMLElement {
  const td = el("td", undefined, "client");
  if (!c.phone) {
    td.textContent = clientText(c);
    return td;
  }
  const open = el("button", c.name ? clientText(c) : t("client-new-number"), "open-client");
  open.type = "button";
  open.title = attr("client-open-journal", "title");
  open.dataset.phone = c.phone;
  open.addEventListener("click", () => ctx.openClient(c.phone!));
  td.append(open);
  return td;
}

export function numberCell(number: string | null, phone: string | null, ctx: RowContext): HTMLElement {
  const td = el("td", undefined, "number");
  td.append(number && phone ? numberLink(number, phone, ctx.report) : t("number-hidden"));
  return td;
}

export function directionCell(c: CallRow): HTMLElement {
  const dir = el("td", directionArrow(c.direction), "dir");
  dir.title = directionLabel(c.direction);
  return dir;
}

/** Play (where this agent may hear the recording) and the blacklist button. */
export function actionsCell(c: CallRow, ctx: RowContext): HTMLElement {
  const td = el("td");
  if (c.has_recording) {
    const b = el("button", "▶", "play");
    b.title = attr("play-recording", "title");
    b.addEventListener("click", () => void ctx.player.play(c.call_id));
    td.append(b);
  }
  if (c.can_blacklist && c.phone) {
    td.append(blacklistButton(c.phone, c.blacklisted, (e) => ctx.report(message(e), false)));
  } else if (c.blacklisted) {
    td.append(el("span", t("blacklisted-tag"), "blacklisted-tag"));
  }
  return td;
}

/** A call from another day: date and time, and what was logged with its note. */
export function pastCallRow(c: CallRow, ctx: RowContext): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.callId = String(c.call_id);
  tr.className = c.missed ? "missed" : "";
  const outcome = el("td", undefined, "outcome-cell");
  const tag = outcomeTag(c.outcome, c.pending_outcome);
  if (tag) outcome.append(tag);
  if (c.outcome?.note) outcome.append(" ", el("span", c.outcome.note, "note"));
  tr.append(
    directionCell(c),
    el("td", dayAndTime(c.started_at), "when"),
    clientCell(c, ctx),
    numberCell(c.number, c.phone, ctx),
    el("td", stateLabel(c), "state"),
    el("td", c.duration_secs === null ? "" : mmss(c.duration_secs)),
    el("td", c.agent ?? "", "agent"),
    outcome,
    actionsCell(c, ctx),
  );
  return tr;
}
