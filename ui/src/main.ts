// The main window: connection state, today's calls, settings.
import { getOverview, message, onOverviewChanged, saveSettings, setDoNotDisturb } from "./api";
import type { Overview } from "./bindings/Overview";
import type { Status } from "./bindings/Status";
import { byId, el, mmss, stateLabel, timeOfDay } from "./format";

let current: Overview | null = null;

export function statusText(s: Status): string {
  switch (s.state) {
    case "not_configured":
      return "Not set up: enter the relay address and your token below";
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return `Reconnecting in ${Math.ceil(s.retry_in_ms / 1000)} s (${s.reason})`;
    case "auth_failed":
      return `Token refused: ${s.reason}`;
    case "protocol_mismatch":
      return `Incompatible relay: ${s.reason}`;
  }
}

function renderCalls(o: Overview) {
  const body = byId("calls").querySelector("tbody")!;
  body.replaceChildren(
    ...o.calls.map((c) => {
      const tr = el("tr");
      tr.dataset.callId = String(c.call_id);
      tr.className = c.missed ? "missed" : "";
      tr.append(
        el("td", c.direction === "incoming" ? "↙" : "↗", "dir"),
        el("td", timeOfDay(c.started_at)),
        el("td", c.name ? (c.company ? `${c.name} (${c.company})` : c.name) : "—", "client"),
        el("td", c.number ?? "hidden", "number"),
        el("td", stateLabel(c), "state"),
        el("td", c.duration_secs === null ? "" : mmss(c.duration_secs)),
        el("td", c.agent ?? ""),
      );
      return tr;
    }),
  );
  byId("no-calls").hidden = o.calls.length > 0;
}

function render(o: Overview) {
  const first = current === null;
  current = o;
  const status = byId("status");
  status.dataset.state = o.status.state;
  status.textContent = statusText(o.status);
  byId("agent").textContent = o.agent ? `${o.agent.name}${o.agent.extension ? ` · ext. ${o.agent.extension}` : ""}` : "";
  byId<HTMLInputElement>("dnd").checked = o.settings.do_not_disturb;
  const notice = byId("notice");
  notice.hidden = !o.notice;
  notice.textContent = o.notice ?? "";
  renderCalls(o);
  if (first) {
    // Fill the form once; later refreshes must not overwrite what the user is typing.
    byId<HTMLInputElement>("relay-url").value = o.settings.relay_url ?? "";
    byId<HTMLInputElement>("wrap-up-secs").value = String(o.settings.wrap_up_close_secs);
    byId<HTMLInputElement>("start-at-login").checked = o.settings.start_at_login;
    byId<HTMLInputElement>("start-hidden").checked = o.settings.start_hidden;
    byId<HTMLInputElement>("token").placeholder = o.token_saved
      ? "saved in the system keyring (leave empty to keep it)"
      : "paste the token your admin gave you";
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
  msg.textContent = "Checking…";
  button.disabled = true;
  try {
    const agent = await saveSettings(
      {
        ...current.settings,
        relay_url: byId<HTMLInputElement>("relay-url").value.trim(),
        wrap_up_close_secs: Number(byId<HTMLInputElement>("wrap-up-secs").value) || 30,
        start_at_login: byId<HTMLInputElement>("start-at-login").checked,
        start_hidden: byId<HTMLInputElement>("start-hidden").checked,
      },
      token === "" ? null : token,
    );
    byId<HTMLInputElement>("token").value = "";
    msg.dataset.kind = "ok";
    msg.textContent = `Saved. Signed in as ${agent.name}.`;
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

onOverviewChanged(() => void refresh());
void refresh();
