/**
 * The addresses Bantin will send to. Stricter than RFC 5321 on purpose: an address typed into
 * a public form is refused with a reason when it could inject headers, hide characters, imitate
 * another address with look-alike letters, or exceed what mail servers accept.
 */
import { domainToUnicode } from 'node:url';
import * as z from '../domain/zod.js';

const MAX_ADDRESS = 254; // RFC 5321 path limit less the angle brackets
const MAX_LOCAL = 64;
const MAX_LABEL = 63;

// Bidirectional overrides and isolates, marks, zero-width characters and the BOM: invisible,
// and able to make "moc.elpmaxe@x" read as another address.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LOCAL_PART = /^[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** Why an address is refused, in words for the person who typed it; undefined when accepted. */
export function addressProblem(input: string): string | undefined {
  if (CONTROL.test(input)) return 'must not contain line breaks or other control characters';
  const address = input.trim();
  if (address === '') return 'is empty: enter an email address';
  if (address.length > MAX_ADDRESS) return `is too long (at most ${MAX_ADDRESS} characters)`;
  if (INVISIBLE.test(address)) return 'contains invisible or text-direction characters';
  if (/[^\u0000-\u007f]/.test(address)) {
    return 'must be written in plain ASCII letters: look-alike letters from other alphabets are refused (write an internationalized domain in its xn-- form)';
  }
  if (/[\s,;<>()[\]\\":]/.test(address))
    return 'must be one plain address, without spaces, names or separators';
  const at = address.lastIndexOf('@');
  if (at < 0 || address.indexOf('@') !== at) return 'must contain exactly one @';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return 'has nothing before the @';
  if (local.length > MAX_LOCAL) return `has more than ${MAX_LOCAL} characters before the @`;
  if (!LOCAL_PART.test(local)) {
    return "may use only letters, digits and . _ % + ' - before the @ (no leading, trailing or double dot)";
  }
  const labels = domain.split('.');
  if (labels.length < 2) return 'needs a domain with a dot after the @, e.g. example.vn';
  for (const label of labels) {
    if (!LABEL.test(label) || label.length > MAX_LABEL) return `has an invalid domain part "${label}"`;
  }
  const top = labels.at(-1)!;
  if (!/^[a-z]{2,63}$/i.test(top) && !/^xn--[a-z0-9-]+$/i.test(top)) return 'has an invalid top-level domain';
  for (const label of labels) {
    if (!label.toLowerCase().startsWith('xn--')) continue;
    const unicode = domainToUnicode(label.toLowerCase());
    if (!unicode || unicode === label.toLowerCase())
      return `has an invalid internationalized domain part "${label}"`;
    if (mixesScripts(unicode) || imitatesLatin(unicode)) {
      return 'has a domain written with look-alike letters from another alphabet';
    }
  }
  return undefined;
}

/** The address in the form Bantin keeps it (lower case), or throws with the reason. */
export function normalizeAddress(input: string): string {
  const problem = addressProblem(input);
  if (problem) throw new Error(`The email address ${problem}.`);
  return input.trim().toLowerCase();
}

/** Providers that ignore dots in the local part (and `googlemail.com` is `gmail.com`). */
const DOTS_IGNORED = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an accepted address delivers to, for counting mail sent to one inbox (attack run
 * 37: `bomb+1@`, `bomb+2@`… each had their own hourly allowance): without a `+tag` (RFC 5233
 * sub-addressing, which most providers deliver to the bare mailbox), and without dots where the
 * provider ignores them. Only for limits: the address is kept, and written to, as typed.
 */
export function mailboxOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1).toLowerCase();
  const bare = address.slice(0, at).toLowerCase().split('+')[0] || address.slice(0, at).toLowerCase();
  return DOTS_IGNORED.has(domain) ? `${bare.replaceAll('.', '')}@gmail.com` : `${bare}@${domain}`;
}

/** A zod schema for form and API input: a clear message per problem. */
export const SignupAddressSchema = z.pipe(
  z.string({ message: 'an email address is required' }).check(
    z.superRefine((value, context) => {
      const problem = addressProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: `the email address ${problem}` });
    }),
  ),
  z.transform((value: string) => value.trim().toLowerCase()),
);

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

// Cyrillic and Greek letters that render like Latin ones: a label made only of them (e.g.
// "раураl") imitates a Latin domain without mixing scripts.
const LATIN_LOOKALIKES = /^[аворсухіјѕһԁԛԝекмнтӏүɑαβεικνορτυχ0-9-]+$/u;

function imitatesLatin(label: string): boolean {
  return LATIN_LOOKALIKES.test(label) && /[^0-9-]/.test(label);
}

/** A label mixing Latin with Cyrillic, Greek, Armenian or Cherokee letters: the classic spoof. */
function mixesScripts(label: string): boolean {
  const found = SCRIPTS.filter(([, pattern]) => pattern.test(label)).map(([name]) => name);
  return found.length > 1;
}
