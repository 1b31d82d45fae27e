// The Telephony page: per provider, what is configured, the webhook URLs to paste into the PBX's
// cabinet, a key check, and what the relay has received.
import type { ProviderCheck } from "../bindings/ProviderCheck";
import type { ProviderStatus } from "../bindings/ProviderStatus";
import type { WebhookTally } from "../bindings/WebhookTally";
import { el } from "../format";
import { checkProvider, getProviders } from "./api";
import { explain } from "./errors";
import { copyButton, Latest, messageSpan, pageMessage, providerName, readOnlyField, say, when } from "./view";
import { t } from "./words";

const latest = new Latest();

export function checkText(c: ProviderCheck): string {
  const parts = [t("telephony.keys_work")];
  parts.push(
    c.balance === null
      ? t("telephony.no_balance")
      : t("telephony.balance", { amount: c.currency ? `${c.balance.toFixed(2)} ${c.currency}` : c.balance.toFixed(2) }),
  );
  if (c.users !== null) parts.push(t(c.users === 1 ? "telephony.users.one" : "telephony.users.other", { count: c.users }));
  return parts.join(" ");
}

export function tallyText(w: WebhookTally): string {
  if (w.last_at === null && w.count === 0) return t("telephony.tally_none");
  const counts = { count: w.count, flagged: w.flagged };
  return w.last_at === null ? t("telephony.tally_no_time", counts) : t("telephony.tally", { ...counts, when: when(w.last_at) });
}

function fact(ok: boolean, yes: string, no: string): HTMLElement {
  const p = el("p", ok ? yes : no, "fact");
  p.dataset.ok = ok ? "yes" : "no";
  return p;
}

function providerSection(p: ProviderStatus): HTMLElement {
  const section = el("section", undefined, "provider card-box");
  section.id = `provider-${p.id}`;
  section.dataset.provider = p.id;
  section.append(el("h3", providerName(p.id)));

  const api = fact(p.api_configured, t("telephony.api_set"), t("telephony.api_unset"));
  api.id = `api-configured-${p.id}`;
  const hooks = fact(p.webhooks_configured, t("telephony.webhooks_set"), t("telephony.webhooks_unset"));
  hooks.id = `webhooks-configured-${p.id}`;
  section.append(api, hooks);

  section.append(el("h4", t("telephony.urls")));
  if (p.webhook_urls.length === 0) section.append(el("p", t("telephony.no_urls"), "muted"));
  const urls = el("div", undefined, "webhook-urls");
  for (const u of p.webhook_urls) {
    const label = el("label", u.event, "event");
    const input = readOnlyField(`webhook-url-${p.id}-${u.event}`, u.url);
    label.htmlFor = input.id;
    urls.append(label, input, copyButton(`copy-${p.id}-${u.event}`, input));
  }
  section.append(urls);
  if (p.webhook_urls.some((u) => u.url.includes("{secret}"))) section.append(el("p", t("telephony.secret_hint"), "muted hint"));

  const check = el("div", undefined, "check");
  const button = el("button", t("telephony.check"));
  button.type = "button";
  button.id = `check-${p.id}`;
  const result = messageSpan(`check-result-${p.id}`);
  button.addEventListener("click", async () => {
    button.disabled = true;
    say(result, t("telephony.checking"), "pending");
    try {
      say(result, checkText(await checkProvider(p.id)), "ok");
    } catch (e) {
      say(result, explain(e), "error");
    } finally {
      button.disabled = false;
    }
  });
  check.append(button, result);
  section.append(check);

  const tally = el("p", undefined, "tally");
  const text = el("span", tallyText(p.webhooks));
  text.id = `tally-${p.id}`;
  tally.append(text);
  if (p.webhooks.flagged > 0) {
    const link = el("a", t("telephony.see_flagged"));
    link.href = "#flagged";
    tally.append(" · ", link);
  }
  section.append(tally);
  return section;
}

export async function loadTelephony(root: HTMLElement) {
  const current = latest.next();
  const message = pageMessage("telephony");
  const refresh = el("button", t("app.refresh"), "refresh");
  refresh.type = "button";
  refresh.id = "refresh-telephony";
  refresh.addEventListener("click", () => void loadTelephony(root));
  const head = el("div", undefined, "page-head");
  head.append(el("h2", t("telephony.title")), refresh);
  if (!root.hasChildNodes()) root.append(head, message);
  else root.querySelector(".page-message")?.replaceWith(message);
  try {
    const providers = await getProviders();
    if (!current()) return;
    say(message, providers.length ? "" : t("telephony.none"), "");
    root.replaceChildren(head, message, ...providers.map(providerSection));
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
