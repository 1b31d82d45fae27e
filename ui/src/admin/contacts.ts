// The Contacts page: find contacts as you type, add or change one, turn a number's blacklist flag
// on or off in its row, and import a CSV file (it lands whole or not at all). Names and companies
// are people's text: they go in as text, never as HTML.
import type { AdminContact } from "../bindings/AdminContact";
import type { ImportReport } from "../bindings/ImportReport";
import type { TeamMember } from "../bindings/TeamMember";
import { el } from "../format";
import { getAgents, importContacts, RequestFailed, saveContact, searchContacts, setBlacklisted } from "./api";
import { explain, explainProblem } from "./errors";
import { showJournal } from "./journal";
import { Latest, messageSpan, pageMessage, say } from "./view";
import { t } from "./words";
import { formatPhone } from "../phone";

/** As many as the search shows; more are found by typing more. */
const LIMIT = 50;
/** Typing pauses this long before the search goes out (one request per word, not per key). */
const SEARCH_DELAY_MS = 250;
/** The form's fields a save error may name (`params.field`). */
const FIELDS = ["phone", "name", "company", "responsible"] as const;
type Field = (typeof FIELDS)[number];

const loads = new Latest();
const searches = new Latest();
/** What the search box held, kept when the page is opened again. */
let query = "";
let searchTimer = 0;

interface Page {
  found: AdminContact[];
  status: HTMLElement;
  tbody: HTMLTableSectionElement;
  table: HTMLTableElement;
  form: ContactForm;
  /** Where a contact's journal opens. */
  journal: HTMLElement;
}

let page: Page | null = null;

function activeTeam(team: TeamMember[]): TeamMember[] {
  return team.filter((m) => m.revoked_at === null);
}

// ---- The table ----

function blacklistCell(c: AdminContact): HTMLTableCellElement {
  const td = el("td", undefined, "blacklisted");
  const box = el("input");
  box.type = "checkbox";
  box.id = `blacklist-${c.phone}`;
  box.checked = c.contact.blacklisted;
  box.setAttribute("aria-label", t("contacts.blacklist_label", { phone: c.phone }));
  const note = messageSpan(`contact-note-${c.phone}`);
  box.addEventListener("change", async () => {
    const wanted = box.checked;
    box.disabled = true;
    say(note, t("setting.saving"), "pending");
    try {
      const saved = await setBlacklisted(c.phone, wanted);
      replaceRow(saved, t(saved.contact.blacklisted ? "contacts.blacklisted_now" : "contacts.unblacklisted_now"));
    } catch (e) {
      box.checked = !wanted;
      box.disabled = false;
      say(note, explain(e, { form: "contact" }), "error");
    }
  });
  td.append(box, note);
  return td;
}

function contactRow(c: AdminContact): HTMLTableRowElement {
  const tr = el("tr", undefined, c.contact.blacklisted ? "contact blacklisted" : "contact");
  tr.id = `contact-row-${c.phone}`;
  tr.dataset.phone = c.phone;
  tr.dataset.blacklisted = c.contact.blacklisted ? "yes" : "no";
  const edit = el("button", t("contacts.edit"));
  edit.type = "button";
  edit.id = `edit-contact-${c.phone}`;
  edit.addEventListener("click", () => page?.form.edit(c));
  const calls = el("button", t("contacts.journal"));
  calls.type = "button";
  calls.id = `journal-contact-${c.phone}`;
  calls.addEventListener("click", () => page && void showJournal(page.journal, c.phone));
  const actions = el("td", undefined, "actions");
  actions.append(edit, " ", calls);
  tr.append(
    el("td", formatPhone(c.phone), "phone selectable"),
    el("td", c.contact.name, "name"),
    el("td", c.contact.company ?? ""),
    el("td", c.contact.responsible ?? t("contacts.nobody"), c.contact.responsible ? "" : "muted"),
    blacklistCell(c),
    actions,
  );
  return tr;
}

/** One contact changed in place (its row only: the others keep their notes). */
function replaceRow(c: AdminContact, note: string) {
  if (!page) return;
  page.found = page.found.map((f) => (f.phone === c.phone ? c : f));
  const row = contactRow(c);
  document.getElementById(`contact-row-${c.phone}`)?.replaceWith(row);
  const span = document.getElementById(`contact-note-${c.phone}`);
  if (span) say(span, note, "ok");
}

function render(p: Page) {
  p.tbody.replaceChildren(...p.found.map(contactRow));
  p.table.hidden = p.found.length === 0;
  if (p.found.length === 0) say(p.status, query ? t("contacts.none_match", { q: query }) : t("contacts.none"), "");
  else say(p.status, p.found.length >= LIMIT ? t("contacts.first", { limit: LIMIT }) : "", "");
}

