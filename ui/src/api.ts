// The app's commands and events: thin typed wrappers over Tauri's IPC. Every payload type comes
// from ./bindings, generated from the Rust types (see crates/app-core/tests/ts_bindings.rs).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import type { Agent } from "./bindings/Agent";
import type { CardView } from "./bindings/CardView";
import type { Overview } from "./bindings/Overview";
import type { Settings } from "./bindings/Settings";
import type { ContactEntry } from "./bindings/ContactEntry";
import type { DialerState } from "./bindings/DialerState";
import type { PlayerView } from "./bindings/PlayerView";
import type { Words } from "./bindings/Words";
import type { UiLanguage } from "./bindings/UiLanguage";
import type { Board } from "./bindings/Board";
import type { HistoryQuery } from "./bindings/HistoryQuery";
import type { HistoryView } from "./bindings/HistoryView";
import type { JournalView } from "./bindings/JournalView";

export const getOverview = () => invoke<Overview>("get_overview");

/** Checks the relay URL and token against the relay, then saves them (the token to the keyring). */
export const saveSettings = (settings: Settings, token: string | null) =>
  invoke<Agent>("save_settings", { settings, token });

/** The settings' language menu (null: the system's); every window then reloads in it. */
export const setLanguage = (language: string | null) => invoke<UiLanguage>("set_language", { language });

export const setDoNotDisturb = (on: boolean) => invoke<Overview>("set_do_not_disturb", { on });

/** The card this window shows; null for a spare window not yet given a call. */
export const myCard = () => invoke<CardView | null>("my_card");

export const createContact = (callId: number, name: string, company: string) =>
  invoke<void>("create_contact", { callId, name, company });

/** The blacklist button: `phone` digits-only E.164. */
export const setBlacklisted = (phone: string, blacklisted: boolean) =>
  invoke<void>("set_blacklisted", { phone, blacklisted });

export const dismissCard = (callId: number) => invoke<void>("dismiss_card", { callId });

/** Queues an outcome click (delivered to the relay as soon as it is reachable). */
export const logOutcome = (callId: number, code: string, note: string | null) =>
  invoke<void>("log_outcome", { callId, code, note });

/** Dials a number in any human format, or a tel:/callto:/sip: link. Answers what happens next. */
export const dial = async (number: string): Promise<string> => say(await invoke<Words>("dial", { number }));

export const openDialer = (number: string | null) => invoke<void>("open_dialer", { number });

export const getDialerState = () => invoke<DialerState>("get_dialer_state");

export const searchContacts = (query: string) => invoke<ContactEntry[]>("search_contacts", { query });

/** One page of the history search (pass the previous page's `next_before` as `before`). */
export const searchHistory = (query: HistoryQuery) => invoke<HistoryView>("search_history", { query });

/** A client's journal: `phone` digits-only E.164. */
export const clientJournal = (phone: string) => invoke<JournalView>("client_journal", { phone });

/** The supervisor's live board. */
export const teamBoard = () => invoke<Board>("team_board");

export const playRecording = (callId: number) => invoke<void>("play_recording", { callId });

export const playerControl = (action: "play" | "pause" | "stop" | "seek" | "speed", value: number | null = null) =>
  invoke<PlayerView>("player_control", { action, value });

export const getPlayer = () => invoke<PlayerView>("get_player");

/** Every change of the recording player, sent by Rust to all windows. */
export const onPlayerChanged = (f: (view: PlayerView) => void): Promise<UnlistenFn> =>
  listen<PlayerView>("player-changed", (e) => f(e.payload));

export const onDialerChanged = (f: () => void): Promise<UnlistenFn> =>
  getCurrentWebviewWindow().listen("dialer-changed", () => f());

/** The main window refreshes its overview when Rust says something changed. */
export const onOverviewChanged = (f: () => void): Promise<UnlistenFn> => listen("overview-changed", () => f());

/** Updates for the card shown in this window. */
export const onCardChanged = (f: (card: CardView) => void): Promise<UnlistenFn> =>
  getCurrentWebviewWindow().listen<CardView>("card-changed", (e) => f(e.payload));

/** This card window is given back: the page reloads blank to wait for its next call. */
export const onCardReleased = (f: () => void): Promise<UnlistenFn> =>
  getCurrentWebviewWindow().listen("card-released", () => f());

/** Words from Rust (a code, its parameters, and the text in the language the app speaks, which
 * Rust words from the same catalogue as the windows) as text. */
export const say = (words: Words): string => words.message;

const isWords = (e: unknown): e is Words =>
  typeof e === "object" && e !== null && "code" in e && typeof (e as { message?: unknown }).message === "string";

/** A failed command's error as text: commands fail with `Words`; a string or an Error is shown as is. */
export const message = (e: unknown): string =>
  typeof e === "string" ? e : isWords(e) ? say(e) : e instanceof Error ? e.message : String(e);
