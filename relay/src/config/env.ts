// The relay's configuration, from environment variables (a .env file is fine), validated at start: a missing or
// invalid value stops the relay with a message that names the variable. SPEC.md, "Relay configuration".
import { z } from 'zod';
import { ConfigError } from '../core/errors';
import { storeVariables } from '../store/open-store';

const whsecPattern = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

const webhookSecrets = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((secret) => secret.trim()))
  .refine(
    (secrets) =>
      secrets.every((secret) => whsecPattern.test(secret) && Buffer.from(secret.slice(6), 'base64').length >= 16),
    {
      message: 'each secret must be whsec_ followed by at least 16 bytes in base64, comma-separated for rotation'
    }
  );

const encryptionKey = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, {
    message: 'must be 32 bytes in base64 (openssl rand -base64 32)'
  })
  .transform((value) => Buffer.from(value, 'base64'));

const httpsOrLoopbackUrl = z
  .url()
  .refine((value) => /^https:\/\//.test(value) || /^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(value), {
    message: 'must be an https URL (or http on localhost)'
  });

/** What the local mode reads too: where it listens, where it keeps its state, how much it logs. */
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const processSettings = {
  RELAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  RELAY_DATA_DIR: z.string().min(1).default('./data'),
  RELAY_LOG_LEVEL: logLevel.default('info')
};

/** The connection the environment configures ('default'): all three, or none when admins connect from the browser. */
const environmentConnection = ['RELAY_WEBHOOK_SECRETS', 'MONDAY_API_TOKEN', 'SALESFORCE_REFRESH_TOKEN'] as const;
/** A monday app for OAuth in the connect flow: both, or none (monday is then connected with a personal token). */
const mondayApp = ['MONDAY_CLIENT_ID', 'MONDAY_CLIENT_SECRET'] as const;

