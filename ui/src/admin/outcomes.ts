// The Outcomes page: the buttons a card offers when a call ends — their label, colour and
// order — adding a code, retiring one and offering a retired one again. Calls logged with a
// retired code keep it.
import type { AdminOutcome } from "../bindings/AdminOutcome";
import { el } from "../format";
import { getOutcomes, orderOutcomes, RequestFailed, retireOutcome, saveOutcome } from "./api";
import { explain } from "./errors";
import { Latest, messageSpan, pageMessage, say } from "./view";
import { t } from "./words";

/** The colour a new code starts with (the add form's picker). */
const NEW_COLOUR = "#1565c0";

const latest = new Latest();

interface Page {
  outcomes: AdminOutcome[];
  tbody: HTMLTableSectionElement;
}

let page: Page | null = null;

/** Offered ones in card order, then the retired ones. */
function sorted(all: AdminOutcome[]): AdminOutcome[] {
  return [...all].sort(
    (a, b) => Number(a.retired) - Number(b.retired) || a.option.order - b.option.order || a.option.code.localeCompare(b.option.code),
  );
}

function offeredCodes(all: AdminOutcome[]): string[] {
  return sorted(all)
    .filter((o) => !o.retired)
    .map((o) => o.option.code);
}

/** Shows `all`; `code`'s row says `note`. */
function show(all: AdminOutcome[], code: string | null = null, note = "") {
  if (!page) return;
  const outcomes = sorted(all);
  const offered = outcomes.filter((o) => !o.retired).length;
  page.outcomes = outcomes;
  page.tbody.replaceChildren(...outcomes.map((o, i) => (o.retired ? retiredRow(o) : offeredRow(o, i, offered))));
  const span = code && document.getElementById(`outcome-note-${code}`);
  if (span) say(span, note, "ok");
}

/** One outcome changed: it replaces its old self. */
function showOne(saved: AdminOutcome, note: string) {
  if (!page) return;
  show([...page.outcomes.filter((o) => o.option.code !== saved.option.code), saved], saved.option.code, note);
}

function button(text: string, id: string, cls = ""): HTMLButtonElement {
  const b = el("button", text, cls);
  b.type = "button";
  b.id = id;
  return b;
}

/** Runs one change of a row: its controls are disabled meanwhile, a failure is said in it. */
async function change(row: HTMLTableRowElement, note: HTMLElement, run: () => Promise<void>) {
  const controls = row.querySelectorAll<HTMLButtonElement | HTMLInputElement>("button, input");
  for (const c of controls) c.disabled = true;
  say(note, t("setting.saving"), "pending");
  try {
    await run();
  } catch (e) {
    for (const c of controls) c.disabled = false;
    say(note, explain(e, { form: "outcome" }), "error");
  }
}

function move(code: string, by: -1 | 1): Promise<void> {
  const codes = offeredCodes(page?.outcomes ?? []);
  const i = codes.indexOf(code);
  if (i < 0 || i + by < 0 || i + by >= codes.length) return Promise.resolve(show(page?.outcomes ?? []));
  [codes[i], codes[i + by]] = [codes[i + by], codes[i]];
  return orderOutcomes(codes).then((all) => show(all, code, t("outcomes.moved")));
}

/** `index` is its place among the `offered` ones (the first has no "up", the last no "down"). */
function offeredRow(o: AdminOutcome, index: number, offered: number): HTMLTableRowElement {
  const { code } = o.option;
  const tr = el("tr", undefined, "outcome-row");
  tr.id = `outcome-row-${code}`;
  tr.dataset.code = code;
  tr.dataset.retired = "no";
  const note = messageSpan(`outcome-note-${code}`);
  const up = button("↑", `outcome-up-${code}`, "move");
  up.title = t("outcomes.up");
  up.setAttribute("aria-label", t("outcomes.up"));
  const down = button("↓", `outcome-down-${code}`, "move");
  down.title = t("outcomes.down");
  down.setAttribute("aria-label", t("outcomes.down"));
  up.addEventListener("click", () => void change(tr, note, () => move(code, -1)));
  down.addEventListener("click", () => void change(tr, note, () => move(code, 1)));
  const label = el("input", undefined, "outcome-label");
  label.type = "text";
  label.id = `outcome-label-${code}`;
  label.value = o.option.label;
  label.setAttribute("aria-label", t("outcomes.label_of", { code }));
  const colour = el("input", undefined, "outcome-colour");
  colour.type = "color";
  colour.id = `outcome-colour-${code}`;
  colour.value = o.option.colour;
  colour.setAttribute("aria-label", t("outcomes.colour_of", { code }));
  const converts = el("input", undefined, "outcome-converts");
  converts.type = "checkbox";
  converts.id = `outcome-converts-${code}`;
  converts.checked = o.option.converts;
  converts.title = t("outcomes.converts_hint");
  const save = button(t("outcomes.save"), `outcome-save-${code}`);
  const saveIt = () =>
    change(tr, note, async () =>
      showOne(await saveOutcome(code, label.value.trim(), colour.value, converts.checked), t("outcomes.saved")),
    );
  converts.addEventListener("change", () => void saveIt());
  save.addEventListener("click", () => void saveIt());
  label.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") void saveIt();
  });
  const retire = button(t("outcomes.retire"), `outcome-retire-${code}`);
  retire.addEventListener("click", () =>
    void change(tr, note, async () => {
      await retireOutcome(code);
      show(await getOutcomes(), code, t("outcomes.retired_now"));
    }),
  );
  const order = el("td", undefined, "order");
  order.append(up, down);
  // The ends of the list have nowhere to go; the arrow keeps its place, unseen.
  if (index === 0) up.dataset.end = "yes";
  if (index >= offered - 1) down.dataset.end = "yes";
  const labelCell = el("td");
  labelCell.append(label);
  const colourCell = el("td");
  colourCell.append(colour);
  const convertsCell = el("td");
  convertsCell.append(converts);
  const actions = el("td", undefined, "actions");
  actions.append(save, retire, note);
  tr.append(order, el("td", code, "code"), labelCell, colourCell, convertsCell, actions);
  return tr;
}

