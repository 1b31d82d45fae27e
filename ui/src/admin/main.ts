// The admin console (served by the relay at /admin): signs in, then shows one page at a time —
// Telephony, Team, Contacts, Lines, Outcomes, Reports, Live board, Switches, Webhooks with problems — chosen by
// the address's #fragment.
import type { AdminSession } from "../bindings/AdminSession";
import type { Agent } from "../bindings/Agent";
import { byId } from "../format";
import { pingSession, RequestFailed, setCsrf, setHooks, signOut, getSession } from "./api";
import { loadBoard } from "./board";
import { loadContacts } from "./contacts";
import { explain } from "./errors";
import { loadFlagged } from "./flagged";
import { loadLines } from "./lines";
import { loadOutcomes } from "./outcomes";
import { hideSignIn, initSignIn, showSignIn } from "./signin";
import { loadSwitches } from "./switches";
import { forgetTeam, loadTeam } from "./team";
import { loadTelephony } from "./telephony";
import { applyWords, languageMenu, t } from "./words";

const PAGES = {
  telephony: (root: HTMLElement) => loadTelephony(root),
  team: (root: HTMLElement, me: Agent) => loadTeam(root, me),
  contacts: (root: HTMLElement) => loadContacts(root),
  lines: (root: HTMLElement) => loadLines(root),
  outcomes: (root: HTMLElement) => loadOutcomes(root),
  // Chart.js is most of the console's code: it loads with this page only.
  reports: (root: HTMLElement) => import("./reports").then((m) => m.loadReports(root)),
  board: (root: HTMLElement) => loadBoard(root),
  switches: (root: HTMLElement) => loadSwitches(root),
  flagged: (root: HTMLElement) => loadFlagged(root),
} satisfies Record<string, (root: HTMLElement, me: Agent) => Promise<void>>;

type PageName = keyof typeof PAGES;
const NAMES = Object.keys(PAGES) as PageName[];

let session: AdminSession | null = null;
let idleTimer = 0;

function banner(text: string | null, reload = false) {
  byId("banner").hidden = !text;
  byId("banner-text").textContent = text ?? "";
  byId("reload").hidden = !reload;
}

/** After the idle timeout without a request the relay has ended the session: ask once, so the
 * sign-in form shows before the next click fails (a live session just restarts the clock). */
function armIdle() {
  window.clearTimeout(idleTimer);
  if (!session) return;
  const ms = Math.min((session.idle_timeout_secs + 5) * 1000, 2 ** 31 - 1);
  idleTimer = window.setTimeout(() => void pingSession().catch(() => {}), ms);
}

function toSignIn(message: string | null, problem: string | null = null) {
  session = null;
  setCsrf("");
  window.clearTimeout(idleTimer);
  forgetTeam();
  for (const n of NAMES) {
    const root = byId(`page-${n}`);
    root.replaceChildren();
    root.hidden = true;
  }
  byId("admin-name").textContent = "";
  byId("console-view").hidden = true;
  showSignIn(message, problem);
}

function toConsole(s: AdminSession) {
  session = s;
  setCsrf(s.csrf);
  hideSignIn();
  banner(null);
  byId("admin-name").textContent = t("app.signed_in_as", { name: s.agent.name });
  byId("console-view").hidden = false;
  armIdle();
  route();
}

function currentPage(): PageName {
  const name = location.hash.replace(/^#/, "");
  return (NAMES as string[]).includes(name) ? (name as PageName) : "telephony";
}

/** Shows the page the address names and loads it afresh. */
function route() {
  if (!session) return;
  const name = currentPage();
  for (const n of NAMES) {
    byId(`page-${n}`).hidden = n !== name;
    const link = byId(`nav-${n}`);
    if (n === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // A page's code that no longer loads (the relay was upgraded under an open console): only a
  // reload helps.
  PAGES[name](byId(`page-${name}`), session.agent).catch(() => banner(t("app.page_failed"), true));
}

applyWords(document);
languageMenu(byId<HTMLSelectElement>("language"));
setHooks({
  sessionLost: (e) => {
    if (!session) return;
    toSignIn(e.code === "not_admin" ? t("signin.lost_admin") : t("signin.session_ended"));
  },
  csrfRefused: () => banner(t("app.csrf_refused"), true),
  activity: armIdle,
});
initSignIn(toConsole);
window.addEventListener("hashchange", route);
for (const n of NAMES) {
  // The link of the page already shown reloads it.
  byId(`nav-${n}`).addEventListener("click", () => {
    if (currentPage() === n && location.hash === `#${n}`) route();
  });
}
byId("reload").addEventListener("click", () => location.reload());
byId("sign-out").addEventListener("click", async () => {
  const button = byId<HTMLButtonElement>("sign-out");
  button.disabled = true;
  try {
    await signOut();
    toSignIn(t("signin.signed_out"));
  } catch (e) {
    // A session already gone is signed out all the same.
    if (e instanceof RequestFailed && e.status === 401) toSignIn(t("signin.signed_out"));
    else banner(explain(e));
  } finally {
    button.disabled = false;
  }
});

try {
  toConsole(await getSession());
} catch (e) {
  if (e instanceof RequestFailed && e.status === 401) toSignIn(null);
  else toSignIn(null, explain(e));
}
