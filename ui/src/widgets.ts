// Pieces shared by the main window, the cards and the dialer: outcome buttons, clickable
// numbers, the recording player bar.
import {
  dial,
  getPlayer,
  logOutcome,
  message,
  onPlayerChanged,
  playRecording,
  playerControl,
  say,
  setBlacklisted,
} from "./api";
import type { LoggedOutcome } from "./bindings/LoggedOutcome";
import type { OutcomeOption } from "./bindings/OutcomeOption";
import type { PendingOutcome } from "./bindings/PendingOutcome";
import type { PlayerView } from "./bindings/PlayerView";
import { el, mmss } from "./format";
import { attr, l10n, t } from "./words";

/** A phone number that dials when clicked; `report` shows what happened. Stored numbers are
 * digits-only E.164: a softphone needs the `+` to read them as international. */
export function numberLink(label: string, phone: string, report: (text: string, ok: boolean) => void): HTMLElement {
  if (/^\d+$/.test(phone)) phone = `+${phone}`;
  const a = el("a", label, "dial-link");
  a.href = "#";
  a.title = attr("number-call", "title", { number: label });
  a.dataset.phone = phone;
  a.addEventListener("click", async (ev) => {
    ev.preventDefault();
    try {
      report(await dial(phone), true);
    } catch (e) {
      report(message(e), false);
    }
  });
  return a;
}

/** What was logged (or is on its way) for a call, as a coloured tag. */
export function outcomeTag(outcome: LoggedOutcome | null, pending: PendingOutcome | null): HTMLElement | null {
  if (pending) {
    const tag = el("span", t("outcome-sending", { label: pending.label }), "outcome-tag pending");
    tag.style.borderColor = pending.colour;
    return tag;
  }
  if (!outcome) return null;
  const tag = el("span", outcome.label, "outcome-tag");
  tag.style.borderColor = outcome.colour;
  const by = { agent: outcome.agent_name, when: l10n.dateTime(outcome.logged_at), note: outcome.note };
  tag.title = t(outcome.note ? "outcome-logged-by-with-note" : "outcome-logged-by", by);
  return tag;
}

/** One button per outcome; one click logs it (with the note from `note()`, if any). */
export function outcomeButtons(
  callId: number,
  options: OutcomeOption[],
  chosen: string | null,
  note: () => string | null,
  report: (text: string) => void,
): HTMLElement {
  const box = el("div", undefined, "outcomes");
  for (const o of options) {
    const b = el("button", o.label, "outcome");
    b.type = "button";
    b.dataset.code = o.code;
    b.style.borderColor = o.colour;
    if (o.code === chosen) b.classList.add("chosen");
    b.addEventListener("click", async () => {
      try {
        await logOutcome(callId, o.code, note());
      } catch (e) {
        report(message(e));
      }
    });
    box.append(b);
  }
  return box;
}

/** A table body kept in step with a list: each row is rebuilt only when its `stamp` changes,
 * and moved or removed otherwise. The main window updates several times per call; rebuilding
 * every row each time made the web process's heap grow with the day's calls. */
/** The blacklist button of a card or a call row: it says what one click will do. */
export function blacklistButton(phone: string, blacklisted: boolean, fail: (e: unknown) => void): HTMLElement {
  const id = blacklisted ? "unblock-button" : "blacklist-button";
  const b = el("button", t(id), "blacklist");
  b.dataset.blacklisted = String(blacklisted);
  b.title = attr(id, "title");
  b.addEventListener("click", async () => {
    b.setAttribute("disabled", "");
    try {
      await setBlacklisted(phone, !blacklisted);
    } catch (e) {
      fail(e);
    } finally {
      b.removeAttribute("disabled");
    }
  });
  return b;
}

export class KeyedRows<T> {
  private rows = new Map<string, { stamp: string; tr: HTMLTableRowElement }>();

  constructor(private body: HTMLElement) {}

  render(items: T[], key: (item: T) => string, stamp: (item: T) => string, build: (item: T) => HTMLTableRowElement) {
    const body = this.body;
    const next = new Map<string, { stamp: string; tr: HTMLTableRowElement }>();
    let at: ChildNode | null = body.firstChild;
    for (const item of items) {
      const k = key(item);
      const s = stamp(item);
      const old = this.rows.get(k);
      const row = old && old.stamp === s ? old : { stamp: s, tr: build(item) };
      next.set(k, row);
      if (old && old.tr !== row.tr) {
        if (old.tr === at) at = at.nextSibling;
        old.tr.remove();
      }
      if (row.tr === at) at = at.nextSibling;
      else body.insertBefore(row.tr, at);
    }
    // Whatever is left after the last wanted row is gone from the list.
    while (at) {
      const gone: ChildNode = at;
      at = at.nextSibling;
      gone.remove();
    }
    this.rows = next;
  }
}

/** The player bar: play/pause, position and length, seek, speed, download progress, errors.
 * Rust pushes every change ("player-changed"); the bar asks once, when it starts listening. */
export class PlayerBar {
  private view: PlayerView | null = null;

  constructor(private root: HTMLElement) {
    root.classList.add("player");
    root.hidden = true;
    void onPlayerChanged((v) => this.show(v)).then(() => this.refresh());
  }

  async play(callId: number) {
    this.root.hidden = false;
    try {
      await playRecording(callId);
    } catch {
      // The error is in the player's view, which Rust sends.
    }
  }

  private async refresh() {
    this.show(await getPlayer());
  }

  private show(v: PlayerView) {
    if (JSON.stringify(v) === JSON.stringify(this.view)) return;
    this.view = v;
    this.render(v);
  }

  private render(v: PlayerView) {
    const root = this.root;
    root.dataset.state = v.state;
    root.dataset.callId = v.call_id === null ? "" : String(v.call_id);
    if (v.state === "idle") {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const toggle = el("button", v.state === "playing" ? "❚❚" : "▶", "player-toggle");
    toggle.title = attr(v.state === "playing" ? "player-pause" : "player-play", "title");
    toggle.addEventListener("click", () => {
      if (v.state === "playing") void playerControl("pause");
      else if (v.state === "ended" && v.call_id !== null) void this.play(v.call_id);
      else void playerControl("play");
    });
    const length = v.length_ms ?? 0;
    const seek = el("input", undefined, "player-seek");
    seek.type = "range";
    seek.min = "0";
    seek.max = String(length);
    seek.value = String(v.position_ms);
    seek.disabled = !length;
    seek.addEventListener("change", () => void playerControl("seek", Number(seek.value)));
    const time = el("span", `${mmss(v.position_ms / 1000)} / ${length ? mmss(length / 1000) : "--:--"}`, "player-time");
    const speed = el("select", undefined, "player-speed");
    for (const s of [1, 1.5, 2]) {
      const opt = el("option", `${s}x`);
      opt.value = String(s);
      opt.selected = s === v.speed;
      speed.append(opt);
    }
    speed.addEventListener("change", () => void playerControl("speed", Number(speed.value)));
    const status = el("span", "", "player-status");
    if (v.state === "downloading") {
      status.textContent = v.total_bytes
        ? t("player-downloading-percent", { percent: Math.round((100 * v.downloaded_bytes) / v.total_bytes) })
        : t("player-downloading");
    } else if (v.error) {
      status.textContent = say(v.error);
      status.classList.add("error");
    }
    const close = el("button", "×", "player-close");
    close.title = attr("player-stop", "title");
    close.addEventListener("click", () => void playerControl("stop"));
    root.replaceChildren(toggle, seek, time, speed, status, close);
  }
}
