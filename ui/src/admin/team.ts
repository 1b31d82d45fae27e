// The Team page: the agents with their role and their user on each PBX (a change is saved at
// once), revoking, and adding an agent (its token is shown once).
import type { Agent } from "../bindings/Agent";
import type { PbxUserEntry } from "../bindings/PbxUserEntry";
import type { ProviderStatus } from "../bindings/ProviderStatus";
import type { Role } from "../bindings/Role";
import type { TeamMember } from "../bindings/TeamMember";
import { el } from "../format";
import { addAgent, getAgents, getProviders, getProviderUsers, revokeAgent, setMayBlacklist, setPbxUser, setRole } from "./api";
import { explain } from "./errors";
import { copyButton, day, type Kind, Latest, messageSpan, pageMessage, providerName, roleName, say } from "./view";
import { t } from "./words";

const ROLES: Role[] = ["agent", "supervisor", "admin"];

interface State {
  me: Agent;
  members: TeamMember[];
  providers: ProviderStatus[];
  /** The users of each provider that lists them (and could). */
  users: Map<string, PbxUserEntry[]>;
  /** Why a provider that lists users could not. */
  userErrors: Map<string, string>;
  showRevoked: boolean;
  /** Rows waiting for an answer: their controls are disabled. */
  busy: Set<number>;
  /** The row whose revoke asks for confirmation. */
  confirming: number | null;
  /** The last result shown in a row. */
  notes: Map<number, { text: string; kind: Kind }>;
}

const latest = new Latest();
let state: State | null = null;
let page: { table: HTMLTableElement; notes: HTMLElement; toggle: HTMLElement; pbxFields: HTMLElement; pbxStamp: string } | null =
  null;

/** The shown-once token: kept across reloads of the page until "Done" (or signing out). */
const tokenBox = el("div", undefined, "token-box");
tokenBox.id = "new-token-box";
tokenBox.hidden = true;

/** Forgets everything, the token included (signing out). */
export function forgetTeam() {
  state = null;
  page = null;
  tokenBox.replaceChildren();
  tokenBox.hidden = true;
}

function showToken(name: string, token: string) {
  const code = el("code", token, "token selectable");
  code.id = "new-token";
  const done = el("button", t("team.token.done"));
  done.type = "button";
  done.id = "new-token-done";
  done.addEventListener("click", () => {
    tokenBox.replaceChildren();
    tokenBox.hidden = true;
  });
  const line = el("div", undefined, "token-line");
  line.append(code, copyButton("copy-new-token", code, t("team.token.copy")));
  tokenBox.replaceChildren(
    el("p", t("team.token.title", { name }), "token-title"),
    line,
    el("p", t("team.token.warning", { name }), "warning"),
    done,
  );
  tokenBox.hidden = false;
  tokenBox.scrollIntoView({ block: "nearest" });
}

function userLabel(u: PbxUserEntry): string {
  return u.name ? `${u.id} — ${u.name}` : u.id;
}

/** The users of `provider` an agent may take: free ones and its own (`agentId` null: free only). */
function offered(s: State, provider: string, agentId: number | null): PbxUserEntry[] {
  return (s.users.get(provider) ?? []).filter((u) => u.agent_id === null || u.agent_id === agentId);
}

/** A select of the PBX's users, or a text field for PBXes that do not list them. */
function pbxControl(s: State, provider: string, agentId: number | null, current: string): HTMLSelectElement | HTMLInputElement {
  if (!s.users.has(provider)) {
    const input = el("input", undefined, "pbx-user-input");
    input.type = "text";
    input.defaultValue = current;
    input.value = current;
    input.placeholder = t("team.pbx_placeholder");
    input.autocomplete = "off";
    input.spellcheck = false;
    input.size = 10;
    return input;
  }
  const select = el("select", undefined, "pbx-user-select");
  const none = el("option", t("team.pbx_none"));
  none.value = "";
  select.append(none);
  const users = offered(s, provider, agentId);
  for (const u of users) {
    const o = el("option", userLabel(u));
    o.value = u.id;
    select.append(o);
  }
  if (current && !users.some((u) => u.id === current)) {
    const o = el("option", t("team.pbx_missing", { id: current }));
    o.value = current;
    select.append(o);
  }
  select.value = current;
  return select;
}

/** The relay's answer to a change of an agent: the row, the PBX user lists and the rest follow. */
function applyAgent(s: State, agent: Agent) {
  const m = s.members.find((m) => m.agent.id === agent.id);
  if (m) m.agent = agent;
  for (const [provider, users] of s.users) {
    const mine = agent.pbx_users[provider] ?? "";
    for (const u of users) {
      if (u.agent_id === agent.id && u.id !== mine) u.agent_id = null;
      if (u.id === mine) u.agent_id = agent.id;
    }
  }
}

