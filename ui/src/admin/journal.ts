// A client's journal in the console, opened from the Contacts page: every call with the
// number, whichever manager had it, with its outcome, note and recording (played in the page:
// the session's cookie goes with the audio request).
import type { Call } from "../bindings/Call";
import type { Journal } from "../bindings/Journal";
import { el } from "../format";
import { getJournal } from "./api";
import { explain } from "./errors";
import { Latest, say } from "./view";
import { l10n, t } from "./words";
import { formatPhone } from "../phone";

const opens = new Latest();

function duration(secs: number | null): string {
  if (secs === null) return "";
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(secs / 60)}:${two(secs % 60)}`;
}

function agentName(c: Call): string {
  const a = c.agent;
  return a?.name ?? a?.extension ?? a?.login ?? "";
}

function direction(c: Call): string {
  return c.direction === "incoming" ? t("journal.incoming") : c.direction === "outgoing" ? t("journal.outgoing") : "";
}

function state(c: Call): string {
  if (c.missed) return t("journal.missed");
  return c.answered_at ? t("journal.answered") : c.state === "ended" ? t("journal.ended") : t("journal.in_progress");
}

function callRow(c: Call): HTMLTableRowElement {
  const tr = el("tr", undefined, c.missed ? "missed" : "");
  tr.dataset.callId = String(c.id);
  const outcome = el("td", undefined, "outcome");
  if (c.outcome) {
    const tag = el("span", c.outcome.label, "outcome-tag");
    tag.style.borderColor = c.outcome.colour;
    outcome.append(tag);
    if (c.outcome.note) outcome.append(" ", el("span", c.outcome.note, "note"));
  }
  const recording = el("td", undefined, "recording");
  if (c.recording?.ready) {
    const audio = el("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = `/api/v1/admin/calls/${c.id}/recording`;
    recording.append(audio);
  }
  tr.append(
    el("td", l10n.dateTime(c.started_at), "when"),
    el("td", direction(c)),
    el("td", agentName(c), "agent"),
    el("td", state(c), "state"),
    el("td", duration(c.answered_at ? c.duration_secs : null)),
    outcome,
    recording,
  );
  return tr;
}

function render(box: HTMLElement, j: Journal) {
  const title = j.contact ? `${j.contact.name}${j.contact.company ? ` (${j.contact.company})` : ""}` : formatPhone(j.phone);
  const head = el("h3", t("journal.title", { who: title }));
  if (j.calls.length === 0) {
    box.replaceChildren(head, el("p", t("journal.none"), "muted"));
    return;
  }
  const table = el("table", undefined, "journal");
  table.id = "journal-table";
  const row = el("tr");
  for (const k of ["when", "direction", "agent", "state", "duration", "outcome", "recording"] as const) {
    row.append(el("th", t(`journal.col.${k}`)));
  }
  const thead = el("thead");
  thead.append(row);
  const tbody = el("tbody");
  tbody.append(...j.calls.map(callRow));
  table.append(thead, tbody);
  box.replaceChildren(head, table);
}

/** Shows the journal of `phone` in `box` (the latest request wins). */
export async function showJournal(box: HTMLElement, phone: string) {
  const mine = opens.next();
  const status = el("p", t("journal.loading"), "message");
  box.hidden = false;
  box.replaceChildren(status);
  box.dataset.phone = phone;
  try {
    const journal = await getJournal(phone);
    if (mine()) render(box, journal);
  } catch (e) {
    if (mine()) say(status, explain(e), "error");
  }
  box.scrollIntoView({ block: "nearest" });
}
