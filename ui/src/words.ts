// The desktop app's words: the catalogue of the language the app speaks, which the Rust side
// chooses (the settings' language, else the system's) so that windows, tray and notifications
// say the same. Every window waits for it before its first word, and reloads when it changes.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AppMessageId } from "./messages/AppMessageId";
import type { UiLanguage } from "./bindings/UiLanguage";
import { byLanguage, Catalogue, isLanguage, type Args } from "./l10n";

const files = import.meta.glob<string>("../locales/*/app.ftl", { query: "?raw", import: "default", eager: true });

export const language: UiLanguage = await invoke<UiLanguage>("ui_language");

export const l10n = new Catalogue(
  byLanguage(files),
  isLanguage(language.language) ? language.language : "en",
  language.locale,
);

/** The text of a message of the app's catalogue. */
export const t = (id: AppMessageId, args?: Args): string => l10n.format(id, args);

/** An attribute (`title`, `placeholder`) of a message of the app's catalogue. */
export const attr = (id: AppMessageId, name: "title" | "placeholder", args?: Args): string =>
  l10n.attribute(id, name, args);

l10n.localize(document);
// A change while this page loaded (a spare card window) comes before the listener: ask again
// once it listens.
void listen("language-changed", () => location.reload())
  .then(() => invoke<UiLanguage>("ui_language"))
  .then((now) => {
    if (now.language !== language.language || now.locale !== language.locale) location.reload();
  });
