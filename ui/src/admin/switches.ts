// The Switches page: the relay's runtime switches and the default responsible manager. A change
// is saved at once; the control shows what the relay saved, or goes back and says why not.
import type { Setting } from "../bindings/Setting";
import type { TeamMember } from "../bindings/TeamMember";
import { el } from "../format";
import { getAgents, getSettings, putSetting } from "./api";
import { explain } from "./errors";
import { Latest, messageSpan, pageMessage, say } from "./view";
import { known, t } from "./words";

/** The switches in the order the page shows them; others the relay sends follow by name. */
const ORDER = [
  "auto_create_contacts",
  "route_to_responsible",
  "caller_name_on_phone",
  "missed_call_reminders",
  "blacklist",
  "recordings_of_others",
  "default_responsible",
];

const latest = new Latest();

function label(name: string, prefix: "switch" | "setting"): string {
  const key = known(`${prefix}.${name}`);
  return key ? t(key) : name;
}

function sourceText(s: Setting): string {
  const key = known(`source.${s.source}`);
  return key ? t(key) : "";
}

function sourceSpan(s: Setting): HTMLElement {
  const span = el("span", sourceText(s), "source muted");
  span.id = `source-${s.name}`;
  span.dataset.source = s.source;
  return span;
}

function switchRow(s: Setting): HTMLElement {
  const row = el("div", undefined, "setting switch");
  row.dataset.setting = s.name;
  const box = el("input");
  box.type = "checkbox";
  box.id = `switch-${s.name}`;
  box.checked = s.value === "true";
  const text = el("label", label(s.name, "switch"));
  text.htmlFor = box.id;
  let source = sourceSpan(s);
  const error = messageSpan(`switch-error-${s.name}`);
  let saved = box.checked;
  box.addEventListener("change", async () => {
    const wanted = box.checked;
    box.disabled = true;
    say(error, t("setting.saving"), "pending");
    try {
      const setting = await putSetting(s.name, wanted ? "true" : "false");
      saved = setting.value === "true";
      box.checked = saved;
      const next = sourceSpan(setting);
      source.replaceWith(next);
      source = next;
      say(error, "", "");
    } catch (e) {
      box.checked = saved;
      say(error, explain(e), "error");
    } finally {
      box.disabled = false;
    }
  });
  row.append(box, text, source, error);
  return row;
}

/** The value may name the agent by login, extension or name (the config file's way); the relay
 * says which agent it is. */
function agentValue(s: Setting): string {
  return s.agent ? String(s.agent.id) : s.value;
}

/** Selects `value`; one that names no active agent is kept, and shown as such. */
function show(select: HTMLSelectElement, value: string) {
  for (const o of [...select.options]) if (o.dataset.inactive && o.value !== value) o.remove();
  if (![...select.options].some((o) => o.value === value)) {
    const o = el("option", t("setting.not_active", { value }));
    o.value = value;
    o.dataset.inactive = "yes";
    select.append(o);
  }
  select.value = value;
}

function agentRow(s: Setting, team: TeamMember[]): HTMLElement {
  const row = el("div", undefined, "setting agent-setting");
  row.dataset.setting = s.name;
  const select = el("select");
  select.id = `setting-${s.name}`;
  const text = el("label", label(s.name, "setting"));
  text.htmlFor = select.id;
  const nobody = el("option", t("setting.nobody"));
  nobody.value = "";
  select.append(nobody);
  for (const m of team) {
    if (m.revoked_at !== null) continue;
    const o = el("option", m.agent.name);
    o.value = String(m.agent.id);
    select.append(o);
  }
  let saved = agentValue(s);
  show(select, saved);
  let source = sourceSpan(s);
  const error = messageSpan(`setting-error-${s.name}`);
  select.addEventListener("change", async () => {
    const wanted = select.value;
    select.disabled = true;
    say(error, t("setting.saving"), "pending");
    try {
      const setting = await putSetting(s.name, wanted);
      saved = agentValue(setting);
      show(select, saved);
      const next = sourceSpan(setting);
      source.replaceWith(next);
      source = next;
      say(error, "", "");
    } catch (e) {
      select.value = saved;
      say(error, explain(e), "error");
    } finally {
      select.disabled = false;
    }
  });
  const line = el("div", undefined, "setting-control");
  line.append(select, source, error);
  row.append(text, line);
  return row;
}

/** A setting of a kind this version does not know: shown, not changed. */
function otherRow(s: Setting): HTMLElement {
  const row = el("div", undefined, "setting other");
  row.dataset.setting = s.name;
  const value = el("code", s.value);
  value.id = `setting-${s.name}`;
  row.append(el("span", s.name), value, sourceSpan(s));
  return row;
}

function rank(name: string): number {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
}

export async function loadSwitches(root: HTMLElement) {
  const current = latest.next();
  const message = pageMessage("switches");
  root.replaceChildren(el("h2", t("switches.title")), message);
  try {
    const [settings, team] = await Promise.all([getSettings(), getAgents()]);
    if (!current()) return;
    say(message, "", "");
    const sorted = [...settings].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
    const box = el("div", undefined, "settings card-box");
    for (const s of sorted) {
      box.append(s.kind === "switch" ? switchRow(s) : s.kind === "agent" ? agentRow(s, team) : otherRow(s));
    }
    root.append(box);
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
