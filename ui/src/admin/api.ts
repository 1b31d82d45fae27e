// The admin console's HTTP API (`/api/v1/admin/…`, same origin). The session is an HttpOnly
// cookie the page never sees; every change carries the session's CSRF token in `X-CSRF-Token`.
// Failed requests throw `RequestFailed` (the relay's ApiError) or `Unreachable`.
import type { AdminContact } from "../bindings/AdminContact";
import type { AdminOutcome } from "../bindings/AdminOutcome";
import type { AdminSession } from "../bindings/AdminSession";
import type { Agent } from "../bindings/Agent";
import type { AgentAdded } from "../bindings/AgentAdded";
import type { ApiError } from "../bindings/ApiError";
import type { FlaggedEntry } from "../bindings/FlaggedEntry";
import type { ImportReport } from "../bindings/ImportReport";
import type { Journal } from "../bindings/Journal";
import type { Board } from "../bindings/Board";
import type { LineEntry } from "../bindings/LineEntry";
import type { NewAgentRequest } from "../bindings/NewAgentRequest";
import type { OutcomeOrderRequest } from "../bindings/OutcomeOrderRequest";
import type { PbxUserEntry } from "../bindings/PbxUserEntry";
import type { ProviderCheck } from "../bindings/ProviderCheck";
import type { ProviderStatus } from "../bindings/ProviderStatus";
import type { Role } from "../bindings/Role";
import type { SaveContactRequest } from "../bindings/SaveContactRequest";
import type { SaveOutcomeRequest } from "../bindings/SaveOutcomeRequest";
import type { SetBlacklistRequest } from "../bindings/SetBlacklistRequest";
import type { SetLineRequest } from "../bindings/SetLineRequest";
import type { SetPbxUserRequest } from "../bindings/SetPbxUserRequest";
import type { SetPermissionsRequest } from "../bindings/SetPermissionsRequest";
import type { SetProviderKeysRequest } from "../bindings/SetProviderKeysRequest";
import type { SetRoleRequest } from "../bindings/SetRoleRequest";
import type { SetSettingRequest } from "../bindings/SetSettingRequest";
import type { Setting } from "../bindings/Setting";
import type { SignInRequest } from "../bindings/SignInRequest";
import type { TeamMember } from "../bindings/TeamMember";

const BASE = "/api/v1/admin";

/** The relay answered with an error (4xx/5xx): its code, parameters and English sentence. */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error);
  }

  get code(): string {
    return this.body.code;
  }

  param(name: string): string | undefined {
    return this.body.params[name];
  }
}

/** The relay could not be reached at all. */
export class Unreachable extends Error {}

export interface Hooks {
  /** A request found the session gone (`session_expired`, or `not_admin` after a role change). */
  sessionLost(e: RequestFailed): void;
  /** The relay refused the CSRF token: only a reload helps. */
  csrfRefused(e: RequestFailed): void;
  /** Any answer from the relay with a live session (the idle clock restarts). */
  activity(): void;
}

let hooks: Hooks = { sessionLost: () => {}, csrfRefused: () => {}, activity: () => {} };
let csrf = "";

export const setHooks = (h: Hooks) => {
  hooks = h;
};

/** The CSRF token of the signed-in session ("" when signed out). */
export const setCsrf = (token: string) => {
  csrf = token;
};

async function errorBody(res: Response): Promise<ApiError> {
  try {
    const body: unknown = await res.json();
    if (typeof body === "object" && body !== null && typeof (body as ApiError).error === "string") {
      const b = body as Partial<ApiError>;
      return { error: b.error ?? "", code: b.code ?? "unknown", params: b.params ?? {} };
    }
  } catch {
    // Not JSON (a proxy's page): worded from the status below.
  }
  return { error: `${res.status} ${res.statusText}`.trim(), code: "unknown", params: { status: String(res.status) } };
}

/** A body sent as it is with its own type (a CSV file), not as JSON. */
export class RawBody {
  constructor(
    readonly type: string,
    readonly content: Blob | string,
  ) {}
}

interface Options {
  /** The session endpoints: their 401/403 are the caller's business, not a lost session. */
  own?: boolean;
}

