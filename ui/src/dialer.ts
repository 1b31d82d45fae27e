// The dialer window: type, paste (any human format) or tap a number, or find a contact as you
// type; recent calls one click away. Links opened with Callcard (tel:, callto:, sip:) show here.
import { dial, getDialerState, getOverview, message, onDialerChanged, say, searchContacts } from "./api";
import type { DialerState } from "./bindings/DialerState";
import { byId, el } from "./format";
import { timeOfDay } from "./labels";
import { t } from "./words";
import { formatPhone } from "./phone";

const input = byId<HTMLInputElement>("dial-input");
const status = byId("dial-status");

function showState(s: DialerState) {
  if (s.number && !input.matches(":focus")) input.value = s.number;
  status.dataset.kind = s.busy ? "pending" : s.ok ? "ok" : "error";
  status.textContent = s.busy ? t("dialer-calling") : s.message ? say(s.message) : "";
}

async function call(number: string) {
  status.dataset.kind = "pending";
  status.textContent = t("dialer-calling");
  try {
    const text = await dial(number);
    status.dataset.kind = "ok";
    status.textContent = text;
  } catch (e) {
    status.dataset.kind = "error";
    status.textContent = message(e);
  }
}

function entry(label: string, detail: string, number: string): HTMLElement {
  const li = el("li");
  const b = el("button", label, "pick");
  b.type = "button";
  b.dataset.phone = number;
  b.addEventListener("click", () => {
    input.value = number;
    void call(number);
  });
  li.append(b, el("span", detail, "muted"));
  return li;
}

for (const key of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0", "⌫"]) {
  const b = el("button", key, "key");
  b.type = "button";
  b.addEventListener("click", () => {
    input.value = key === "⌫" ? input.value.slice(0, -1) : input.value + key;
    input.focus();
  });
  byId("keypad").append(b);
}

byId("dial-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  void call(input.value);
});

// Search contacts as you type (names, companies, or part of a number).
let searchSeq = 0;
input.addEventListener("input", async () => {
  const query = input.value.trim();
  const seq = ++searchSeq;
  const list = byId("contact-results");
  if (query.length < 2) {
    list.replaceChildren();
    return;
  }
  try {
    const found = await searchContacts(query);
    if (seq !== searchSeq) return;
    list.replaceChildren(
      ...found.map((c) => entry(c.contact.name, `${c.contact.company ?? ""} ${formatPhone(c.phone)}`, `+${c.phone}`)),
    );
  } catch (e) {
    if (seq === searchSeq) list.replaceChildren(el("li", message(e), "muted"));
  }
});

async function loadRecent() {
  const o = await getOverview();
  const seen = new Set<string>();
  const rows = o.calls.filter((c) => c.phone && !seen.has(c.phone) && seen.add(c.phone)).slice(0, 10);
  byId("recent").replaceChildren(
    ...rows.map((c) => entry(c.name ?? c.number ?? "", `${timeOfDay(c.started_at)} ${c.number ?? ""}`, `+${c.phone}`)),
  );
}

onDialerChanged(async () => showState(await getDialerState()));
getDialerState().then(showState);
void loadRecent();
