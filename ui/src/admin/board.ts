// The live board (supervisors' page): what each agent is doing now, the calls waiting, and
// today's missed numbers. The relay's board is read every second while the page is shown; the
// timers tick on the relay's clock.
import type { Board } from "../bindings/Board";
import type { BoardAgent } from "../bindings/BoardAgent";
import type { Call } from "../bindings/Call";
import type { MissedNumber } from "../bindings/MissedNumber";
import { el } from "../format";
import { getBoard } from "./api";
import { explain } from "./errors";
import { Latest, pageMessage, roleName, say } from "./view";
import { known, t } from "./words";

const POLL_MS = 1000;
const latest = new Latest();
let timer = 0;

/** Seconds since `at` on the relay's clock. */
function secondsSince(at: string, offsetMs: number): number {
  return Math.max(0, Math.round((Date.now() + offsetMs - Date.parse(at)) / 1000));
}

function clock(secs: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

function activityText(activity: string): string {
  const key = known(`board.activity.${activity}`);
  return key ? t(key) : activity;
}

function client(call: Call | undefined): string {
  if (!call) return "";
  const who = call.contact?.name ?? (call.client_phone ? `+${call.client_phone}` : t("board.hidden_number"));
  return call.contact?.company ? `${who} (${call.contact.company})` : who;
}

function agentRow(a: BoardAgent, offsetMs: number): HTMLTableRowElement {
  const tr = el("tr");
  tr.id = `board-agent-${a.id}`;
  tr.dataset.activity = a.activity;
  const state = el("td", activityText(a.activity), `activity ${a.activity}`);
  const who = a.client_name ?? (a.client_phone ? `+${a.client_phone}` : a.call_id !== null ? t("board.hidden_number") : "");
  const since = el("td", a.since ? clock(secondsSince(a.since, offsetMs)) : "", "since");
  if (a.since) since.dataset.since = a.since;
  tr.append(el("td", a.name), el("td", roleName(a.role), "muted"), state, el("td", who, "client"), since);
  return tr;
}

function waitingRow(c: Call, offsetMs: number): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.callId = String(c.id);
  const since = el("td", clock(secondsSince(c.started_at, offsetMs)), "since");
  since.dataset.since = c.started_at;
  tr.append(el("td", client(c)), el("td", c.line_label ?? (c.line ? `+${c.line}` : "")), since);
  return tr;
}

function missedRow(m: MissedNumber): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.phone = m.phone;
  tr.dataset.calledBack = String(m.called_back);
  const who = m.contact ? m.contact.name : `+${m.phone}`;
  tr.append(
    el("td", who),
    el("td", String(m.missed_calls)),
    el("td", new Date(m.last_missed_at).toLocaleTimeString()),
    el("td", m.called_back ? t("board.called_back") : t("board.not_called_back"), m.called_back ? "ok" : "warn"),
  );
  return tr;
}

function table(id: string, heads: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (rows.length === 0) {
    const p = el("p", empty, "muted");
    p.id = id;
    return p;
  }
  const tbl = el("table", undefined, "board");
  tbl.id = id;
  const head = el("tr");
  for (const h of heads) head.append(el("th", h));
  const body = el("tbody");
  body.append(...rows);
  tbl.append(el("thead"), body);
  tbl.tHead!.append(head);
  return tbl;
}

function render(root: HTMLElement, board: Board, offsetMs: number) {
  const longest = board.waiting[0];
  const summary = longest
    ? t("board.waiting_longest", { count: String(board.waiting.length), wait: clock(secondsSince(longest.started_at, offsetMs)) })
    : t("board.nobody_waiting");
  const body = el("div");
  body.id = "board-body";
  body.append(
    el("h3", t("board.agents")),
    table(
      "board-agents",
      [t("board.col.agent"), t("board.col.role"), t("board.col.activity"), t("board.col.client"), t("board.col.since")],
      board.agents.map((a) => agentRow(a, offsetMs)),
      t("board.no_agents"),
    ),
    el("h3", t("board.waiting")),
    el("p", summary, "board-summary"),
    table("board-waiting", [t("board.col.client"), t("board.col.line"), t("board.col.waiting")], board.waiting.map((c) => waitingRow(c, offsetMs)), ""),
    el("h3", t("board.missed_today")),
    table(
      "board-missed",
      [t("board.col.client"), t("board.col.missed"), t("board.col.last"), t("board.col.called_back")],
      board.missed_today.map(missedRow),
      t("board.no_missed"),
    ),
  );
  root.querySelector("#board-body")?.replaceWith(body) ?? root.append(body);
}

export async function loadBoard(root: HTMLElement) {
  const current = latest.next();
  window.clearInterval(timer);
  const message = pageMessage("board");
  root.replaceChildren(el("h2", t("board.title")), el("p", t("board.intro"), "muted"), message);
  const poll = async () => {
    // Another page was chosen, or this one was loaded anew: stop.
    if (!current() || root.hidden) {
      window.clearInterval(timer);
      return;
    }
    try {
      const board = await getBoard();
      if (!current()) return;
      say(message, "", "");
      render(root, board, Date.parse(board.server_time) - Date.now());
    } catch (e) {
      if (current()) say(message, explain(e), "error");
    }
  };
  await poll();
  timer = window.setInterval(() => void poll(), POLL_MS);
}
