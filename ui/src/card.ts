// A pop-up card, fed by Rust ("card-changed" events for this window). Windows are reused: a
// loaded spare waits hidden with no call until Rust gives it one, and reloads blank when the
// card closes, so nothing of one call stays on the next.
import { createContact, dismissCard, message, myCard, onCardChanged, onCardReleased, say } from "./api";
import { blacklistButton, numberLink, outcomeButtons, outcomeTag, PlayerBar } from "./widgets";
import type { CallRow } from "./bindings/CallRow";
import type { CardView } from "./bindings/CardView";
import { byId, el, mmss } from "./format";
import { dayAndTime, directionLabel, dispositionLabel, stateWord } from "./labels";
import { t } from "./words";

// The call shown; a window given a call keeps it until released.
let card: CardView | null = null;

function show(id: string, text: string | null) {
  const e = byId(id);
  e.textContent = text ?? "";
  e.hidden = !text;
}

function render(c: CardView) {
  if (card && c.call_id !== card.call_id) return;
  document.body.dataset.callId = String(c.call_id);
  card = c;
  document.body.dataset.phase = c.phase;
  byId("title").textContent = say(c.title);
  show("name", c.name);
  show("company", c.company);
  const number = byId("number");
  number.hidden = false;
  number.replaceChildren(c.number && c.phone ? numberLink(c.number, c.phone, showDialMessage) : t("card-hidden-number"));
  renderOutcome(c);
  byId("play-recording").hidden = !c.recording_ready;
  byId("blacklisted").hidden = !c.blacklisted;
  byId("blacklist-area").replaceChildren(
    ...(c.can_blacklist && c.phone ? [blacklistButton(c.phone, c.blacklisted, (e) => showError(message(e)))] : []),
  );
  // A new number, or the lead the relay made for one: the manager names the client.
  byId("new-number").hidden = (c.name !== null && !c.lead) || c.phone === null;
  byId("new-number-badge").textContent = t(c.lead ? "card-lead" : "card-new-number");
  byId("create-contact").textContent = t(c.lead ? "card-name-client" : "card-create-contact");
  byId("responsible").textContent = c.responsible ?? "—";
  byId("line").textContent = c.line ? (c.line_label ? `${c.line_label} (${c.line})` : c.line) : "—";
  const last = c.recent_calls[0] ?? c.last_call;
  byId("last-call").textContent = last ? callSummary(last) : "—";
  renderRecentCalls(c);
  byId("dismiss").hidden = c.phase !== "wrap_up";
  tick();
  // When the caller first showed, on the wall clock (BENCHMARKS.md measures event → card by it).
  if (!document.body.dataset.shownAt) {
    document.body.dataset.shownAt = String(performance.timeOrigin + performance.now());
  }
}

function callSummary(call: CallRow): string {
  return [
    dayAndTime(call.started_at),
    directionLabel(call.direction),
    dispositionLabel(call.disposition, call.missed) || stateWord(call.state),
  ]
    .filter((part) => part !== "")
    .join(", ");
}

/** The client's last calls with every manager, from the relay's journal: who, and the outcome. */
function renderRecentCalls(c: CardView) {
  const list = byId("recent-calls");
  list.hidden = c.recent_calls.length === 0;
  list.replaceChildren(
    ...c.recent_calls.map((call) => {
      const li = el("li", [callSummary(call), call.agent].filter((p) => p).join(" · "));
      li.dataset.callId = String(call.call_id);
      const tag = outcomeTag(call.outcome, null);
      if (tag) li.append(" ", tag);
      if (call.outcome?.note) li.append(el("span", ` “${call.outcome.note}”`, "note"));
      return li;
    }),
  );
}

function renderOutcome(c: CardView) {
  const area = byId("outcome-area");
  area.hidden = !c.can_log || c.outcomes.length === 0;
  if (area.hidden) return;
  const chosen = c.pending_outcome?.code ?? c.outcome?.code ?? null;
  const note = byId<HTMLInputElement>("outcome-note");
  byId("outcome-buttons").replaceChildren(
    outcomeButtons(c.call_id, c.outcomes, chosen, () => note.value.trim() || null, showError),
  );
  const tag = outcomeTag(c.outcome, c.pending_outcome);
  const logged = byId("outcome-logged");
  logged.replaceChildren(...(tag ? [`${t("card-logged")} `, tag] : []));
  logged.dataset.state = c.pending_outcome ? "pending" : c.outcome ? "stored" : "none";
}

function showDialMessage(text: string, ok: boolean) {
  const e = byId("dial-message");
  e.textContent = text;
  e.dataset.kind = ok ? "ok" : "error";
  e.hidden = false;
}

const player = new PlayerBar(byId("player"));
byId("play-recording").addEventListener("click", () => card && void player.play(card.call_id));

/** The timer runs on the relay's clock from the moment of answer, not from when the window opened. */
function tick() {
  const timer = byId("timer");
  if (!card || !card.answered_at) {
    timer.hidden = true;
    return;
  }
  const answered = Date.parse(card.answered_at);
  const end = card.ended_at ? Date.parse(card.ended_at) : Date.now() + card.clock_offset_ms;
  timer.hidden = false;
  timer.textContent = mmss((end - answered) / 1000);
}

byId("create-contact").addEventListener("click", () => {
  byId("create-contact").hidden = true;
  byId("contact-form").hidden = false;
  byId<HTMLInputElement>("contact-name").focus();
});

byId("contact-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const save = byId<HTMLButtonElement>("contact-save");
  save.disabled = true;
  byId("contact-error").textContent = "";
  try {
    if (!card) return;
    await createContact(
      card.call_id,
      byId<HTMLInputElement>("contact-name").value,
      byId<HTMLInputElement>("contact-company").value,
    );
    byId("contact-form").hidden = true;
  } catch (e) {
    byId("contact-error").textContent = message(e);
  } finally {
    save.disabled = false;
  }
});

byId("dismiss").addEventListener("click", () => card && void dismissCard(card.call_id));

// Anything that goes wrong is shown on the card rather than lost in a console nobody sees.
const showError = (text: string) => {
  const e = byId("card-error");
  e.textContent = text;
  e.hidden = false;
};
window.addEventListener("error", (e) => showError(e.message));
window.addEventListener("unhandledrejection", (e) => showError(message(e.reason)));

setInterval(tick, 250);
onCardReleased(() => {
  // Out of the tests' and the user's sight at once; the reload gives a clean page.
  card = null;
  delete document.body.dataset.callId;
  delete document.body.dataset.shownAt;
  location.reload();
});
// Listen first, then ask: a call given while the page loaded arrives one way or the other.
void onCardChanged(render).then(() => myCard()).then((c) => c && render(c));
