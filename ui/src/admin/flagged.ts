// The "Webhooks with problems" page: verified webhooks the relay could not read in full, newest
// first, with their problems and their fields. Everything shown is the PBX's (or a stranger's)
// text: it goes in as text, never as HTML.
import type { FlaggedEntry } from "../bindings/FlaggedEntry";
import { el } from "../format";
import { getFlagged } from "./api";
import { explain } from "./errors";
import { Latest, pageMessage, providerName, say, when } from "./view";
import { t } from "./words";

const LIMIT = 50;
const latest = new Latest();

function pretty(fields: unknown): string {
  try {
    return JSON.stringify(fields, null, 2) ?? String(fields);
  } catch {
    return String(fields);
  }
}

function row(f: FlaggedEntry): HTMLTableRowElement {
  const tr = el("tr");
  tr.id = `flagged-row-${f.id}`;
  const problems = el("ul", undefined, "problems");
  for (const p of f.problems) problems.append(el("li", p));
  const details = el("details", undefined, "fields");
  details.id = `flagged-fields-${f.id}`;
  details.append(el("summary", t("flagged.show_fields")), el("pre", pretty(f.fields), "selectable"));
  const problemsCell = el("td");
  problemsCell.append(problems);
  const fieldsCell = el("td");
  fieldsCell.append(details);
  const time = el("td", when(f.received_at), "time");
  time.title = f.received_at;
  tr.append(time, el("td", providerName(f.provider)), el("td", f.event, "event"), problemsCell, fieldsCell);
  return tr;
}

export async function loadFlagged(root: HTMLElement) {
  const current = latest.next();
  const message = pageMessage("flagged");
  const refresh = el("button", t("app.refresh"), "refresh");
  refresh.type = "button";
  refresh.id = "refresh-flagged";
  refresh.addEventListener("click", () => void loadFlagged(root));
  const head = el("div", undefined, "page-head");
  head.append(el("h2", t("flagged.title")), refresh);
  const intro = el("p", t("flagged.intro", { limit: LIMIT }), "muted");
  if (!root.hasChildNodes()) root.append(head, intro, message);
  else root.querySelector(".page-message")?.replaceWith(message);
  try {
    const entries = await getFlagged(LIMIT);
    if (!current()) return;
    say(message, entries.length ? "" : t("flagged.none"), "");
    const table = el("table", undefined, "flagged");
    table.id = "flagged-table";
    const head_ = el("tr");
    for (const k of ["time", "provider", "event", "problems", "fields"] as const) head_.append(el("th", t(`flagged.col.${k}`)));
    const thead = el("thead");
    thead.append(head_);
    const tbody = el("tbody");
    tbody.append(...entries.map(row));
    table.append(thead, tbody);
    table.hidden = entries.length === 0;
    const wrap = el("div", undefined, "table-wrap");
    wrap.append(table);
    root.replaceChildren(head, intro, message, wrap);
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