async function request<T>(method: string, path: string, body?: unknown, opts: Options = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = body instanceof RawBody ? body.type : "application/json";
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrf;
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      body: body === undefined ? undefined : body instanceof RawBody ? body.content : JSON.stringify(body),
    });
  } catch (e) {
    throw new Unreachable(e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const err = new RequestFailed(res.status, await errorBody(res));
    if (!opts.own) {
      if (res.status === 401 && err.code === "session_expired") hooks.sessionLost(err);
      else if (res.status === 403 && err.code === "not_admin") hooks.sessionLost(err);
      else if (res.status === 403 && err.code === "csrf_refused") hooks.csrfRefused(err);
    }
    throw err;
  }
  hooks.activity();
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

const seg = encodeURIComponent;

// The session.
export const getSession = () => request<AdminSession>("GET", "/session", undefined, { own: true });
/** Asks again whether the session lives, as any page request would (a dead one is "lost"). */
export const pingSession = () => request<AdminSession>("GET", "/session");
export const signIn = (token: string) =>
  request<AdminSession>("POST", "/session", { token } satisfies SignInRequest, { own: true });
export const signOut = () => request<void>("DELETE", "/session", undefined, { own: true });

// Switches and other runtime settings.
export const getSettings = () => request<Setting[]>("GET", "/settings");
export const putSetting = (name: string, value: string) =>
  request<Setting>("PUT", `/settings/${seg(name)}`, { value } satisfies SetSettingRequest);

// The team.
export const getAgents = () => request<TeamMember[]>("GET", "/agents");
export const addAgent = (req: NewAgentRequest) => request<AgentAdded>("POST", "/agents", req);
export const setRole = (id: number, role: Role) =>
  request<Agent>("PUT", `/agents/${id}/role`, { role } satisfies SetRoleRequest);
export const setMayBlacklist = (id: number, mayBlacklist: boolean) =>
  request<Agent>("PUT", `/agents/${id}/permissions`, { may_blacklist: mayBlacklist } satisfies SetPermissionsRequest);
export const setPbxUser = (id: number, provider: string, userId: string) =>
  request<Agent>("PUT", `/agents/${id}/pbx-users/${seg(provider)}`, { user_id: userId } satisfies SetPbxUserRequest);
export const revokeAgent = (id: number) => request<void>("POST", `/agents/${id}/revoke`);

// Telephony.
export const getProviders = () => request<ProviderStatus[]>("GET", "/providers");
export const checkProvider = (id: string) => request<ProviderCheck>("POST", `/providers/${seg(id)}/check`);
export const getProviderUsers = (id: string) => request<PbxUserEntry[]>("GET", `/providers/${seg(id)}/users`);
/** Only the keys named change; an empty value takes the console's away. */
export const setProviderKeys = (id: string, values: { [name: string]: string }) =>
  request<ProviderStatus>("PUT", `/providers/${seg(id)}/keys`, { values } satisfies SetProviderKeysRequest);

// Contacts.
export const searchContacts = (q: string, limit: number) =>
  request<AdminContact[]>("GET", `/contacts?q=${seg(q)}&limit=${limit}`);
export const saveContact = (req: SaveContactRequest) => request<AdminContact>("POST", "/contacts", req);
export const setBlacklisted = (phone: string, blacklisted: boolean) =>
  request<AdminContact>("PUT", `/contacts/${seg(phone)}/blacklist`, { blacklisted } satisfies SetBlacklistRequest);
/** The file's bytes as they are: the relay reads them (UTF-8) and says which rows it cannot. */
export const importContacts = (csv: Blob) =>
  request<ImportReport>("POST", "/contacts/import", new RawBody("text/csv", csv));

// Lines: set and remove answer with the whole list, or nothing.
export const getBoard = () => request<Board>("GET", "/board");

/** A client's journal: every call with the number, every manager's. */
export const getJournal = (phone: string) => request<Journal>("GET", `/contacts/${encodeURIComponent(phone)}/calls?limit=200`);
export const getLines = () => request<LineEntry[]>("GET", "/lines");
export const setLine = (did: string, label: string) =>
  request<LineEntry[]>("PUT", `/lines/${seg(did)}`, { label } satisfies SetLineRequest);
export const removeLine = (did: string) => request<void>("DELETE", `/lines/${seg(did)}`);

// Outcomes.
export const getOutcomes = () => request<AdminOutcome[]>("GET", "/outcomes");
/** Adds `code` (last) or changes it in its place, offering it again if it was retired. */
export const saveOutcome = (code: string, label: string, colour: string, converts: boolean | null = null) =>
  request<AdminOutcome>("PUT", `/outcomes/${seg(code)}`, { label, colour, order: null, converts } satisfies SaveOutcomeRequest);
export const orderOutcomes = (codes: string[]) =>
  request<AdminOutcome[]>("PUT", "/outcomes/order", { codes } satisfies OutcomeOrderRequest);
export const retireOutcome = (code: string) => request<void>("POST", `/outcomes/${seg(code)}/retire`);

// Webhooks with problems.
export const getFlagged = (limit: number) => request<FlaggedEntry[]>("GET", `/webhooks/flagged?limit=${limit}`);