/** Errors in words, naming agents the relay names by id. */
function explainHere(e: unknown): string {
  return explain(e, {
    agentName: (id) => state?.members.find((m) => String(m.agent.id) === id)?.agent.name,
  });
}

/** Runs one change of a row: disabled while it runs, its answer applied, the result noted. */
async function change(agentId: number, run: () => Promise<Agent | void>, done?: () => Promise<void>) {
  const s = state;
  if (!s) return;
  s.busy.add(agentId);
  s.notes.delete(agentId);
  render();
  try {
    const agent = await run();
    if (state !== s) return;
    if (agent) applyAgent(s, agent);
    s.notes.set(agentId, { text: t("team.saved"), kind: "ok" });
  } catch (e) {
    if (state !== s) return;
    s.notes.set(agentId, { text: explainHere(e), kind: "error" });
  } finally {
    s.busy.delete(agentId);
  }
  render(agentId);
  if (done) await done();
}

function roleSelect(s: State, a: Agent): HTMLSelectElement {
  const select = el("select", undefined, "role");
  select.id = `role-${a.id}`;
  for (const r of ROLES) {
    const o = el("option", roleName(r));
    o.value = r;
    select.append(o);
  }
  if (!ROLES.includes(a.role)) {
    const o = el("option", roleName(a.role));
    o.value = a.role;
    o.disabled = true;
    select.append(o);
  }
  select.value = a.role;
  select.addEventListener("change", () => {
    const role = select.value as Role;
    if (a.id === s.me.id && role !== "admin" && !window.confirm(t("team.demote_self"))) {
      select.value = a.role;
      return;
    }
    void change(a.id, () => setRole(a.id, role));
  });
  return select;
}

/** The app's blacklist button for this agent: supervisors and admins always have it. */
function blacklistToggle(a: Agent): HTMLLabelElement {
  const box = el("input");
  box.type = "checkbox";
  box.id = `may-blacklist-${a.id}`;
  box.checked = a.may_blacklist;
  box.disabled = a.role !== "agent";
  box.addEventListener("change", () => void change(a.id, () => setMayBlacklist(a.id, box.checked)));
  const label = el("label", undefined, "small may-blacklist");
  label.htmlFor = box.id;
  label.title = a.role === "agent" ? t("team.may_blacklist_hint") : t("team.may_blacklist_always");
  label.append(box, " ", t("team.may_blacklist"));
  return label;
}

function pbxCell(s: State, a: Agent, provider: string): HTMLTableCellElement {
  const td = el("td", undefined, "pbx-user");
  const current = a.pbx_users[provider] ?? "";
  const control = pbxControl(s, provider, a.id, current);
  control.id = `pbx-user-${a.id}-${provider}`;
  control.addEventListener("change", () => {
    const value = control.value.trim();
    if (value === current) {
      control.value = current;
      return;
    }
    void change(a.id, () => setPbxUser(a.id, provider, value));
  });
  td.append(control);
  return td;
}

function revokeCell(s: State, a: Agent): HTMLTableCellElement {
  const td = el("td", undefined, "actions");
  if (s.confirming === a.id) {
    const ask = el("span", a.id === s.me.id ? t("team.revoke_confirm_self") : t("team.revoke_confirm", { name: a.name }), "confirm");
    const yes = el("button", t("team.revoke_yes"), "danger");
    yes.type = "button";
    yes.id = `revoke-confirm-${a.id}`;
    yes.addEventListener("click", () => {
      s.confirming = null;
      void change(a.id, () => revokeAgent(a.id), reload);
    });
    const no = el("button", t("team.revoke_no"));
    no.type = "button";
    no.id = `revoke-cancel-${a.id}`;
    no.addEventListener("click", () => {
      s.confirming = null;
      render();
    });
    td.append(ask, yes, no);
  } else {
    const b = el("button", t("team.revoke"), "revoke");
    b.type = "button";
    b.id = `revoke-${a.id}`;
    b.addEventListener("click", () => {
      s.confirming = a.id;
      render();
    });
    td.append(b);
  }
  return td;
}

/** A team row's element, with the ids and data the tests and styles read. */
function agentRow(a: Agent, classes: string): HTMLTableRowElement {
  const tr = el("tr", undefined, classes);
  tr.id = `agent-row-${a.id}`;
  tr.dataset.role = a.role;
  return tr;
}

