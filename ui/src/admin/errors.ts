// A failed request in words: from the relay's error code and parameters, never from its English
// sentence (shown only for codes this version does not know).
import { RequestFailed, Unreachable } from "./api";
import { providerName } from "./view";
import { known, t, type WordKey } from "./words";

/** Codes worded straight from the catalogue (`error.<code>`), with the error's parameters. */
const PLAIN: ReadonlySet<string> = new Set([
  "not_admin",
  "unknown_setting",
  "no_such_agent",
  "unknown_provider",
  "bad_role",
  "not_configured",
  "pbx_no_money",
  "storage_unavailable",
]);

/** A parameter, or the relay's sentence when it sent none. */
function detail(e: RequestFailed): string {
  return e.param("detail") || e.body.error;
}

/** What a page knows that the error only names by id. */
export interface Context {
  /** An agent's name from its id (`pbx_user_taken` names the holder by id). */
  agentName?: (id: string) => string | undefined;
}

function fieldRequired(e: RequestFailed): string {
  const field = e.param("field") ?? "";
  if (field === "name") return t("error.field_required.name");
  if (field === "pbx_users") return t("error.field_required.pbx_users");
  if (field === "user_id") return t("error.field_required.user_id");
  if (field.startsWith("pbx_users.")) return t("error.field_required.pbx_user", { provider: providerName(field.slice(10)) });
  return field ? t("error.field_required", { field }) : e.body.error;
}

export function explain(e: unknown, context: Context = {}): string {
  if (e instanceof Unreachable) return t("app.unreachable");
  if (!(e instanceof RequestFailed)) return e instanceof Error ? e.message : String(e);
  const params = e.body.params;
  switch (e.code) {
    case "invalid_token":
      return t("signin.invalid_token");
    case "missing_token":
      return t("signin.missing_token");
    case "session_expired":
      return t("signin.session_ended");
    case "csrf_refused":
      return t("app.csrf_refused");
    case "bad_setting":
      return t("error.bad_setting", { detail: detail(e) });
    case "pbx_user_taken": {
      const provider = params.provider ? providerName(params.provider) : "";
      if (!params.agent) return t("error.pbx_user_taken_twice", { ...params, provider });
      const agent = context.agentName?.(params.agent) ?? t("error.agent_number", { id: params.agent });
      return t("error.pbx_user_taken", { ...params, provider, agent });
    }
    case "field_required":
      return fieldRequired(e);
    case "field_too_long":
      return t("error.field_too_long", { ...params, field: params.field ?? "text" });
    case "bad_body":
    case "pbx_refused":
    case "pbx_bad_answer":
      return t(`error.${e.code}`, { detail: detail(e) });
    case "pbx_unreachable":
      return params.detail ? t("error.pbx_unreachable_detail", { detail: params.detail }) : t("error.pbx_unreachable");
    case "pbx_rate_limited":
      return params.retry_after_secs
        ? t("error.pbx_rate_limited", params)
        : t("error.pbx_rate_limited_soon");
  }
  const key: WordKey | null = PLAIN.has(e.code) ? known(`error.${e.code}`) : null;
  if (key) return t(key, params);
  return e.body.error || t("error.status", { status: e.status });
}
