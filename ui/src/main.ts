// The main window: connection state, today's calls, settings.
import {
  dial,
  getOverview,
  logOutcome,
  message,
  onOverviewChanged,
  openDialer,
  saveSettings,
  say,
  setDoNotDisturb,
} from "./api";
import type { CallRow } from "./bindings/CallRow";
import type { DialMode } from "./bindings/DialMode";
import { KeyedRows, outcomeButtons, outcomeTag, PlayerBar } from "./widgets";
import { actionsCell, clientCell, clientText, directionCell, numberCell, type RowContext } from "./rows";
import { openJournal } from "./journal";
import { HistorySearch } from "./history";
import { TeamBoard } from "./team";
import type { Overview } from "./bindings/Overview";
import type { Reminder } from "./bindings/Reminder";
import type { Status } from "./bindings/Status";
import { byId, el, mmss } from "./format";
import { dayAndTime, stateLabel, timeOfDay } from "./labels";
import { l10n, attr, t } from "./words";
import { LANGUAGE_NAMES, LANGUAGES } from "./l10n";
import { setLanguage } from "./api";
import { formatPhone } from "./phone";

let current: Overview | null = null;

export function statusText(s: Status): string {
  switch (s.state) {
    case "not_configured":
      return t("status-not-configured");
    case "connecting":
      return t("status-connecting");
    case "connected":
      return t("status-connected");
    case "reconnecting":
      return t("status-reconnecting", { secs: Math.ceil(s.retry_in_ms / 1000), reason: say(s.reason) });
    case "auth_failed":
      return t("status-auth-failed", { reason: say(s.reason) });
    case "protocol_mismatch":
      return t("status-protocol-mismatch", { reason: say(s.reason) });
  }
}

const player = new PlayerBar(byId("player"));

function showMessage(text: string, ok: boolean) {
  const e = byId("dial-message");
  e.textContent = text;
  e.dataset.kind = ok ? "ok" : "error";
  e.hidden = false;
}

const ctx: RowContext = { player, report: showMessage, openClient: (phone) => void openJournal(phone, ctx) };

/** An outcome cell: the logged outcome, and a menu to change it (one click in the history). */
function outcomeCell(c: CallRow, o: Overview): HTMLElement {
  const td = el("td", undefined, "outcome-cell");
  const tag = outcomeTag(c.outcome, c.pending_outcome);
  if (tag) td.append(tag);
  if (c.state === "ended" && o.agent && (o.agent.supervisor || c.agent === o.agent.name) && o.outcomes.length) {
    const change = el("select", undefined, "change-outcome");
    change.title = attr("outcome-change", "title");
    change.append(el("option", t(tag ? "outcome-change-choose" : "outcome-log-choose")));
    for (const opt of o.outcomes) {
      const option = el("option", opt.label);
      option.value = opt.code;
      change.append(option);
    }
    change.addEventListener("change", async () => {
      if (!change.value) return;
      try {
        await logOutcome(c.call_id, change.value, null);
      } catch (e) {
        showMessage(message(e), false);
      }
    });
    td.append(change);
  }
  return td;
}

const toLogRows = new KeyedRows<CallRow>(byId("to-log").querySelector("tbody")!);

function toLogRow(c: CallRow, o: Overview): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.callId = String(c.call_id);
  const buttons = el("td");
  const chosen = c.pending_outcome?.code ?? null;
  buttons.append(outcomeButtons(c.call_id, o.outcomes, chosen, () => null, (t) => showMessage(t, false)));
  const tag = outcomeTag(null, c.pending_outcome);
  if (tag) buttons.append(tag);
  tr.append(
    el("td", dayAndTime(c.started_at)),
    clientCell(c, ctx),
    numberCell(c.number, c.phone, ctx),
    buttons,
  );
  return tr;
}

function renderToLog(o: Overview) {
  byId("to-log-section").hidden = o.to_log.length === 0;
  const shared = JSON.stringify(o.outcomes);
  toLogRows.render(o.to_log, (c) => String(c.call_id), (c) => shared + JSON.stringify(c), (c) => toLogRow(c, o));
}

function actionCell(button: HTMLElement): HTMLElement {
  const td = el("td");
  td.append(button);
  return td;
}

const reminderRows = new KeyedRows<Reminder>(byId("reminders").querySelector("tbody")!);

function reminderRow(r: Reminder): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.phone = r.phone;
  const who = r.contact ? clientText(r.contact) : t("reminder-unknown-number");
  const missed = t("reminder-missed", { count: r.missed_calls, when: l10n.dateTime(r.last_missed_at) });
  const call = el("button", t("reminder-call-back"), "call-back");
  call.addEventListener("click", async () => {
    try {
      showMessage(await dial(r.phone), true);
    } catch (e) {
      showMessage(message(e), false);
    }
  });
  tr.append(
    el("td", who, "client"),
    numberCell(formatPhone(r.phone), r.phone, ctx),
    el("td", missed),
    el("td", r.assignee_name ?? ""),
    actionCell(call),
  );
  return tr;
}

function renderReminders(o: Overview) {
  byId("reminders-section").hidden = o.reminders.length === 0;
  reminderRows.render(o.reminders, (r) => r.phone, (r) => JSON.stringify(r), reminderRow);
}

