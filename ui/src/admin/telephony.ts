// The Telephony page: per provider, what is configured, its keys (entered here or from the config
// file), the webhook URLs to paste into the PBX's cabinet, a key check, and what the relay has
// received.
import type { ProviderCheck } from "../bindings/ProviderCheck";
import type { ProviderKey } from "../bindings/ProviderKey";
import type { ProviderStatus } from "../bindings/ProviderStatus";
import type { WebhookTally } from "../bindings/WebhookTally";
import { el } from "../format";
import { checkProvider, getProviders, setProviderKeys } from "./api";
import { explain } from "./errors";
import { copyButton, Latest, messageSpan, pageMessage, providerName, readOnlyField, say, when } from "./view";
import { known, l10n, t } from "./words";

const latest = new Latest();

/** An account's balance in the language's way (12,50 in ru, uk, pt and fr). */
const money = new Intl.NumberFormat(l10n.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function checkText(c: ProviderCheck): string {
  const parts = [t("telephony.keys_work")];
  parts.push(
    c.balance === null
      ? t("telephony.no_balance")
      : t("telephony.balance", { amount: c.currency ? `${money.format(c.balance)} ${c.currency}` : money.format(c.balance) }),
  );
  if (c.users !== null) parts.push(t("telephony.users", { count: c.users }));
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

function keyName(name: string): string {
  const key = known(`telephony.key.${name}`);
  return key ? t(key) : name;
}

function keySource(k: ProviderKey, cleared: boolean): string {
  if (cleared) return t("telephony.key_cleared");
  const key = known(`telephony.key_source.${k.source}`);
  return key ? t(key) : "";
}

/** One key's field. A secret is never shown back (its field starts empty); a plain one shows its
 * value. Only what the admin types (or clears) is sent. */
function keyField(providerId: string, k: ProviderKey, grid: HTMLElement): () => [string, string] | null {
  const id = `key-${providerId}-${k.name}`;
  const input = el("input", undefined, "key-input");
  input.id = id;
  input.type = k.secret ? "password" : "text";
  // Not the browser's saved passwords (the admin token): these belong to the PBX.
  input.autocomplete = k.secret ? "new-password" : "off";
  input.spellcheck = false;
  if (!k.secret) input.value = k.value ?? "";
  if (k.secret && k.source !== "unset") input.placeholder = t("telephony.key_replace");
  const label = el("label", keyName(k.name));
  label.htmlFor = id;
  const source = el("span", keySource(k, false), "source muted small");
  source.id = `key-source-${providerId}-${k.name}`;
  source.dataset.source = k.source;
  let typed = false;
  let cleared = false;
  input.addEventListener("input", () => {
    typed = true;
    if (cleared) {
      cleared = false;
      source.textContent = keySource(k, false);
    }
  });
  const cell = el("span", undefined, "key-clear");
  // Only the console's own value can be taken away; the file's stays until the file changes.
  if (k.source === "store") {
    const clear = el("button", t("telephony.key_clear"));
    clear.type = "button";
    clear.id = `key-clear-${providerId}-${k.name}`;
    clear.addEventListener("click", () => {
      input.value = "";
      typed = false;
      cleared = true;
      source.textContent = keySource(k, true);
    });
    cell.append(clear);
  }
  grid.append(label, input, source, cell);
  return () => {
    if (cleared) return [k.name, ""];
    const value = input.value.trim();
    return typed && value !== "" ? [k.name, value] : null;
  };
}

/** The provider's keys, saved together; the answer redraws the provider. */
function keysForm(p: ProviderStatus, note: string): HTMLFormElement {
  const form = el("form", undefined, "keys");
  form.id = `keys-${p.id}`;
  form.noValidate = true;
  const grid = el("div", undefined, "keys-grid");
  const fields = (p.keys ?? []).map((k) => keyField(p.id, k, grid));
  const save = el("button", t("telephony.keys_save"));
  save.type = "submit";
  save.id = `keys-save-${p.id}`;
  const result = messageSpan(`keys-result-${p.id}`);
  if (note) say(result, note, "ok");
  const actions = el("div", undefined, "form-actions");
  actions.append(save, result);
  form.append(el("h4", t("telephony.keys")), grid, actions);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries(fields.map((f) => f()).filter((v) => v !== null));
    if (Object.keys(values).length === 0) {
      say(result, t("telephony.keys_nothing"), "error");
      return;
    }
    save.disabled = true;
    say(result, t("setting.saving"), "pending");
    try {
      const status = await setProviderKeys(p.id, values);
      document.getElementById(`provider-${p.id}`)?.replaceWith(providerSection(status, t("telephony.keys_saved")));
    } catch (e) {
      say(result, explain(e), "error");
      save.disabled = false;
    }
  });
  return form;
}

/** A provider's box; `keysNote` is said under its keys (after they were saved). */
function providerSection(p: ProviderStatus, keysNote = ""): HTMLElement {
  const section = el("section", undefined, "provider card-box");
  section.id = `provider-${p.id}`;
  section.dataset.provider = p.id;
  section.append(el("h3", providerName(p.id)));

  const api = fact(p.api_configured, t("telephony.api_set"), t("telephony.api_unset"));
  api.id = `api-configured-${p.id}`;
  const hooks = fact(p.webhooks_configured, t("telephony.webhooks_set"), t("telephony.webhooks_unset"));
  hooks.id = `webhooks-configured-${p.id}`;
  section.append(api, hooks);
  if ((p.keys ?? []).length > 0) section.append(keysForm(p, keysNote));

  section.append(el("h4", t("telephony.urls")));
  if (p.webhook_urls.length === 0) section.append(el("p", t("telephony.no_urls"), "muted"));
  const urls = el("div", undefined, "webhook-urls");
  for (const u of p.webhook_urls) {
    // The cabinet's own name of the field (data), or ours for the URL that takes every event.
    const label = el("label", u.event === "all" ? t("telephony.all_events") : u.event, "event");
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
    root.replaceChildren(head, message, ...providers.map((p) => providerSection(p)));
  } catch (e) {
    if (current()) say(message, explain(e), "error");
  }
}
