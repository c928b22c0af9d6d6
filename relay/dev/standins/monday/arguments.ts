import { MondayApplicationError } from './errors';

/** An ID argument as a string: GraphQL IDs arrive as strings, or as numbers when sent as integer literals. */
export function idArgument(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function requiredArgument(value: unknown, name: string): string {
  const id = idArgument(value);
  if (id === undefined)
    throw new MondayApplicationError(`${name} is required`, 'InvalidArgumentException', { argument: name });
  return id;
}
