// A client's journal, opened from any call row: who they are, and every call with their number
// whichever manager had it, with outcomes, notes and the recordings this agent may play.
import { clientJournal, message } from "./api";
import type { JournalView } from "./bindings/JournalView";
import { byId, el } from "./format";
import { t } from "./words";
import { pastCallRow, type RowContext } from "./rows";
import { numberLink } from "./widgets";

function facts(j: JournalView, ctx: RowContext): HTMLElement[] {
  const parts: HTMLElement[] = [numberLink(j.number, j.phone, ctx.report)];
  const c = j.contact;
  if (c?.company) parts.push(el("span", c.company, "company"));
  if (c) parts.push(el("span", t(c.status === "lead" ? "journal-lead" : "journal-client"), c.status === "lead" ? "badge" : "client-tag"));
  if (c?.responsible) parts.push(el("span", t("journal-responsible", { name: c.responsible })));
  if (c?.blacklisted) parts.push(el("span", t("journal-blacklisted"), "blacklisted-tag"));
  parts.push(el("span", t("journal-calls", { count: j.rows.length }), "muted"));
  return parts;
}

function show(j: JournalView, ctx: RowContext) {
  byId("journal-title").textContent = j.contact?.name ?? t("journal-new-number");
  byId("journal").dataset.phone = j.phone;
  byId("journal-facts").replaceChildren(...facts(j, ctx));
  byId("journal-calls").querySelector("tbody")!.replaceChildren(...j.rows.map((c) => pastCallRow(c, ctx)));
  byId("journal-empty").hidden = j.rows.length > 0;
}

/** Opens the journal of `phone` (digits-only E.164) over the main window. */
export async function openJournal(phone: string, ctx: RowContext) {
  const dialog = byId<HTMLDialogElement>("journal");
  const msg = byId("journal-message");
  msg.textContent = t("loading");
  msg.dataset.kind = "pending";
  if (!dialog.open) dialog.showModal();
  try {
    show(await clientJournal(phone), ctx);
    msg.textContent = "";
  } catch (e) {
    msg.textContent = message(e);
    msg.dataset.kind = "error";
  }
}

byId("journal-close").addEventListener("click", () => byId<HTMLDialogElement>("journal").close());
