// Every word the admin console shows, in one catalogue (English), so it can be translated later.
// The wire carries codes and parameters; the console words them here. `{name}` in a text is
// replaced by the parameter of that name (left as it is when there is none).

export const words = {
  // The page and its header.
  "app.title": "Callcard admin",
  "app.signed_in_as": "Signed in as {name}",
  "app.sign_out": "Sign out",
  "app.loading": "Loading…",
  "app.reload": "Reload",
  "app.refresh": "Refresh",
  "app.csrf_refused": "The relay refused a change from this page (its session check failed). Reload the page.",
  "app.unreachable": "Could not reach the relay. Check that it is running, then try again.",
  "nav.telephony": "Telephony",
  "nav.team": "Team",
  "nav.switches": "Switches",
  "nav.flagged": "Webhooks with problems",

  // Sign in.
  "signin.title": "Sign in to the Callcard admin console",
  "signin.token": "Admin token",
  "signin.token_placeholder": "cc_…",
  "signin.hint": "Use an admin's token (made with callcard-relay agent add … --admin).",
  "signin.submit": "Sign in",
  "signin.pending": "Signing in…",
  "signin.empty": "Paste your admin token.",
  "signin.invalid_token": "This token is not valid, or it was revoked.",
  "signin.missing_token": "Paste your admin token.",
  "signin.session_ended": "Your session ended; sign in again.",
  "signin.signed_out": "You are signed out.",
  "signin.lost_admin": "This token is no longer an admin's; sign in with an admin's token.",
  "not_admin.title": "Not an admin",
  "not_admin.named": "This token belongs to {name}, {role}, not an admin.",
  "not_admin.unnamed": "This token belongs to {role}, not an admin.",
  "not_admin.ask": "Ask an administrator for an admin's token, or to make you an admin on the console's Team page.",
  "not_admin.role.agent": "an agent",
  "not_admin.role.supervisor": "a supervisor",
  "not_admin.role.other": "someone who is not an admin",

  // Roles.
  "role.agent": "Agent",
  "role.supervisor": "Supervisor",
  "role.admin": "Admin",
  "role.unknown": "Unknown role",

  // Providers.
  "provider.zadarma": "Zadarma",
  "provider.itoolabs": "ITooLabs / MegaFon",
  "provider.uis": "UIS / CoMagic",
  "provider.ringostat": "Ringostat",

  // Telephony.
  "telephony.title": "Telephony",
  "telephony.none": "The relay reports no providers.",
  "telephony.api_set": "API keys are set.",
  "telephony.api_unset": "API keys are not set: click-to-call, balance and user lists do not work.",
  "telephony.webhooks_set": "The webhook secret is set: webhooks are verified.",
  "telephony.webhooks_unset": "The webhook secret is not set.",
  "telephony.urls": "Webhook URLs to paste into the PBX's cabinet",
  "telephony.no_urls": "No webhook URLs.",
  "telephony.secret_hint": "Replace {secret} with the webhook secret from the relay's configuration (it is never shown here).",
  "telephony.copy": "Copy",
  "telephony.copied": "Copied",
  "telephony.copy_manually": "Selected: press Ctrl+C",
  "telephony.check": "Check keys",
  "telephony.checking": "Checking…",
  "telephony.keys_work": "Keys work.",
  "telephony.balance": "Balance: {amount}.",
  "telephony.no_balance": "The PBX reports no balance.",
  "telephony.users.one": "{count} user.",
  "telephony.users.other": "{count} users.",
  "telephony.tally": "Last webhook: {when}, {count} received, {flagged} flagged",
  "telephony.tally_no_time": "{count} received, {flagged} flagged",
  "telephony.tally_none": "No webhooks received yet",
  "telephony.see_flagged": "See the flagged ones",

  // Team.
  "team.title": "Team",
  "team.show_revoked": "Show revoked agents ({count})",
  "team.col.name": "Name",
  "team.col.role": "Role",
  "team.col.actions": "",
  "team.you": "(you)",
  "team.added": "added {when}",
  "team.revoked_at": "revoked {when}",
  "team.none": "No agents yet. Add the first one below.",
  "team.pbx_none": "— none —",
  "team.pbx_missing": "{id} (not on the PBX)",
  "team.pbx_placeholder": "user id",
  "team.users_failed": "Could not list {provider}'s users: {error}",
  "team.revoke": "Revoke",
  "team.revoke_confirm": "Revoke {name}'s token? They are signed out at once and cannot sign in with it again.",
  "team.revoke_confirm_self": "Revoke your own token? You are signed out of this console at once.",
  "team.revoke_yes": "Revoke",
  "team.revoke_no": "Cancel",
  "team.demote_self": "Change your own role? You will no longer be able to use this console.",
  "team.saved": "Saved",
  "team.add.title": "Add an agent",
  "team.add.name": "Name",
  "team.add.role": "Role",
  "team.add.pbx": "User on {provider} (optional)",
  "team.add.submit": "Add agent",
  "team.add.pending": "Adding…",
  "team.add.empty_name": "Enter the agent's name.",
  "team.token.title": "{name} was added. Their token:",
  "team.token.warning": "Copy it now and give it to {name}: it will not be shown again. They paste it into the Callcard app.",
  "team.token.copy": "Copy",
  "team.token.done": "Done, I have copied it",

  // Switches.
  "switches.title": "Switches",
  "switch.auto_create_contacts": "Create a contact for every new number",
  "switch.route_to_responsible": "Route known callers to their responsible manager",
  "switch.caller_name_on_phone": "Show the caller's name on the IP phone",
  "switch.missed_call_reminders": "Missed calls become reminders",
  "switch.blacklist": "Turn away blacklisted numbers",
  "setting.default_responsible": "Who gets reminders of callers without a responsible manager",
  "setting.nobody": "Nobody (supervisors see such reminders)",
  "setting.not_active": "{value} (not an active agent)",
  "setting.saving": "Saving…",
  "source.store": "set here",
  "source.config": "from the config file",
  "source.default": "default",
  "source.unknown": "",

  // Webhooks with problems.
  "flagged.title": "Webhooks with problems",
  "flagged.intro": "Verified webhooks with parts the relay could not read (the last {limit}). They were stored and applied as far as possible.",
  "flagged.none": "No webhooks with problems.",
  "flagged.col.time": "Received",
  "flagged.col.provider": "Provider",
  "flagged.col.event": "Event",
  "flagged.col.problems": "Problems",
  "flagged.col.fields": "Fields",
  "flagged.show_fields": "Show the fields",

  // Errors, by code (see errors.ts).
  "error.not_admin": "This needs an admin's token.",
  "error.unknown_setting": "The relay has no setting named {name}.",
  "error.bad_setting": "Not saved: {detail}",
  "error.no_such_agent": "That agent does not exist any more, or was revoked.",
  "error.unknown_provider": "The relay knows no provider {provider}.",
  "error.pbx_user_taken": "User {user_id} on {provider} already belongs to {agent}.",
  "error.bad_role": "The relay does not know the role {role}.",
  "error.pbx_user_taken_twice": "User {user_id} on {provider} is given twice.",
  "error.agent_number": "agent #{id}",
  "error.field_required": "Fill in the {field}.",
  "error.field_required.name": "Enter the agent's name.",
  "error.field_required.pbx_users": "An agent needs a user on at least one PBX (supervisors and admins may have none).",
  "error.field_required.user_id": "An agent must keep a user on at least one PBX: give another one first.",
  "error.field_required.pbx_user": "The user id on {provider} is empty.",
  "error.field_too_long": "The {field} is too long (at most {max} characters).",
  "error.bad_body": "The relay could not read the request: {detail}",
  "error.not_configured": "API keys are not set.",
  "error.pbx_refused": "The PBX refused the keys: {detail}",
  "error.pbx_unreachable": "Could not reach the PBX.",
  "error.pbx_unreachable_detail": "Could not reach the PBX: {detail}",
  "error.pbx_bad_answer": "The PBX answered something unusable: {detail}",
  "error.pbx_rate_limited": "The PBX is limiting requests; try again in {retry_after_secs} s.",
  "error.pbx_rate_limited_soon": "The PBX is limiting requests; try again shortly.",
  "error.pbx_no_money": "The PBX account is out of money.",
  "error.storage_unavailable": "The relay's storage is unavailable; try again later.",
  "error.status": "The relay answered {status}.",
} as const;

export type WordKey = keyof typeof words;

export type Params = { [name: string]: string | number | undefined };

/** The text of `key`, its `{name}`s replaced by `params`. */
export function t(key: WordKey, params: Params = {}): string {
  return words[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** A catalogue key made at run time (a code from the wire): null when the catalogue has none. */
export function known(key: string): WordKey | null {
  return Object.prototype.hasOwnProperty.call(words, key) ? (key as WordKey) : null;
}

/** Fills every `data-word` element's text (and `data-word-placeholder` inputs) of the page. */
export function applyWords(root: ParentNode) {
  for (const e of root.querySelectorAll<HTMLElement>("[data-word]")) {
    const key = known(e.dataset.word ?? "");
    if (key) e.textContent = t(key);
  }
  for (const e of root.querySelectorAll<HTMLInputElement>("[data-word-placeholder]")) {
    const key = known(e.dataset.wordPlaceholder ?? "");
    if (key) e.placeholder = t(key);
  }
}
