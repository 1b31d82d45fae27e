// The app's commands and events: thin typed wrappers over Tauri's IPC. Every payload type comes
// from ./bindings, generated from the Rust types (see crates/app-core/tests/ts_bindings.rs).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import type { Agent } from "./bindings/Agent";
import type { CardView } from "./bindings/CardView";
import type { Overview } from "./bindings/Overview";
import type { Settings } from "./bindings/Settings";

export const getOverview = () => invoke<Overview>("get_overview");

/** Checks the relay URL and token against the relay, then saves them (the token to the keyring). */
export const saveSettings = (settings: Settings, token: string | null) =>
  invoke<Agent>("save_settings", { settings, token });

export const setDoNotDisturb = (on: boolean) => invoke<Overview>("set_do_not_disturb", { on });

export const getCard = (callId: number) => invoke<CardView | null>("get_card", { callId });

export const createContact = (callId: number, name: string, company: string) =>
  invoke<void>("create_contact", { callId, name, company });

export const dismissCard = (callId: number) => invoke<void>("dismiss_card", { callId });

/** The main window refreshes its overview when Rust says something changed. */
export const onOverviewChanged = (f: () => void): Promise<UnlistenFn> => listen("overview-changed", () => f());

/** Updates for the card shown in this window. */
export const onCardChanged = (f: (card: CardView) => void): Promise<UnlistenFn> =>
  getCurrentWebviewWindow().listen<CardView>("card-changed", (e) => f(e.payload));

/** Errors from commands arrive as strings (the Rust side words them for people). */
export const message = (e: unknown): string => (typeof e === "string" ? e : e instanceof Error ? e.message : String(e));
