// What any JSON the relay takes in may look like beyond its schema: at most 32 levels deep, and no `__proto__` key.
// A deeper value has no business in a change or a webhook, and walking it (storing it, logging it) can exhaust the
// stack; a `__proto__` key is silently dropped by object handling and would change what was received. Checked without
// recursion, before anything else reads the value.
import { InvalidBodyError } from '../core/errors';

export const maxJsonDepth = 32;

/** Throws InvalidBodyError when `value` is nested deeper than maxJsonDepth or has a `__proto__` key anywhere. */
export function checkJsonShape(value: unknown): void {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxJsonDepth)
      throw new InvalidBodyError(`The body is nested deeper than ${maxJsonDepth} levels, which no change needs`);
    if (!Array.isArray(node) && Object.hasOwn(node, '__proto__'))
      throw new InvalidBodyError('The body has a key named __proto__, which is not accepted');
    for (const child of Object.values(node as Record<string, unknown>)) stack.push({ node: child, depth: depth + 1 });
  }
}
