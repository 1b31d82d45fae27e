// The supervisor's "Team" section of the main window: what every agent is doing now (free,
// ringing, talking with whom, wrap-up, do-not-disturb) and for how long, the calls waiting and
// today's missed numbers. Read from the relay when calls change (a supervisor gets every call
// event) and every few seconds; the timers tick here, on the relay's clock.
import { message, teamBoard } from "./api";
import type { Board } from "./bindings/Board";
import type { BoardAgent } from "./bindings/BoardAgent";
import type { Overview } from "./bindings/Overview";
import { byId, clock, el } from "./format";
import type { AppMessageId } from "./messages/AppMessageId";
import { l10n, t } from "./words";
import { formatPhone } from "./phone";

const EVERY_MS = 5000;
/** Calls change in bursts (ringing several agents at once): one read for a burst. */
const SETTLE_MS = 300;

const ACTIVITY: Record<string, AppMessageId> = {
  free: "activity-free",
  ringing: "activity-ringing",
  talking: "activity-talking",
  wrap_up: "activity-wrap-up",
  do_not_disturb: "activity-do-not-disturb",
};

function sinceCell(at: string | null): HTMLElement {
  const td = el("td", "", "since");
  if (at) td.dataset.since = at;
  return td;
}

function agentRow(a: BoardAgent): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.agentId = String(a.id);
  tr.dataset.activity = a.activity;
  // A state this version does not know is shown as the relay names it.
  const state = Object.hasOwn(ACTIVITY, a.activity) ? t(ACTIVITY[a.activity]) : a.activity;
  const who = a.client_name ?? (a.client_phone ? formatPhone(a.client_phone) : a.call_id !== null ? t("team-hidden-number") : "");
  tr.append(el("td", a.name), el("td", state, `activity ${a.activity}`), el("td", who, "client"), sinceCell(a.since));
  return tr;
}

export class TeamBoard {
  private offsetMs = 0;
  private on = false;
  private pending = 0;
  /** Told which agents exist (the history's agent filter). */
  onAgents: (agents: BoardAgent[]) => void = () => {};

  constructor() {
    window.setInterval(() => this.tick(), 1000);
    window.setInterval(() => {
      if (this.on) void this.load();
    }, EVERY_MS);
  }

  /** Shown to supervisors only; every overview change (a call event) reads the board again. */
  show(o: Overview) {
    this.on = o.agent?.supervisor === true && o.status.state === "connected";
    byId("team-section").hidden = o.agent?.supervisor !== true;
    if (!this.on) return;
    window.clearTimeout(this.pending);
    this.pending = window.setTimeout(() => void this.load(), SETTLE_MS);
  }

  private async load() {
    const msg = byId("team-message");
    try {
      const board = await teamBoard();
      msg.textContent = "";
      this.render(board);
    } catch (e) {
      msg.textContent = message(e);
      msg.dataset.kind = "error";
    }
  }

  private render(b: Board) {
    this.offsetMs = Date.parse(b.server_time) - Date.now();
    byId("team-agents").querySelector("tbody")!.replaceChildren(...b.agents.map(agentRow));
    const waiting = byId("team-waiting");
    const longest = b.waiting[0];
    waiting.replaceChildren();
    if (longest) {
      waiting.append(`${t("team-waiting", { count: b.waiting.length })} `);
      const since = el("span", "", "since");
      since.dataset.since = longest.started_at;
      waiting.append(since);
    } else {
      waiting.append(t("team-nobody-waiting"));
    }
    const missed = b.missed_today.map((m) => {
      const li = el("li");
      li.dataset.phone = m.phone;
      li.dataset.calledBack = String(m.called_back);
      const who = m.contact?.name ?? formatPhone(m.phone);
      const times = m.missed_calls > 1 ? ` (${t("team-missed-times", { count: m.missed_calls })})` : "";
      const state = el("span", t(m.called_back ? "team-called-back" : "team-not-yet"), m.called_back ? "ok" : "warn");
      li.append(`${who}${times}, ${l10n.time(m.last_missed_at)}: `, state);
      return li;
    });
    byId("team-missed").replaceChildren(...missed);
    byId("team-no-missed").hidden = missed.length > 0;
    this.onAgents(b.agents);
    this.tick();
  }

  /** Moves every timer on by the relay's clock. */
  private tick() {
    const now = Date.now() + this.offsetMs;
    for (const e of document.querySelectorAll<HTMLElement>("#team-section [data-since]")) {
      e.textContent = clock(Math.max(0, Math.round((now - Date.parse(e.dataset.since!)) / 1000)));
    }
  }
}
