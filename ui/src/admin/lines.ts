// The Lines page: our numbers (DIDs) and their labels — the line a card shows and the source in
// reports. A label set here wins over the config file's `[lines]`; removing it brings the
// file's back.
import type { LineEntry } from "../bindings/LineEntry";
import { el } from "../format";
import { getLines, removeLine, RequestFailed, setLine } from "./api";
import { explain } from "./errors";
import { Latest, messageSpan, pageMessage, say } from "./view";
import { known, t } from "./words";
import { formatPhone } from "../phone";

const latest = new Latest();

interface Page {
  lines: LineEntry[];
  table: HTMLTableElement;
  none: HTMLElement;
}

let page: Page | null = null;

function sourceText(source: string): string {
  const key = known(`lines.source.${source}`);
  return key ? t(key) : "";
}

/** The relay's new list; `did`'s row says `note`. */
function show(lines: LineEntry[], did: string | null = null, note = "") {
  if (!page) return;
  page.lines = lines;
  render(page);
  const span = did && document.getElementById(`line-note-${did}`);
  if (span) say(span, note, "ok");
}

function lineRow(l: LineEntry): HTMLTableRowElement {
  const tr = el("tr", undefined, "line");
  tr.id = `line-row-${l.did}`;
  tr.dataset.did = l.did;
  tr.dataset.source = l.source;
  const label = el("input", undefined, "line-label");
  label.type = "text";
  label.id = `line-label-${l.did}`;
  label.value = l.label;
  label.setAttribute("aria-label", t("lines.label_of", { did: l.did }));
  const save = el("button", t("lines.save"));
  save.type = "button";
  save.id = `line-save-${l.did}`;
  const note = messageSpan(`line-note-${l.did}`);
  const busy = (on: boolean) => {
    for (const c of tr.querySelectorAll<HTMLButtonElement | HTMLInputElement>("button, input")) c.disabled = on;
  };
  const run = async (pending: string, change: () => Promise<void>) => {
    busy(true);
    say(note, pending, "pending");
    try {
      await change();
    } catch (e) {
      busy(false);
      say(note, explain(e, { form: "line" }), "error");
    }
  };
  const saveLabel = () =>
    run(t("setting.saving"), async () => show(await setLine(l.did, label.value.trim()), l.did, t("lines.saved")));
  save.addEventListener("click", () => void saveLabel());
  label.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") void saveLabel();
  });
  const labelCell = el("td", undefined, "label");
  labelCell.append(label, save);
  const source = el("span", sourceText(l.source), "source muted");
  source.id = `line-source-${l.did}`;
  source.dataset.source = l.source;
  const sourceCell = el("td");
  sourceCell.append(source);
  const actions = el("td", undefined, "actions");
  // Only a label set here can be taken away: the file's stays until the file changes.
  if (l.source === "store") {
    const remove = el("button", t("lines.remove"));
    remove.type = "button";
    remove.id = `line-remove-${l.did}`;
    remove.title = t("lines.remove_hint");
    remove.addEventListener("click", () =>
      void run(t("lines.removing"), async () => {
        await removeLine(l.did);
        show(await getLines(), l.did, t("lines.removed"));
      }),
    );
    actions.append(remove);
  }
  actions.append(note);
  tr.append(el("td", formatPhone(l.did), "did selectable"), labelCell, sourceCell, actions);
  return tr;
}

function render(p: Page) {
  const head = el("tr");
  for (const k of ["did", "label", "source", "actions"] as const) head.append(el("th", t(`lines.col.${k}`)));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  tbody.append(...p.lines.map(lineRow));
  p.table.replaceChildren(thead, tbody);
  p.table.hidden = p.lines.length === 0;
  p.none.hidden = p.lines.length > 0;
}

function addForm(): HTMLFormElement {
  const form = el("form", undefined, "add-line card-box");
  form.id = "add-line";
  form.noValidate = true;
  const did = el("input");
  did.type = "text";
  did.id = "add-line-did";
  did.inputMode = "tel";
  did.autocomplete = "off";
  const label = el("input");
  label.type = "text";
  label.id = "add-line-label";
  label.autocomplete = "off";
  const errors = { did: messageSpan("add-line-error-did"), label: messageSpan("add-line-error-label") };
  const formError = messageSpan("add-line-error");
  formError.classList.add("form-error");
  const grid = el("div", undefined, "grid");
  for (const [field, control] of [["did", did], ["label", label]] as const) {
    const l = el("label", t(`lines.add.${field}`));
    l.htmlFor = control.id;
    grid.append(l, control, errors[field]);
  }
  const submit = el("button", t("lines.add.submit"), "primary");
  submit.type = "submit";
  submit.id = "add-line-submit";
  const actions = el("div", undefined, "form-actions");
  actions.append(submit);
  form.append(el("h3", t("lines.add.title")), formError, grid, actions);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    for (const s of [formError, errors.did, errors.label]) say(s, "", "");
    submit.disabled = true;
    say(formError, t("setting.saving"), "pending");
    try {
      const lines = await setLine(did.value.trim(), label.value.trim());
      // The answer is the whole list, the number as the relay keeps it: the row saved is the one
      // with this label set here.
      const added = lines.find((l) => l.label === label.value.trim() && l.source === "store");
      form.reset();
      say(formError, "", "");
      show(lines, added?.did ?? null, t("lines.saved"));
    } catch (e) {
      // Next to the field the relay names, else above the form.
      const field = e instanceof RequestFailed ? e.param("field") : undefined;
      const target = field === "did" || field === "label" ? errors[field] : formError;
      if (target !== formError) say(formError, "", "");
      say(target, explain(e, { form: "line" }), "error");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function loadLines(root: HTMLElement) {
  const current = latest.next();
  const message = pageMessage("lines");
  root.replaceChildren(el("h2", t("lines.title")), el("p", t("lines.intro"), "muted"), message);
  page = null;
  try {
    const lines = await getLines();
    if (!current()) return;
    say(message, "", "");
    const table = el("table", undefined, "lines");
    table.id = "lines-table";
    const none = el("p", t("lines.none"), "muted");
    const wrap = el("div", undefined, "table-wrap");
    wrap.append(table);
    page = { lines, table, none };
    render(page);
    root.append(none, wrap, el("p", t("lines.remove_hint"), "muted small"), addForm());
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
