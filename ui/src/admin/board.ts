// The live board (supervisors' page): what each agent is doing now, the calls waiting, and
// today's missed numbers. The page follows the calls over the relay's WebSocket (the console
// session's cookie signs it in): every call event reads the board again at once. Wrap-up and
// do-not-disturb are no call events: a slower read every few seconds picks them up. The timers
// tick here, on the relay's clock.
import type { Board } from "../bindings/Board";
import type { BoardAgent } from "../bindings/BoardAgent";
import type { Call } from "../bindings/Call";
import type { MissedNumber } from "../bindings/MissedNumber";
import { clock, el } from "../format";
import { getBoard } from "./api";
import { explain } from "./errors";
import { Latest, pageMessage, roleName, say } from "./view";
import { known, l10n, t } from "./words";
import { formatPhone } from "../phone";

/** Wrap-up and do-not-disturb change without a call event. */
const POLL_MS = 5000;
/** Calls change in bursts (one ring reaches several agents): one read for a burst. */
const SETTLE_MS = 100;
const RECONNECT_MS = 2000;
const latest = new Latest();
let timer = 0;
let ticker = 0;
let stream: WebSocket | null = null;

/** Seconds since `at` on the relay's clock. */
function secondsSince(at: string, offsetMs: number): number {
  return Math.max(0, Math.round((Date.now() + offsetMs - Date.parse(at)) / 1000));
}

function activityText(activity: string): string {
  const key = known(`board.activity.${activity}`);
  return key ? t(key) : activity;
}

function client(call: Call | undefined): string {
  if (!call) return "";
  const who = call.contact?.name ?? (call.client_phone ? formatPhone(call.client_phone) : t("board.hidden_number"));
  return call.contact?.company ? `${who} (${call.contact.company})` : who;
}

function agentRow(a: BoardAgent, offsetMs: number): HTMLTableRowElement {
  const tr = el("tr");
  tr.id = `board-agent-${a.id}`;
  tr.dataset.activity = a.activity;
  const state = el("td", activityText(a.activity), `activity ${a.activity}`);
  const who = a.client_name ?? (a.client_phone ? formatPhone(a.client_phone) : a.call_id !== null ? t("board.hidden_number") : "");
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
  tr.append(el("td", client(c)), el("td", c.line_label ?? (c.line ? formatPhone(c.line) : "")), since);
  return tr;
}

function missedRow(m: MissedNumber): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.phone = m.phone;
  tr.dataset.calledBack = String(m.called_back);
  const who = m.contact ? m.contact.name : formatPhone(m.phone);
  tr.append(
    el("td", who),
    el("td", String(m.missed_calls)),
    el("td", l10n.time(m.last_missed_at)),
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
    ? t("board.waiting_longest", { count: board.waiting.length, wait: clock(secondsSince(longest.started_at, offsetMs)) })
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

/** Moves every timer on the page on by the relay's clock. */
function tick(root: HTMLElement, offsetMs: number) {
  for (const e of root.querySelectorAll<HTMLElement>("[data-since]")) {
    e.textContent = clock(secondsSince(e.dataset.since!, offsetMs));
  }
}

/** Follows the relay's call events while the page is current; `changed` on each one, and once
 * when the stream is live (what happened before it subscribed), which `root` then says with
 * `data-live`. */
function follow(root: HTMLElement, current: () => boolean, changed: () => void) {
  stream?.close();
  const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
  const ws = new WebSocket(url);
  stream = ws;
  ws.onmessage = (m) => {
    const message = JSON.parse(String(m.data)) as { type: string; protocol?: number };
    // The relay greets with its protocol; subscribing from now on is all the board needs.
    if (message.type === "hello") ws.send(JSON.stringify({ type: "subscribe", protocol: message.protocol, resume: null }));
    else if (message.type === "subscribed") {
      root.dataset.live = "true";
      changed();
    } else if (message.type === "event" || message.type === "resync_required") changed();
  };
  ws.onclose = () => {
    if (stream !== ws) return;
    stream = null;
    delete root.dataset.live;
    // Missed events while away: read the board, and follow again.
    window.setTimeout(() => {
      if (!current()) return;
      changed();
      follow(root, current, changed);
    }, RECONNECT_MS);
  };
}

export async function loadBoard(root: HTMLElement) {
  const current = latest.next();
  window.clearInterval(timer);
  window.clearInterval(ticker);
  const message = pageMessage("board");
  delete root.dataset.live;
  root.replaceChildren(el("h2", t("board.title")), el("p", t("board.intro"), "muted"), message);
  let offsetMs = 0;
  let settle = 0;
  const showing = () => current() && !root.hidden;
  const read = async () => {
    // Another page was chosen, or this one was loaded anew: stop.
    if (!showing()) {
      window.clearInterval(timer);
      window.clearInterval(ticker);
      stream?.close();
      stream = null;
      delete root.dataset.live;
      return;
    }
    try {
      const board = await getBoard();
      if (!current()) return;
      say(message, "", "");
      offsetMs = Date.parse(board.server_time) - Date.now();
      render(root, board, offsetMs);
    } catch (e) {
      if (current()) say(message, explain(e), "error");
    }
  };
  await read();
  follow(root, showing, () => {
    window.clearTimeout(settle);
    settle = window.setTimeout(() => void read(), SETTLE_MS);
  });
  timer = window.setInterval(() => void read(), POLL_MS);
  ticker = window.setInterval(() => tick(root, offsetMs), 1000);
}
