// The Composite resource: up to 25 subrequests in one call, of which at most 5 may be sObject Collections or
// queries, run in order as the same user, answered together; the whole counts as one call toward the API limits.
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html
// The stand-in runs each subrequest through its own REST routes. It does not model references between
// subrequests (`@{ref.id}`) nor allOrNone across them: it refuses both rather than pretend (the relay uses neither).
import { z } from 'zod';
import { SalesforceApiError } from './errors';

const maxSubrequests = 25;
const maxCollectionsOrQueries = 5;

const compositeBody = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z
    .array(
      z.object({
        method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
        url: z.string().startsWith('/services/data/'),
        referenceId: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
        body: z.unknown().optional()
      })
    )
    .min(1)
});

export interface SubrequestAnswer {
  status: number;
  body: unknown;
}

export type Dispatch = (method: string, url: string, body: unknown) => Promise<SubrequestAnswer>;

export async function runComposite(input: unknown, dispatch: Dispatch): Promise<unknown> {
  const parsed = compositeBody.safeParse(input);
  if (!parsed.success)
    throw new SalesforceApiError(
      400,
      'JSON_PARSER_ERROR',
      `Invalid composite request: ${parsed.error.issues[0]?.message ?? ''}`
    );
  const { compositeRequest: subrequests, allOrNone } = parsed.data;
  if (subrequests.length > maxSubrequests)
    throw new SalesforceApiError(
      400,
      'INVALID_API_INPUT',
      `A composite request has at most ${maxSubrequests} subrequests`
    );
  const heavy = subrequests.filter(({ url }) => /\/composite\/sobjects|\/query(All)?[/?]/.test(url));
  if (heavy.length > maxCollectionsOrQueries)
    throw new SalesforceApiError(
      400,
      'INVALID_API_INPUT',
      `A composite request has at most ${maxCollectionsOrQueries} sObject Collections or query subrequests`
    );
  if (allOrNone || JSON.stringify(subrequests).includes('@{'))
    throw new SalesforceApiError(
      400,
      'INVALID_API_INPUT',
      'The stand-in does not model allOrNone or references in a composite request'
    );
  const compositeResponse = [];
  for (const { method, url, referenceId, body } of subrequests) {
    const answer = await dispatch(method, url, body);
    compositeResponse.push({ body: answer.body, httpHeaders: {}, httpStatusCode: answer.status, referenceId });
  }
  return { compositeResponse };
}
