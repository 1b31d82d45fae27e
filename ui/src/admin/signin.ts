// The sign-in form: an admin's token in, an admin session out. A token of an agent or a
// supervisor gets its own panel (it is valid, just not an admin's).
import type { AdminSession } from "../bindings/AdminSession";
import { byId } from "../format";
import { RequestFailed, signIn } from "./api";
import { explain } from "./errors";
import { say } from "./view";
import { t, type WordKey } from "./words";

const form = byId<HTMLFormElement>("sign-in-form");
const token = byId<HTMLInputElement>("token");
const button = byId<HTMLButtonElement>("sign-in");
const error = byId("sign-in-error");
const notice = byId("sign-in-notice");
const notAdmin = byId("not-admin");

function whoItIs(role: string | undefined): string {
  const key: WordKey =
    role === "agent" ? "not_admin.role.agent" : role === "supervisor" ? "not_admin.role.supervisor" : "not_admin.role.other";
  return t(key);
}

/** "This token belongs to Anna, an agent, not an admin." from the error's `role` and `name`. */
export function notAdminText(params: { [key in string]?: string }): string {
  const role = whoItIs(params.role);
  return params.name ? t("not_admin.named", { name: params.name, role }) : t("not_admin.unnamed", { role });
}

/** Shows the form, empty, with `message` above it (why the user is here again), or `problem`
 * as the form's error. */
export function showSignIn(message: string | null, problem: string | null = null) {
  byId("signin-view").hidden = false;
  token.value = "";
  button.disabled = false;
  notice.textContent = message ?? "";
  notice.hidden = !message;
  say(error, problem ?? "", problem ? "error" : "");
  notAdmin.hidden = true;
  token.focus();
}

export function hideSignIn() {
  byId("signin-view").hidden = true;
  token.value = "";
}

export function initSignIn(signedIn: (s: AdminSession) => void) {
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const value = token.value.trim();
    notAdmin.hidden = true;
    if (!value) {
      say(error, t("signin.empty"), "error");
      token.focus();
      return;
    }
    button.disabled = true;
    say(error, t("signin.pending"), "pending");
    try {
      const session = await signIn(value);
      token.value = "";
      say(error, "", "");
      notice.hidden = true;
      signedIn(session);
    } catch (e) {
      if (e instanceof RequestFailed && e.code === "not_admin") {
        say(error, "", "");
        byId("not-admin-text").textContent = notAdminText(e.body.params);
        notAdmin.hidden = false;
        token.value = "";
      } else {
        say(error, explain(e), "error");
        token.select();
      }
    } finally {
      button.disabled = false;
    }
  });
}
