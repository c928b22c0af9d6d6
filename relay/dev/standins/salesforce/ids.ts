// Salesforce record ids: 15 case-sensitive characters (3 of key prefix, then pod and counter), plus a 3-character
// suffix that makes the 18-character form case-insensitive. The API answers with 18 characters and accepts both.
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const idPattern = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

function suffixOf(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      const character = id15.charAt(block * 5 + position);
      if (character >= 'A' && character <= 'Z') bits |= 1 << position;
    }
    suffix += suffixAlphabet.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a well-formed id, or undefined when `id` is not an id at all. */
export function normalizeId(id: string): string | undefined {
  if (!idPattern.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  const expected = `${id15}${suffixOf(id15)}`;
  // An 18-character id whose suffix does not match its first 15 characters is malformed.
  return id.length === 18 && id !== expected ? undefined : expected;
}

export class IdGenerator {
  /** How many ids were made (kept with the local mode's state, so that ids are never made twice). */
  counter = 0;

  /** A new 18-character id with the object's key prefix (e.g. 00Q for Lead). */
  next(keyPrefix: string): string {
    this.counter += 1;
    let number = this.counter;
    let digits = '';
    for (let index = 0; index < 10; index += 1) {
      digits = alphabet.charAt(number % 62) + digits;
      number = Math.floor(number / 62);
    }
    const id15 = `${keyPrefix}5g${digits}`;
    return `${id15}${suffixOf(id15)}`;
  }
}