function retiredRow(o: AdminOutcome): HTMLTableRowElement {
  const { code, label, colour } = o.option;
  const tr = el("tr", undefined, "outcome-row retired");
  tr.id = `outcome-row-${code}`;
  tr.dataset.code = code;
  tr.dataset.retired = "yes";
  const note = messageSpan(`outcome-note-${code}`);
  const swatch = el("span", undefined, "swatch");
  swatch.style.background = colour;
  const colourCell = el("td");
  colourCell.append(swatch);
  const again = button(t("outcomes.offer_again"), `outcome-offer-${code}`);
  again.addEventListener("click", () =>
    void change(tr, note, async () => showOne(await saveOutcome(code, label, colour), t("outcomes.offered_again"))),
  );
  const actions = el("td", undefined, "actions");
  actions.append(el("span", t("outcomes.retired"), "muted small"), " ", again, note);
  const convertsCell = el("td", o.option.converts ? t("outcomes.converts_yes") : "");
  tr.append(el("td", undefined, "order"), el("td", code, "code"), el("td", label), colourCell, convertsCell, actions);
  return tr;
}

function addForm(): HTMLFormElement {
  const form = el("form", undefined, "add-outcome card-box");
  form.id = "add-outcome";
  form.noValidate = true;
  const code = el("input");
  code.type = "text";
  code.id = "add-outcome-code";
  code.autocomplete = "off";
  code.spellcheck = false;
  const label = el("input");
  label.type = "text";
  label.id = "add-outcome-label";
  label.autocomplete = "off";
  const colour = el("input");
  colour.type = "color";
  colour.id = "add-outcome-colour";
  colour.value = NEW_COLOUR;
  const fields = [
    ["code", code],
    ["label", label],
    ["colour", colour],
  ] as const;
  const errors = { code: messageSpan("add-outcome-error-code"), label: messageSpan("add-outcome-error-label"), colour: messageSpan("add-outcome-error-colour") };
  const formError = messageSpan("add-outcome-error");
  formError.classList.add("form-error");
  const grid = el("div", undefined, "grid");
  for (const [field, control] of fields) {
    const l = el("label", t(`outcomes.add.${field}`));
    l.htmlFor = control.id;
    grid.append(l, control, errors[field]);
  }
  const submit = el("button", t("outcomes.add.submit"), "primary");
  submit.type = "submit";
  submit.id = "add-outcome-submit";
  const actions = el("div", undefined, "form-actions");
  actions.append(submit);
  form.append(el("h3", t("outcomes.add.title")), formError, grid, el("p", t("outcomes.add.hint"), "muted small"), actions);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    for (const s of [formError, ...Object.values(errors)]) say(s, "", "");
    const wanted = code.value.trim();
    submit.disabled = true;
    say(formError, t("setting.saving"), "pending");
    try {
      const saved = await saveOutcome(wanted, label.value.trim(), colour.value);
      form.reset();
      colour.value = NEW_COLOUR;
      say(formError, "", "");
      showOne(saved, t("outcomes.added"));
    } catch (e) {
      // Next to the field the relay names, else above the form.
      const field = e instanceof RequestFailed ? e.param("field") : undefined;
      const target = field === "code" || field === "label" || field === "colour" ? errors[field] : formError;
      if (target !== formError) say(formError, "", "");
      say(target, explain(e, { form: "outcome" }), "error");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function loadOutcomes(root: HTMLElement) {
  const current = latest.next();
  const message = pageMessage("outcomes");
  root.replaceChildren(el("h2", t("outcomes.title")), el("p", t("outcomes.intro"), "muted"), message);
  page = null;
  try {
    const outcomes = await getOutcomes();
    if (!current()) return;
    say(message, outcomes.length ? "" : t("outcomes.none"), "");
    const table = el("table", undefined, "outcome-table");
    table.id = "outcomes-table";
    const head = el("tr");
    for (const k of ["order", "code", "label", "colour", "converts", "actions"] as const) head.append(el("th", t(`outcomes.col.${k}`)));
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    table.append(thead, tbody);
    const wrap = el("div", undefined, "table-wrap");
    wrap.append(table);
    page = { outcomes, tbody };
    show(outcomes);
    root.append(wrap, addForm());
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