export const configSchema = z
  .object({
    ...processSettings,
    // The store: SQLite in RELAY_DATA_DIR, or the PostgreSQL several relays share (DATABASE_URL, RELAY_WORKER_ID).
    ...storeVariables,
    /** How long a claimed change is reserved for the relay that took it: after a relay dies, others take it then. */
    RELAY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /**
     * Time between two polls of the custom objects Salesforce → monday recipes read (no trigger can be packaged for
     * them). Each poll is one API request per object: 10 s is 360 an hour.
     */
    RELAY_CUSTOM_OBJECT_POLL_SECONDS: z.coerce.number().int().min(2).max(3600).default(10),
    RELAY_ENCRYPTION_KEY: encryptionKey,
    /** Keys rotated out of RELAY_ENCRYPTION_KEY: what they sealed still opens, and is sealed again with the new key. */
    RELAY_PREVIOUS_ENCRYPTION_KEYS: z
      .string()
      .transform((value) => value.split(',').map((key) => key.trim()))
      .pipe(z.array(encryptionKey))
      .optional(),
    MONDAY_API_URL: httpsOrLoopbackUrl.default('https://api.monday.com/v2'),
    SALESFORCE_LOGIN_URL: httpsOrLoopbackUrl.default('https://login.salesforce.com'),
    /** The connected app (or external client app): the connect flow's and the environment connection's. */
    SALESFORCE_CLIENT_ID: z.string().min(1),
    SALESFORCE_CLIENT_SECRET: z.string().min(1),
    RELAY_WEBHOOK_SECRETS: webhookSecrets.optional(),
    MONDAY_API_TOKEN: z.string().min(1).optional(),
    SALESFORCE_REFRESH_TOKEN: z.string().min(1).optional(),
    /**
     * The relay's public base URL: with it, admins connect orgs and monday accounts from their browser (/connect),
     * and the relay registers and serves monday webhooks (monday → Salesforce).
     */
    RELAY_PUBLIC_URL: httpsOrLoopbackUrl.optional(),
    /** The secret part of the environment connection's monday webhook endpoint's path. */
    MONDAY_WEBHOOK_PATH_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,}$/, { message: 'must be at least 24 letters, digits, - or _' })
      .optional(),
    /** The monday app's signing secret, when the app signs its webhooks (JWT). */
    MONDAY_SIGNING_SECRET: z.string().min(1).optional(),
    MONDAY_CLIENT_ID: z.string().min(1).optional(),
    MONDAY_CLIENT_SECRET: z.string().min(1).optional(),
    /**
     * More Salesforce host suffixes the connect flow may send an authorization to (comma-separated, e.g. a cloud
     * outside salesforce.com, salesforce.mil and force.com); Salesforce's own domains are always allowed.
     */
    SALESFORCE_HOSTS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((suffix) => suffix.trim())
          .filter(Boolean)
      )
      .pipe(
        z.array(
          z.string().regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/, { message: 'must be host suffixes like .example.com' })
        )
      )
      .optional(),
    /** monday's OAuth host. https://developer.monday.com/apps/docs/oauth-2-1 */
    MONDAY_OAUTH_URL: httpsOrLoopbackUrl.default('https://auth.monday.com')
  })
  .superRefine((config, context) => {
    const missing = (names: readonly (keyof typeof config)[], message: string): void => {
      const set = names.filter((name) => config[name] !== undefined);
      if (set.length === 0 || set.length === names.length) return;
      for (const name of names.filter((name) => config[name] === undefined))
        context.addIssue({ code: 'custom', path: [name], message: `${message} (${set.join(', ')} is set)` });
    };
    missing(environmentConnection, 'is not set: the environment connection needs all three');
    missing(mondayApp, 'is not set: a monday app needs both its client id and secret');
    const environment = config.SALESFORCE_REFRESH_TOKEN !== undefined;
    if (!environment && !config.RELAY_PUBLIC_URL)
      context.addIssue({
        code: 'custom',
        path: ['RELAY_PUBLIC_URL'],
        message:
          'is not set: set it to connect orgs from the browser (/connect), or set RELAY_WEBHOOK_SECRETS, MONDAY_API_TOKEN and SALESFORCE_REFRESH_TOKEN for one connection'
      });
    if (environment && config.RELAY_PUBLIC_URL && !config.MONDAY_WEBHOOK_PATH_SECRET)
      context.addIssue({
        code: 'custom',
        path: ['MONDAY_WEBHOOK_PATH_SECRET'],
        message: 'is required when RELAY_PUBLIC_URL is set'
      });
    if (config.MONDAY_CLIENT_ID && !config.RELAY_PUBLIC_URL)
      context.addIssue({
        code: 'custom',
        path: ['MONDAY_CLIENT_ID'],
        message: 'needs RELAY_PUBLIC_URL (the OAuth callback is on the relay)'
      });
  });

export type RelayConfig = z.infer<typeof configSchema>;

/** Reads the configuration, or throws ConfigError naming every variable that is missing or invalid. */
export function loadConfig(env: Record<string, string | undefined>): RelayConfig {
  return parse(configSchema, env);
}

/** The local mode's settings (the local mode logs warnings and above unless told otherwise). */
export const localConfigSchema = z.object({ ...processSettings, RELAY_LOG_LEVEL: logLevel.default('warn') });

/** Reads the local mode's settings, or throws ConfigError naming each invalid one. */
export function loadLocalConfig(env: Record<string, string | undefined>): z.infer<typeof localConfigSchema> {
  return parse(localConfigSchema, env);
}

function parse<Schema extends z.ZodType>(schema: Schema, env: Record<string, string | undefined>): z.infer<Schema> {
  // An empty variable counts as unset, as in most .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'configuration');
    return `${variable}: ${issue.code === 'invalid_type' && !(variable in present) ? 'is not set' : issue.message}`;
  });
  throw new ConfigError(`The relay cannot start. ${problems.join('; ')}.`, {
    variables: parsed.error.issues.map((issue) => issue.path[0])
  });
}