/** Asks the relay for the contacts matching the search box; only the latest answer is shown. */
async function search() {
  const p = page;
  if (!p) return;
  const mine = searches.next();
  say(p.status, t("contacts.searching"), "pending");
  try {
    const found = await searchContacts(query, LIMIT);
    if (!mine() || page !== p) return;
    p.found = found;
    render(p);
  } catch (e) {
    if (mine() && page === p) say(p.status, explain(e), "error");
  }
}

function searchBox(): HTMLElement {
  const input = el("input", undefined, "search");
  input.type = "search";
  input.id = "contact-search";
  input.value = query;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = t("contacts.search_placeholder");
  input.setAttribute("aria-label", t("contacts.search"));
  input.addEventListener("input", () => {
    query = input.value.trim();
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => void search(), SEARCH_DELAY_MS);
  });
  const line = el("div", undefined, "search-line");
  line.append(input);
  return line;
}

// ---- The add-or-change form ----

interface ContactForm {
  element: HTMLFormElement;
  /** Fills the form with a listed contact, to change it. */
  edit(c: AdminContact): void;
}

function input(id: string): HTMLInputElement {
  const i = el("input");
  i.type = "text";
  i.id = id;
  i.autocomplete = "off";
  return i;
}

/** The responsible select: nobody, the active agents, and a current one who is not active. */
function responsibleOptions(select: HTMLSelectElement, team: TeamMember[], current: AdminContact | null) {
  const nobody = el("option", t("contacts.nobody"));
  nobody.value = "";
  select.replaceChildren(nobody);
  for (const m of activeTeam(team)) {
    const o = el("option", m.agent.name);
    o.value = String(m.agent.id);
    select.append(o);
  }
  const id = current?.responsible_id;
  if (id != null && ![...select.options].some((o) => o.value === String(id))) {
    const o = el("option", t("setting.not_active", { value: current?.contact.responsible ?? String(id) }));
    o.value = String(id);
    select.append(o);
  }
  select.value = id == null ? "" : String(id);
}

function contactForm(team: TeamMember[], saved: () => void): ContactForm {
  const form = el("form", undefined, "save-contact card-box");
  form.id = "save-contact";
  form.noValidate = true;
  const title = el("h3", t("contacts.form.add"));
  const formError = messageSpan("save-contact-error");
  formError.classList.add("form-error");
  const controls: Record<Field, HTMLInputElement | HTMLSelectElement> = {
    phone: input("contact-phone"),
    name: input("contact-name"),
    company: input("contact-company"),
    responsible: el("select"),
  };
  controls.responsible.id = "contact-responsible";
  (controls.phone as HTMLInputElement).inputMode = "tel";
  responsibleOptions(controls.responsible as HTMLSelectElement, team, null);
  const errors = {} as Record<Field, HTMLElement>;
  const grid = el("div", undefined, "grid");
  for (const f of FIELDS) {
    const label = el("label", t(`contacts.form.${f}`));
    label.htmlFor = controls[f].id;
    errors[f] = messageSpan(`contact-error-${f}`);
    grid.append(label, controls[f], errors[f]);
  }
  const blacklisted = el("input");
  blacklisted.type = "checkbox";
  blacklisted.id = "contact-blacklisted";
  const blacklistLabel = el("label", undefined, "check");
  blacklistLabel.append(blacklisted, el("span", t("contacts.form.blacklisted")));
  const submit = el("button", t("contacts.form.save"), "primary");
  submit.type = "submit";
  submit.id = "save-contact-submit";
  const clear = el("button", t("contacts.form.clear"));
  clear.type = "button";
  clear.id = "save-contact-clear";
  const actions = el("div", undefined, "form-actions");
  actions.append(submit, clear);
  form.append(title, formError, grid, blacklistLabel, el("p", t("contacts.form.hint"), "muted small"), actions);

  const quiet = () => {
    say(formError, "", "");
    for (const f of FIELDS) say(errors[f], "", "");
  };
  const empty = () => {
    form.reset();
    responsibleOptions(controls.responsible as HTMLSelectElement, team, null);
    title.textContent = t("contacts.form.add");
  };
  clear.addEventListener("click", () => {
    quiet();
    empty();
    controls.phone.focus();
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    quiet();
    submit.disabled = true;
    say(formError, t("contacts.form.saving"), "pending");
    try {
      const c = await saveContact({
        phone: controls.phone.value.trim(),
        name: controls.name.value.trim(),
        company: controls.company.value.trim() || null,
        responsible: controls.responsible.value,
        blacklisted: blacklisted.checked,
      });
      empty();
      say(formError, t("contacts.form.saved", { name: c.contact.name, phone: c.phone }), "ok");
      saved();
    } catch (e) {
      // Next to the field the relay names, else above the form.
      const field = e instanceof RequestFailed ? (e.param("field") as Field | undefined) : undefined;
      const target = field && FIELDS.includes(field) ? errors[field] : formError;
      if (target !== formError) say(formError, "", "");
      say(target, explain(e, { form: "contact" }), "error");
      if (field && FIELDS.includes(field)) controls[field].focus();
    } finally {
      submit.disabled = false;
    }
  });
  return {
    element: form,
    edit(c) {
      quiet();
      title.textContent = t("contacts.form.change", { phone: c.phone });
      controls.phone.value = c.phone;
      controls.name.value = c.contact.name;
      controls.company.value = c.contact.company ?? "";
      responsibleOptions(controls.responsible as HTMLSelectElement, team, c);
      blacklisted.checked = c.contact.blacklisted;
      form.scrollIntoView({ block: "nearest" });
      controls.name.focus();
    },
  };
}

