// The Reports page: a period's calls — totals, four charts each with a table of the same figures,
// every agent's calls — and the period's calls as a CSV file. Days are the relay's
// `[reports] timezone` days, not the browser's.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { ApiError } from "../bindings/ApiError";
import type { Report } from "../bindings/Report";
import { el } from "../format";
import { getOutcomes, pingSession, RequestFailed, Unreachable } from "./api";
import { explain } from "./errors";
import { Latest, messageSpan, pageMessage, say } from "./view";
import { l10n, t, type WordKey } from "./words";
import { formatPhone } from "../phone";

// Only what these charts use: the bundle carries no other chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

const REPORTS = "/api/v1/admin/reports";

const COLOURS = { answered: "#2da44e", missed: "#cf222e", other: "#8c959f", lines: "#1f6feb", leads: "#8250df" };
/** Outcome colours when the Outcomes list is unavailable (or a code is no longer in it). */
const PALETTE = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#5d4037", "#546e7a"];

const count = new Intl.NumberFormat(l10n.locale);
const tenths = new Intl.NumberFormat(l10n.locale, { maximumFractionDigits: 1 });
// Report days are calendar dates: formatted as UTC so no browser zone moves them a day.
const shortDay = new Intl.DateTimeFormat(l10n.locale, { day: "numeric", month: "short", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat(l10n.locale, { dateStyle: "medium", timeZone: "UTC" });

const latest = new Latest();
/** The charts on the page: destroyed before new ones take their canvases' place. */
let charts: Chart[] = [];

/** The period as the date inputs hold it (YYYY-MM-DD, "" when empty). */
interface Period {
  from: string;
  to: string;
}

interface Form {
  from: HTMLInputElement;
  to: HTMLInputElement;
  show: HTMLButtonElement;
  errors: { from: HTMLElement; to: HTMLElement };
  message: HTMLElement;
  result: HTMLElement;
}

const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** From the 1st of this month to today (the browser's today). */
function thisMonth(today = new Date()): Period {
  return { from: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDay(today) };
}

function lastMonth(today = new Date()): Period {
  const y = today.getFullYear();
  const m = today.getMonth();
  // Day 0 of this month is the last day of the one before.
  return { from: isoDay(new Date(y, m - 1, 1)), to: isoDay(new Date(y, m, 0)) };
}

function utcDay(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Every day of `[from, to]`, so the per-day chart shows quiet days too. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = utcDay(to).getTime();
  for (let d = utcDay(from); d.getTime() <= end && days.length <= 400; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** Hours and minutes ("2:05"): the totals' talk time. */
function hmm(secs: number): string {
  const m = Math.floor(secs / 60);
  return `${count.format(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** Hours, minutes and seconds ("0:02:05"): an agent's talk time, often under a minute. */
function hmmss(secs: number): string {
  return `${hmm(secs)}:${pad(Math.floor(secs) % 60)}`;
}

/** A line by its label, else its number; calls that named none are grouped apart. */
function lineName(line: string | null, label: string | null): string {
  return label || (line ? formatPhone(line) : t("reports.no_line"));
}

function query(p: Period, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  // An empty date is left out: the relay names the field it needs.
  if (p.from) q.set("from", p.from);
  if (p.to) q.set("to", p.to);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** The relay's error body, or one worded from the status (a proxy's page). */
async function errorBody(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => null);
  const b = (typeof body === "object" && body !== null ? body : {}) as Partial<ApiError>;
  if (typeof b.error === "string") return { error: b.error, code: b.code ?? "unknown", params: b.params ?? {} };
  return { error: `${res.status} ${res.statusText}`.trim(), code: "unknown", params: { status: String(res.status) } };
}

/** GET the report, read as api.ts reads answers. A refused session is asked about once through
 * api.ts (`pingSession`), whose hooks send the console back to sign in as on any other page. */
async function fetchReport(p: Period): Promise<Report> {
  let res: Response;
  try {
    res = await fetch(`${REPORTS}?${query(p)}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (e) {
    throw new Unreachable(e instanceof Error ? e.message : String(e));
  }
  if (res.ok) return (await res.json()) as Report;
  const err = new RequestFailed(res.status, await errorBody(res));
  if (res.status === 401 || res.status === 403) void pingSession().catch(() => {});
  throw err;
}

/** The Outcomes page's colours by code, so the chart matches the cards' buttons. */
async function outcomeColours(): Promise<Map<string, string>> {
  try {
    return new Map((await getOutcomes()).map((o) => [o.option.code, o.option.colour]));
  } catch {
    return new Map();
  }
}

/** A table's columns, by their `reports.col.*` word. */
type Column =
  | "day" | "line" | "source" | "outcome" | "agent"
  | "calls" | "incoming" | "answered" | "missed" | "leads" | "talk" | "wait" | "with_outcome";

/** A table of figures: the first column names the row, the others are counts (or text). */
function figuresTable(id: string, cols: Column[], rows: (string | number)[][]): HTMLElement {
  const head = el("tr");
  for (const c of cols) head.append(el("th", t(`reports.col.${c}`)));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    row.forEach((v, i) => {
      const td = el("td", typeof v === "number" ? count.format(v) : v, i > 0 ? "num" : "");
      tr.append(td);
    });
    tbody.append(tr);
  }
  const table = el("table", undefined, "report-table");
  table.id = `report-table-${id}`;
  table.append(thead, tbody);
  const wrap = el("div", undefined, "table-wrap");
  wrap.append(table);
  return wrap;
}

/** A chart to draw once its canvas is on the page (Chart.js sizes it from its box). */
type Pending = [HTMLCanvasElement, ChartConfiguration<"bar"> | ChartConfiguration<"doughnut">];

interface ChartSpec {
  /** `report-chart-<id>` is the canvas, `report-table-<id>` the table under it. */
  id: string;
  title: WordKey;
  config: Pending[1];
  table: HTMLElement;
  height: number;
  /** Said instead of an empty chart. */
  empty?: string;
  /** Across the whole width (many bars). */
  wide?: boolean;
}

/** One chart's box: its title, the canvas and the table; the canvas joins `pending`. */
function chartBox(spec: ChartSpec, pending: Pending[]): HTMLElement {
  const box = el("figure", undefined, spec.wide ? "report-chart card-box wide" : "report-chart card-box");
  box.id = `report-chart-box-${spec.id}`;
  box.append(el("h3", t(spec.title)));
  if (spec.empty) {
    box.append(el("p", spec.empty, "muted"));
    return box;
  }
  const area = el("div", undefined, "chart-area");
  area.style.height = `${spec.height}px`;
  const canvas = el("canvas");
  canvas.id = `report-chart-${spec.id}`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", t(spec.title));
  area.append(canvas);
  box.append(area, spec.table);
  pending.push([canvas, spec.config]);
  return box;
}

/** The height of a horizontal bar chart with `bars` bars. */
const barsHeight = (bars: number) => Math.max(120, 40 + 30 * bars);

// Figures at once, no animation: a report is read, and a screenshot shows the finished chart.
const COMMON = { responsive: true, maintainAspectRatio: false, animation: false } as const;
const COUNT_AXIS = { beginAtZero: true, ticks: { precision: 0 } } as const;

function horizontalBars(labels: string[], label: string, data: number[], colour: string): ChartConfiguration<"bar"> {
  return {
    type: "bar",
    data: { labels, datasets: [{ label, data, backgroundColor: colour, maxBarThickness: 28 }] },
    options: { ...COMMON, indexAxis: "y", scales: { x: COUNT_AXIS }, plugins: { legend: { display: false } } },
  };
}

function daysChart(r: Report, pending: Pending[]): HTMLElement {
  const byDay = new Map<string, { calls: number; incoming: number; answered: number; missed: number }>();
  for (const d of r.days) {
    const sum = byDay.get(d.day) ?? { calls: 0, incoming: 0, answered: 0, missed: 0 };
    sum.calls += d.calls;
    sum.incoming += d.incoming;
    sum.answered += d.answered;
    sum.missed += d.missed;
    byDay.set(d.day, sum);
  }
  const days = daysOf(r.from, r.to);
  const at = (day: string) => byDay.get(day) ?? { calls: 0, incoming: 0, answered: 0, missed: 0 };
  // Outgoing calls, and incoming ones neither answered nor missed: the bar adds up to all calls.
  const other = days.map((d) => at(d).calls - at(d).answered - at(d).missed);
  const datasets = [
    { label: t("reports.series.answered"), data: days.map((d) => at(d).answered), backgroundColor: COLOURS.answered },
    { label: t("reports.series.missed"), data: days.map((d) => at(d).missed), backgroundColor: COLOURS.missed },
  ];
  if (other.some((n) => n > 0)) datasets.push({ label: t("reports.series.other"), data: other, backgroundColor: COLOURS.other });
  const config: ChartConfiguration<"bar"> = {
    type: "bar",
    data: { labels: days.map((d) => shortDay.format(utcDay(d))), datasets },
    options: {
      ...COMMON,
      scales: { x: { stacked: true }, y: { ...COUNT_AXIS, stacked: true } },
      plugins: { legend: { position: "bottom" } },
    },
  };
  const rows = [...byDay.entries()].map(([day, s]) => [longDay.format(utcDay(day)), s.calls, s.incoming, s.answered, s.missed]);
  const table = figuresTable("days", ["day", "calls", "incoming", "answered", "missed"], rows);
  return chartBox({ id: "days", title: "reports.chart.days", config, table, height: 280, wide: true }, pending);
}

function linesChart(r: Report, pending: Pending[]): HTMLElement {
  const byLine = new Map<string, { name: string; calls: number; answered: number; missed: number }>();
  for (const d of r.days) {
    const key = d.line ?? "";
    const sum = byLine.get(key) ?? { name: lineName(d.line, d.line_label), calls: 0, answered: 0, missed: 0 };
    sum.calls += d.calls;
    sum.answered += d.answered;
    sum.missed += d.missed;
    byLine.set(key, sum);
  }
  const lines = [...byLine.values()].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  const config = horizontalBars(lines.map((l) => l.name), t("reports.col.calls"), lines.map((l) => l.calls), COLOURS.lines);
  const rows = lines.map((l) => [l.name, l.calls, l.answered, l.missed]);
  const table = figuresTable("lines", ["line", "calls", "answered", "missed"], rows);
  return chartBox({ id: "lines", title: "reports.chart.lines", config, table, height: barsHeight(lines.length) }, pending);
}

function outcomesChart(r: Report, colours: Map<string, string>, pending: Pending[]): HTMLElement {
  const config: ChartConfiguration<"doughnut"> = {
    type: "doughnut",
    data: {
      labels: r.outcomes.map((o) => o.label),
      datasets: [
        {
          label: t("reports.col.calls"),
          data: r.outcomes.map((o) => o.calls),
          backgroundColor: r.outcomes.map((o, i) => colours.get(o.code) ?? PALETTE[i % PALETTE.length]),
        },
      ],
    },
    options: { ...COMMON, plugins: { legend: { position: "right" } } },
  };
  const table = figuresTable("outcomes", ["outcome", "calls"], r.outcomes.map((o) => [o.label, o.calls]));
  const empty = r.outcomes.length ? undefined : t("reports.no_outcomes");
  return chartBox({ id: "outcomes", title: "reports.chart.outcomes", config, table, height: 220, empty }, pending);
}

function leadsChart(r: Report, pending: Pending[]): HTMLElement {
  const sources = r.lead_sources.map((s) => ({ name: lineName(s.line, s.line_label), leads: s.leads }));
  const config = horizontalBars(sources.map((s) => s.name), t("reports.col.leads"), sources.map((s) => s.leads), COLOURS.leads);
  const table = figuresTable("leads", ["source", "leads"], sources.map((s) => [s.name, s.leads]));
  const empty = sources.length ? undefined : t("reports.no_leads");
  const height = barsHeight(sources.length);
  return chartBox({ id: "leads", title: "reports.chart.leads", config, table, height, empty }, pending);
}

/** The row of figure cards. */
function totals(r: Report): HTMLElement {
  const row = el("div", undefined, "report-totals");
  row.id = "report-totals";
  const { calls, answered, missed, talk_secs, new_leads } = r.totals;
  const figures: [string, number, string][] = [
    ["calls", calls, count.format(calls)],
    ["answered", answered, count.format(answered)],
    ["missed", missed, count.format(missed)],
    ["talk", talk_secs, hmm(talk_secs)],
    ["new_leads", new_leads, count.format(new_leads)],
  ];
  for (const [name, value, text] of figures) {
    const card = el("div", undefined, "figure");
    card.id = `report-total-${name}`;
    card.dataset.value = String(value);
    if (name === "talk") card.title = t("reports.talk_exact", { secs: talk_secs });
    card.append(el("span", text, "figure-value"), el("span", t(`reports.total.${name}` as WordKey), "figure-label"));
    row.append(card);
  }
  return row;
}

function agentsTable(r: Report): HTMLElement {
  const rows = r.agents.map((a) => [
    a.name,
    a.calls,
    a.answered,
    a.missed,
    hmmss(a.talk_secs),
    a.avg_wait_secs === null ? "—" : tenths.format(a.avg_wait_secs),
    a.with_outcome,
  ]);
  const wrap = figuresTable("agents", ["agent", "calls", "answered", "missed", "talk", "wait", "with_outcome"], rows);
  const box = el("section", undefined, "report-agents card-box");
  box.append(el("h3", t("reports.agents")), r.agents.length ? wrap : el("p", t("reports.no_agents"), "muted"));
  return box;
}

function downloads(p: Period): HTMLElement {
  const box = el("p", undefined, "report-downloads");
  for (const [id, sep, word] of [
    ["report-csv", "comma", "reports.csv"],
    ["report-csv-semicolon", "semicolon", "reports.csv_semicolon"],
  ] as const) {
    const a = el("a", t(word));
    a.id = id;
    a.href = `${REPORTS}/calls.csv?${query(p, { sep })}`;
    a.download = `calls-${p.from}-${p.to}.csv`;
    box.append(a);
  }
  box.append(el("span", t("reports.csv_hint"), "muted small"));
  return box;
}

function destroyCharts() {
  for (const c of charts) c.destroy();
  charts = [];
}

function render(f: Form, r: Report, colours: Map<string, string>) {
  destroyCharts();
  const shown: Period = { from: r.from, to: r.to };
  if (r.totals.calls === 0) {
    const period = { from: longDay.format(utcDay(r.from)), to: longDay.format(utcDay(r.to)) };
    const none = el("p", t("reports.no_calls", period), "report-empty");
    none.id = "report-empty";
    f.result.replaceChildren(none);
    return;
  }
  const pending: Pending[] = [];
  const grid = el("div", undefined, "report-charts");
  grid.append(daysChart(r, pending), linesChart(r, pending), outcomesChart(r, colours, pending), leadsChart(r, pending));
  const zone = el("p", t("reports.timezone", { timezone: r.timezone }), "muted small");
  f.result.replaceChildren(totals(r), zone, downloads(shown), grid, agentsTable(r));
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  charts = pending.map(([canvas, config]) => new Chart(canvas, config as ChartConfiguration));
}

async function show(f: Form) {
  const current = latest.next();
  const period: Period = { from: f.from.value, to: f.to.value };
  for (const s of Object.values(f.errors)) say(s, "", "");
  say(f.message, t("app.loading"), "pending");
  f.show.disabled = true;
  try {
    const [report, colours] = await Promise.all([fetchReport(period), outcomeColours()]);
    if (!current()) return;
    say(f.message, "", "");
    render(f, report, colours);
  } catch (e) {
    if (!current()) return;
    // Figures of another period must not stay under the new dates.
    destroyCharts();
    f.result.replaceChildren();
    // Next to the date the relay names, else at the top.
    const field = e instanceof RequestFailed ? e.param("field") : undefined;
    const target = field === "from" || field === "to" ? f.errors[field] : f.message;
    if (target !== f.message) say(f.message, "", "");
    say(target, explain(e, { form: "report" }), "error");
  } finally {
    if (current()) f.show.disabled = false;
  }
}

function periodForm(message: HTMLElement, result: HTMLElement): [HTMLFormElement, Form] {
  const form = el("form", undefined, "report-period card-box");
  form.id = "report-period";
  form.noValidate = true;
  const fields = el("div", undefined, "period-fields");
  const inputs = {} as { from: HTMLInputElement; to: HTMLInputElement };
  const errors = { from: messageSpan("report-error-from"), to: messageSpan("report-error-to") };
  for (const name of ["from", "to"] as const) {
    const input = el("input");
    input.type = "date";
    input.id = `report-${name}`;
    const label = el("label", t(`reports.${name}`));
    label.htmlFor = input.id;
    const field = el("div", undefined, "period-field");
    field.append(label, input, errors[name]);
    fields.append(field);
    inputs[name] = input;
  }
  const submit = el("button", t("reports.show"), "primary");
  submit.type = "submit";
  submit.id = "report-show";
  const actions = el("div", undefined, "period-actions");
  actions.append(submit);
  const f: Form = { ...inputs, show: submit, errors, message, result };
  const set = (p: Period) => {
    f.from.value = p.from;
    f.to.value = p.to;
  };
  for (const [id, word, period] of [
    ["report-this-month", "reports.this_month", thisMonth],
    ["report-last-month", "reports.last_month", lastMonth],
  ] as const) {
    const b = el("button", t(word));
    b.type = "button";
    b.id = id;
    // A quick period is shown at once: choosing it is the whole question.
    b.addEventListener("click", () => {
      set(period());
      void show(f);
    });
    actions.append(b);
  }
  fields.append(actions);
  form.append(fields);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void show(f);
  });
  set(thisMonth());
  return [form, f];
}

export async function loadReports(root: HTMLElement) {
  destroyCharts();
  const message = pageMessage("reports");
  say(message, "", "");
  const result = el("div", undefined, "report-result");
  result.id = "report-result";
  const [form, f] = periodForm(message, result);
  root.replaceChildren(el("h2", t("reports.title")), el("p", t("reports.intro"), "muted"), form, message, result);
  await show(f);
}
