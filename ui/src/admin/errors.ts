// A failed request in words: from the relay's error code and parameters, never from its English
// sentence (shown only for codes this version does not know).
import type { ApiError } from "../bindings/ApiError";
import { RequestFailed, Unreachable } from "./api";
import { providerName } from "./view";
import { known, t, type WordKey } from "./words";

/** Codes worded straight from the catalogue (`error.<code>`), with the error's parameters. */
const PLAIN: ReadonlySet<string> = new Set([
  "not_admin",
  "unknown_setting",
  "unknown_provider",
  "bad_role",
  "not_configured",
  "no_such_contact",
  "no_such_line",
  "no_such_outcome",
  "body_too_large",
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
  /** The form that sent the request (`contact`, `line`, `outcome`): a form's own wording of a
   * missing field wins over the team page's. */
  form?: string;
}

/** A field's name inside a sentence ("the label"); one this version does not know as it is. */
function fieldWord(field: string): string {
  const key = known(`field.${field}`);
  return key ? t(key) : field;
}

function fieldRequired(e: RequestFailed, form: string | undefined): string {
  const field = e.param("field") ?? "";
  if (form) {
    const own = known(`error.field_required.${form}.${field}`);
    if (own) return t(own);
    return field ? t("error.field_required", { field: fieldWord(field) }) : e.body.error;
  }
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
      return fieldRequired(e, context.form);
    case "field_too_long":
      return t("error.field_too_long", { ...params, field: fieldWord(params.field ?? "text") });
    case "bad_field": {
      const own = known(`error.bad_field.${params.field ?? ""}`);
      return own ? t(own, { ...params, detail: detail(e) }) : t("error.bad_field", { field: fieldWord(params.field ?? ""), detail: detail(e) });
    }
    case "bad_phone":
      return t("error.bad_phone", { detail: detail(e) });
    case "no_such_agent":
      // A contact's responsible manager is named as it was given (a login, a name…).
      return context.form === "contact" && params.agent ? t("error.no_such_agent_named", params) : t("error.no_such_agent");
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

/** A problem the relay reports inside an answer (an import's refused row), in words. */
export function explainProblem(problem: ApiError, context: Context = {}): string {
  return explain(new RequestFailed(400, problem), context);
}