function activeRow(s: State, m: TeamMember): HTMLTableRowElement {
  const a = m.agent;
  const tr = agentRow(a, "agent");
  const name = el("td", undefined, "name");
  name.append(el("strong", a.name));
  if (a.id === s.me.id) name.append(" ", el("span", t("team.you"), "muted"));
  name.append(el("div", t("team.added", { when: day(m.created_at) }), "muted small"));
  const role = el("td");
  role.append(roleSelect(s, a), el("br"), blacklistToggle(a));
  tr.append(name, role, ...s.providers.map((p) => pbxCell(s, a, p.id)), revokeCell(s, a));
  const note = el("td");
  const span = messageSpan(`agent-note-${a.id}`);
  const n = s.notes.get(a.id);
  if (n) say(span, n.text, n.kind);
  note.append(span);
  tr.append(note);
  if (s.busy.has(a.id)) for (const c of tr.querySelectorAll<HTMLButtonElement | HTMLSelectElement | HTMLInputElement>("button, select, input")) c.disabled = true;
  return tr;
}

function revokedRow(s: State, m: TeamMember): HTMLTableRowElement {
  const a = m.agent;
  const tr = agentRow(a, "agent revoked");
  tr.dataset.revoked = "yes";
  const name = el("td", undefined, "name");
  name.append(el("span", a.name), el("div", t("team.revoked_at", { when: day(m.revoked_at ?? "") }), "small"));
  tr.append(name, el("td", roleName(a.role)), ...s.providers.map((p) => el("td", a.pbx_users[p.id] ?? "")), el("td"), el("td"));
  return tr;
}

/** Draws the table from the state. Text typed in other rows and not yet sent (sent on leaving
 * the field) survives, and so does the focus; `settled`'s row shows only what the relay saved. */
function render(settled: number | null = null) {
  const s = state;
  if (!s || !page) return;
  const typed = new Map<string, string>();
  for (const i of page.table.querySelectorAll<HTMLInputElement>("input.pbx-user-input")) {
    if (i.value !== i.defaultValue && !(settled !== null && i.id.startsWith(`pbx-user-${settled}-`))) typed.set(i.id, i.value);
  }
  const focused = document.activeElement instanceof HTMLElement && page.table.contains(document.activeElement) ? document.activeElement.id : "";
  const head = el("tr");
  head.append(el("th", t("team.col.name")), el("th", t("team.col.role")));
  for (const p of s.providers) {
    const th = el("th", providerName(p.id));
    th.dataset.provider = p.id;
    const err = s.userErrors.get(p.id);
    if (err) {
      th.append(" ⚠");
      th.title = err;
    }
    head.append(th);
  }
  head.append(el("th", t("team.col.actions")), el("th"));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  const active = s.members.filter((m) => m.revoked_at === null);
  const revoked = s.members.filter((m) => m.revoked_at !== null);
  tbody.append(...active.map((m) => activeRow(s, m)));
  if (s.showRevoked) tbody.append(...revoked.map((m) => revokedRow(s, m)));
  page.table.replaceChildren(thead, tbody);
  page.table.hidden = active.length === 0 && !(s.showRevoked && revoked.length);
  for (const [id, value] of typed) {
    const i = document.getElementById(id);
    if (i instanceof HTMLInputElement) i.value = value;
  }
  if (focused) document.getElementById(focused)?.focus();

  page.notes.replaceChildren();
  if (active.length === 0) page.notes.append(el("p", t("team.none"), "muted"));
  for (const [provider, err] of s.userErrors) {
    page.notes.append(el("p", t("team.users_failed", { provider: providerName(provider), error: err }), "message warning-text"));
  }
  page.toggle.hidden = revoked.length === 0;
  const label = page.toggle.querySelector("span");
  if (label) label.textContent = t("team.show_revoked", { count: revoked.length });
  renderAddPbx(s);
}

/** The add form's PBX fields, keeping what is already chosen while it is still offered. */
function renderAddPbx(s: State) {
  if (!page) return;
  const stamp = JSON.stringify([s.providers.map((p) => p.id), [...s.users]]);
  if (page.pbxStamp === stamp) return;
  page.pbxStamp = stamp;
  const fields: HTMLElement[] = [];
  for (const p of s.providers) {
    const id = `add-agent-pbx-${p.id}`;
    const before = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
    const control = pbxControl(s, p.id, null, "");
    control.id = id;
    control.dataset.provider = p.id;
    if (before && before.value) {
      if (control instanceof HTMLInputElement || [...control.options].some((o) => o.value === before.value)) control.value = before.value;
    }
    const label = el("label", t("team.add.pbx", { provider: providerName(p.id) }));
    label.htmlFor = id;
    fields.push(label, control);
  }
  page.pbxFields.replaceChildren(...fields);
}

