// The history search of the main window: calls beyond today by name, company or number,
// filtered by days, direction, missed, outcome and (for supervisors) agent, a page at a time.
import { message, searchHistory } from "./api";
import type { Direction } from "./bindings/Direction";
import type { HistoryQuery } from "./bindings/HistoryQuery";
import type { HistoryView } from "./bindings/HistoryView";
import type { Overview } from "./bindings/Overview";
import { byId, el } from "./format";
import { t } from "./words";
import { pastCallRow, type RowContext } from "./rows";

const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim() || null;

/** A filter's choices: "any" first, then `[value, label]`s; what was chosen stays chosen. */
function fillSelect(id: string, any: string, choices: [string, string][]) {
  const select = byId<HTMLSelectElement>(id);
  const chosen = select.value;
  const first = el("option", any);
  first.value = "";
  select.replaceChildren(
    first,
    ...choices.map(([value, label]) => {
      const option = el("option", label);
      option.value = value;
      return option;
    }),
  );
  select.value = chosen;
}

export class HistorySearch {
  private query: HistoryQuery | null = null;
  private shownFor = "";

  constructor(private ctx: RowContext) {
    byId("history-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      void this.search(false);
    });
    byId("history-more").addEventListener("click", () => void this.search(true));
  }

  /** Keeps the filters' choices in step with the outcome list and the agent's role. */
  show(o: Overview) {
    const stamp = JSON.stringify([o.outcomes, o.agent?.supervisor]);
    if (stamp === this.shownFor) return;
    this.shownFor = stamp;
    fillSelect("history-outcome", t("history-any-outcome"), o.outcomes.map((opt) => [opt.code, opt.label]));
    byId("history-agent-label").hidden = !o.agent?.supervisor;
  }

  /** Agents a supervisor can filter by (from the team board). */
  setAgents(agents: { id: number; name: string }[]) {
    fillSelect("history-agent", t("history-any-agent"), agents.map((a) => [String(a.id), a.name]));
  }

  private async search(more: boolean) {
    const msg = byId("history-message");
    const missed = value("history-missed");
    const agent = value("history-agent");
    const query: HistoryQuery = more && this.query
      ? this.query
      : {
          q: value("history-q"),
          from: value("history-from"),
          to: value("history-to"),
          direction: value("history-direction") as Direction | null,
          missed: missed === null ? null : missed === "true",
          outcome: value("history-outcome"),
          agent: agent === null ? null : Number(agent),
          before: null,
        };
    msg.textContent = t("history-searching");
    msg.dataset.kind = "pending";
    try {
      const page = await searchHistory(query);
      this.render(page, more);
      this.query = { ...query, before: page.next_before };
      const shown = byId("history-calls").querySelectorAll("tbody tr").length;
      msg.textContent = t("history-found", { count: shown });
      msg.dataset.kind = "ok";
    } catch (e) {
      msg.textContent = message(e);
      msg.dataset.kind = "error";
    }
  }

  private render(page: HistoryView, more: boolean) {
    const body = byId("history-calls").querySelector("tbody")!;
    const rows = page.rows.map((c) => pastCallRow(c, this.ctx));
    if (more) body.append(...rows);
    else body.replaceChildren(...rows);
    byId("history-calls").hidden = body.childElementCount === 0;
    byId("history-more").hidden = page.next_before === null;
  }
}
