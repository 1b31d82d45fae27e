// The message catalogues (ui/locales/<language>/*.ftl, Project Fluent) for the windows and the
// console: the same files the Rust side words the tray and notifications with. A catalogue
// speaks one language with English beneath it for anything missing (a test keeps nothing
// missing); dates, times and numbers follow the locale's conventions.
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { negotiateLanguages } from "@fluent/langneg";

export const LANGUAGES = ["en", "ru", "uk", "pt", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the language menus. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  ru: "Русский",
  uk: "Українська",
  pt: "Português",
  fr: "Français",
};

export type Args = Record<string, FluentVariable | null | undefined>;

export const isLanguage = (code: string | null | undefined): code is Language =>
  LANGUAGES.includes(code as Language);

/** The supported language closest to `requested` (e.g. navigator.languages), else English. */
export function negotiate(requested: readonly string[]): Language {
  const [best] = negotiateLanguages(requested, LANGUAGES, { defaultLocale: "en", strategy: "lookup" });
  return isLanguage(best) ? best : "en";
}

/** `files`: an import.meta.glob of the catalogue files, by path (…/locales/<language>/x.ftl). */
export function byLanguage(files: Record<string, string>): Partial<Record<Language, string>> {
  const out: Partial<Record<Language, string>> = {};
  for (const [path, text] of Object.entries(files)) {
    const language = path.split("/").at(-2);
    if (isLanguage(language)) out[language] = text;
  }
  return out;
}

function bundle(language: Language, text: string | undefined): FluentBundle {
  // No isolation marks around variables: no language here is right-to-left, and the marks
  // would be invisible characters in copied numbers and names.
  const b = new FluentBundle(language, { useIsolating: false });
  if (text) b.addResource(new FluentResource(text));
  return b;
}

function fluentArgs(args: Args | undefined): Record<string, FluentVariable> | undefined {
  if (!args) return undefined;
  const out: Record<string, FluentVariable> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

export class Catalogue {
  private readonly bundles: FluentBundle[];
  private readonly times: Intl.DateTimeFormat;
  private readonly dates: Intl.DateTimeFormat;
  private readonly dateTimes: Intl.DateTimeFormat;
  private readonly numbers: Intl.NumberFormat;

  /** `locale` is for dates, times and numbers (e.g. en-GB under an English catalogue). */
  constructor(
    sources: Partial<Record<Language, string>>,
    readonly language: Language,
    readonly locale: string = language,
  ) {
    this.bundles = [bundle(language, sources[language])];
    if (language !== "en") this.bundles.push(bundle("en", sources.en));
    const safe = Intl.DateTimeFormat.supportedLocalesOf([locale]).length ? locale : language;
    this.times = new Intl.DateTimeFormat(safe, { hour: "2-digit", minute: "2-digit" });
    this.dates = new Intl.DateTimeFormat(safe, { dateStyle: "short" });
    this.dateTimes = new Intl.DateTimeFormat(safe, { dateStyle: "short", timeStyle: "short" });
    this.numbers = new Intl.NumberFormat(safe);
  }

  /** Whether the message exists (in English, which has every message). */
  has(id: string): boolean {
    return this.bundles.some((b) => b.hasMessage(id));
  }

  /** The message's text; its id where no catalogue has it (which a test would have caught). */
  format(id: string, args?: Args): string {
    for (const b of this.bundles) {
      const value = b.getMessage(id)?.value;
      // With an errors list the bundle words what it can instead of throwing (a variable not
      // given shows as {$name}, which the language tests look for).
      if (value) return b.formatPattern(value, fluentArgs(args), []);
    }
    return id;
  }

  /** An attribute of the message (`.title`, `.placeholder`); "" when it has none. */
  attribute(id: string, name: string, args?: Args): string {
    for (const b of this.bundles) {
      const pattern = b.getMessage(id)?.attributes[name];
      if (pattern) return b.formatPattern(pattern, fluentArgs(args), []);
    }
    return "";
  }

  /** Words every `data-l10n-id` element under `root`: its text from the message's value (when it
   * has one), its `title` and `placeholder` from the message's attributes. */
  localize(root: ParentNode) {
    for (const e of root.querySelectorAll<HTMLElement>("[data-l10n-id]")) {
      const id = e.dataset.l10nId!;
      const message = this.bundles.find((b) => b.hasMessage(id))?.getMessage(id);
      if (!message) continue;
      if (message.value) e.textContent = this.format(id);
      for (const name of Object.keys(message.attributes)) {
        if (name === "title" || name === "placeholder") e.setAttribute(name, this.attribute(id, name));
      }
    }
    document.documentElement.lang = this.language;
  }

  time(iso: string): string {
    return this.times.format(new Date(iso));
  }

  date(iso: string): string {
    return this.dates.format(new Date(iso));
  }

  dateTime(iso: string): string {
    return this.dateTimes.format(new Date(iso));
  }

  number(n: number): string {
    return this.numbers.format(n);
  }
}