const callRows = new KeyedRows<CallRow>(byId("calls").querySelector("tbody")!);

function callRow(c: CallRow, o: Overview): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.callId = String(c.call_id);
  tr.className = c.missed ? "missed" : "";
  tr.append(
    directionCell(c),
    el("td", timeOfDay(c.started_at)),
    clientCell(c, ctx),
    numberCell(c.number, c.phone, ctx),
    el("td", stateLabel(c), "state"),
    el("td", c.duration_secs === null ? "" : mmss(c.duration_secs)),
    el("td", c.agent ?? ""),
    outcomeCell(c, o),
    actionsCell(c, ctx),
  );
  return tr;
}

function renderCalls(o: Overview) {
  // A row depends on its call, on who is signed in and on the outcome list (its menu).
  const shared = JSON.stringify([o.agent, o.outcomes]);
  callRows.render(o.calls, (c) => String(c.call_id), (c) => shared + JSON.stringify(c), (c) => callRow(c, o));
  byId("no-calls").hidden = o.calls.length > 0;
}

function render(o: Overview) {
  const first = current === null;
  current = o;
  const status = byId("status");
  status.dataset.state = o.status.state;
  status.textContent = statusText(o.status);
  byId("agent").textContent = o.agent
    ? o.agent.extension
      ? t("agent-with-extension", { name: o.agent.name, extension: o.agent.extension })
      : o.agent.name
    : "";
  byId<HTMLInputElement>("dnd").checked = o.settings.do_not_disturb;
  const notice = byId("notice");
  notice.hidden = !o.notice;
  notice.textContent = o.notice ? say(o.notice) : "";
  renderCalls(o);
  renderToLog(o);
  renderReminders(o);
  history.show(o);
  team.show(o);
  if (first) {
    byId<HTMLSelectElement>("dial-mode").value = o.settings.dial_mode;
    byId<HTMLInputElement>("softphone-command").value = o.settings.softphone_command;
    // Fill the form once; later refreshes must not overwrite what the user is typing.
    byId<HTMLInputElement>("relay-url").value = o.settings.relay_url ?? "";
    byId<HTMLInputElement>("wrap-up-secs").value = String(o.settings.wrap_up_close_secs);
    byId<HTMLInputElement>("start-at-login").checked = o.settings.start_at_login;
    byId<HTMLInputElement>("start-hidden").checked = o.settings.start_hidden;
    byId<HTMLInputElement>("token").placeholder = attr(o.token_saved ? "settings-token-saved" : "settings-token-new", "placeholder");
    fillLanguages(o.settings.language ?? null);
  }
}

async function refresh() {
  render(await getOverview());
}

byId("settings-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!current) return;
  const msg = byId("settings-message");
  const button = byId<HTMLButtonElement>("save-settings");
  const token = byId<HTMLInputElement>("token").value.trim();
  msg.dataset.kind = "pending";
  msg.textContent = t("settings-checking");
  button.disabled = true;
  try {
    const agent = await saveSettings(
      {
        ...current.settings,
        relay_url: byId<HTMLInputElement>("relay-url").value.trim(),
        wrap_up_close_secs: Number(byId<HTMLInputElement>("wrap-up-secs").value) || 30,
        start_at_login: byId<HTMLInputElement>("start-at-login").checked,
        start_hidden: byId<HTMLInputElement>("start-hidden").checked,
        dial_mode: byId<HTMLSelectElement>("dial-mode").value as DialMode,
        softphone_command: byId<HTMLInputElement>("softphone-command").value.trim(),
      },
      token === "" ? null : token,
    );
    byId<HTMLInputElement>("token").value = "";
    msg.dataset.kind = "ok";
    msg.textContent = t("settings-saved", { name: agent.name });
    current = null;
    await refresh();
  } catch (e) {
    msg.dataset.kind = "error";
    msg.textContent = message(e);
  } finally {
    button.disabled = false;
  }
});

byId<HTMLInputElement>("dnd").addEventListener("change", async (ev) => {
  render(await setDoNotDisturb((ev.target as HTMLInputElement).checked));
});

byId("open-dialer").addEventListener("click", () => void openDialer(null));

/** The language menu: as the system, then each language by its own name. */
function fillLanguages(chosen: string | null) {
  const select = byId<HTMLSelectElement>("language");
  const system = el("option", t("settings-language-system"));
  system.value = "";
  select.replaceChildren(
    system,
    ...LANGUAGES.map((code) => {
      const option = el("option", LANGUAGE_NAMES[code]);
      option.value = code;
      option.lang = code;
      return option;
    }),
  );
  select.value = chosen ?? "";
}

// A new language applies at once: Rust words the tray again and every window reloads in it.
byId<HTMLSelectElement>("language").addEventListener("change", async (ev) => {
  const value = (ev.target as HTMLSelectElement).value;
  try {
    await setLanguage(value === "" ? null : value);
  } catch (e) {
    const msg = byId("settings-message");
    msg.dataset.kind = "error";
    msg.textContent = message(e);
  }
});

const history = new HistorySearch(ctx);
const team = new TeamBoard();
team.onAgents = (agents) => history.setAgents(agents);

onOverviewChanged(() => void refresh());
void refresh();