function addForm(): { form: HTMLFormElement; pbxFields: HTMLElement } {
  const form = el("form", undefined, "add-agent card-box");
  form.id = "add-agent";
  form.noValidate = true;
  const name = el("input");
  name.id = "add-agent-name";
  name.type = "text";
  name.autocomplete = "off";
  const nameLabel = el("label", t("team.add.name"));
  nameLabel.htmlFor = name.id;
  const role = el("select");
  role.id = "add-agent-role";
  for (const r of ROLES) {
    const o = el("option", roleName(r));
    o.value = r;
    role.append(o);
  }
  const roleLabel = el("label", t("team.add.role"));
  roleLabel.htmlFor = role.id;
  const pbxFields = el("div", undefined, "grid");
  const submit = el("button", t("team.add.submit"), "primary");
  submit.type = "submit";
  submit.id = "add-agent-submit";
  const error = messageSpan("add-agent-error");
  const grid = el("div", undefined, "grid");
  grid.append(nameLabel, name, roleLabel, role);
  const actions = el("div", undefined, "form-actions");
  actions.append(submit, error);
  form.append(el("h3", t("team.add.title")), grid, pbxFields, actions);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const agentName = name.value.trim();
    if (!agentName) {
      say(error, t("team.add.empty_name"), "error");
      name.focus();
      return;
    }
    const pbx_users: { [key in string]?: string } = {};
    for (const c of pbxFields.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) {
      const v = c.value.trim();
      if (v && c.dataset.provider) pbx_users[c.dataset.provider] = v;
    }
    submit.disabled = true;
    say(error, t("team.add.pending"), "pending");
    try {
      const added = await addAgent({ name: agentName, role: role.value as Role, pbx_users });
      say(error, "", "");
      form.reset();
      for (const c of pbxFields.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) c.value = "";
      showToken(added.agent.name, added.token);
      await reload();
    } catch (e) {
      say(error, explainHere(e), "error");
    } finally {
      submit.disabled = false;
    }
  });
  return { form, pbxFields };
}

async function fetchState(me: Agent, showRevoked: boolean): Promise<State> {
  const [members, providers] = await Promise.all([getAgents(), getProviders()]);
  const users = new Map<string, PbxUserEntry[]>();
  const userErrors = new Map<string, string>();
  await Promise.all(
    providers
      .filter((p) => p.lists_users)
      .map(async (p) => {
        try {
          users.set(p.id, await getProviderUsers(p.id));
        } catch (e) {
          userErrors.set(p.id, explain(e));
        }
      }),
  );
  return { me, members, providers, users, userErrors, showRevoked, busy: new Set(), confirming: null, notes: new Map() };
}

let reloadPage: () => Promise<void> = async () => {};

/** Fetches the team again (after an add or a revoke), keeping the page as it is meanwhile. */
function reload(): Promise<void> {
  return reloadPage();
}

export async function loadTeam(root: HTMLElement, me: Agent) {
  const current = latest.next();
  const message = pageMessage("team");
  const table = el("table", undefined, "team");
  table.id = "team-table";
  table.hidden = true;
  const notes = el("div", undefined, "notes");
  const toggle = el("label", undefined, "check toggle-revoked");
  const box = el("input");
  box.type = "checkbox";
  box.id = "show-revoked";
  toggle.append(box, el("span"));
  toggle.hidden = true;
  const { form, pbxFields } = addForm();
  const wrap = el("div", undefined, "table-wrap");
  wrap.append(table);
  root.replaceChildren(el("h2", t("team.title")), message, notes, toggle, wrap, tokenBox, form);
  page = { table, notes, toggle, pbxFields, pbxStamp: "" };

  const fetchAndShow = async (show: (s: State) => void) => {
    try {
      const s = await fetchState(me, box.checked);
      if (!current()) return;
      say(message, "", "");
      show(s);
    } catch (e) {
      if (current()) say(message, explain(e), "error");
    }
  };
  reloadPage = () =>
    fetchAndShow((s) => {
      // Keep the notes of rows that are still there (the result of the change that led here).
      if (state) for (const [id, n] of state.notes) s.notes.set(id, n);
      state = s;
      render();
    });
  box.addEventListener("change", () => {
    if (!state) return;
    state.showRevoked = box.checked;
    render();
  });
  await fetchAndShow((s) => {
    state = s;
    render();
  });
}