// ---- The CSV import ----

/** The report in words: the counts, and every refused row with its line and problem. */
function showReport(report: ImportReport, result: HTMLElement, problems: HTMLElement) {
  problems.replaceChildren();
  if (report.imported) {
    say(result, t("contacts.import.done", { created: report.created, updated: report.updated }), "ok");
    return;
  }
  say(result, t("contacts.import.refused", { count: report.refused }), "error");
  for (const row of report.rows) {
    if (row.result !== "refused") continue;
    const problem = row.problem ? explainProblem(row.problem, { form: "contact" }) : "";
    const li = el("li", row.phone ? t("contacts.import.row", { line: row.line, phone: row.phone, problem }) : t("contacts.import.row_no_phone", { line: row.line, problem }));
    li.id = `import-row-${row.line}`;
    li.dataset.line = String(row.line);
    problems.append(li);
  }
}

function importBox(imported: () => void): HTMLElement {
  const box = el("section", undefined, "import-contacts card-box");
  box.id = "import-contacts";
  const file = el("input");
  file.type = "file";
  file.id = "contact-import-file";
  file.accept = ".csv,text/csv";
  const fileLabel = el("label", t("contacts.import.file"));
  fileLabel.htmlFor = file.id;
  const submit = el("button", t("contacts.import.submit"), "primary");
  submit.type = "button";
  submit.id = "contact-import-submit";
  const result = messageSpan("contact-import-result");
  const problems = el("ul", undefined, "import-problems");
  problems.id = "contact-import-problems";
  const line = el("div", undefined, "form-actions");
  line.append(fileLabel, file, submit);
  box.append(el("h3", t("contacts.import.title")), el("p", t("contacts.import.hint"), "muted small"), line, result, problems);

  submit.addEventListener("click", async () => {
    const chosen = file.files?.[0];
    problems.replaceChildren();
    if (!chosen) {
      say(result, t("contacts.import.no_file"), "error");
      return;
    }
    submit.disabled = true;
    say(result, t("contacts.import.pending", { file: chosen.name }), "pending");
    try {
      const report = await importContacts(chosen);
      showReport(report, result, problems);
      if (report.imported) imported();
    } catch (e) {
      say(result, explain(e, { form: "contact" }), "error");
    } finally {
      submit.disabled = false;
      // The next import is a choice of its own: the same file is not sent twice by accident.
      file.value = "";
    }
  });
  return box;
}

export async function loadContacts(root: HTMLElement) {
  const current = loads.next();
  const message = pageMessage("contacts");
  root.replaceChildren(el("h2", t("contacts.title")), message);
  page = null;
  try {
    const [team, found] = await Promise.all([getAgents(), searchContacts(query, LIMIT)]);
    if (!current()) return;
    say(message, "", "");
    const table = el("table", undefined, "contacts");
    table.id = "contacts-table";
    const head = el("tr");
    for (const k of ["phone", "name", "company", "responsible", "blacklisted", "actions"] as const) head.append(el("th", t(`contacts.col.${k}`)));
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    table.append(thead, tbody);
    const wrap = el("div", undefined, "table-wrap");
    wrap.append(table);
    const status = el("p", "", "message muted search-status");
    status.id = "contact-search-status";
    const form = contactForm(team, () => void search());
    const journal = el("section", undefined, "journal-box");
    journal.id = "contact-journal";
    journal.hidden = true;
    page = { found, status, tbody, table, form, journal };
    root.append(searchBox(), status, wrap, journal, form.element, importBox(() => void search()));
    render(page);
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
