// Phone numbers for people, grouped by their country's rules (libphonenumber's metadata, as the
// Rust side's `format_for_people`): 79991234567 → +7 999 123-45-67, 33612345678 → +33 6 12 34 56 78.
import { parsePhoneNumberFromString } from "libphonenumber-js";

/** A digits-only E.164 number as people read it; short numbers (extensions) stay as they are,
 * a number no country's rules cover gets a + in front. */
export function formatPhone(e164: string): string {
  if (!/^\d+$/.test(e164) || e164.length < 7) return e164;
  return parsePhoneNumberFromString(`+${e164}`)?.formatInternational() ?? `+${e164}`;
}
