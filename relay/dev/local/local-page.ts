// The local mode's web page (B9): the Salesforce stand-in's Leads and the monday stand-in's demo board side by side,
// read every second, editable on both sides, with the failures and their reasons. A person's edits go in as a
// person's would: a Lead through the org's record rules (its change then captured as the package does), an item
// as a board user (monday then sends its webhooks). The page itself is plain HTML, CSS and JavaScript in ./page.
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { InvalidBodyError, RelayError } from '../../src/core/errors';
import type { MondayStandIn } from '../standins/monday/server';
import { columnText } from '../standins/monday/views';
import type { SalesforceStandIn } from '../standins/salesforce/server';
import { SalesforceApiError } from '../standins/salesforce/errors';
import { MondayApplicationError } from '../standins/monday/errors';
import { fieldOf } from '../standins/salesforce/describe/objects';

export interface LocalPageParts {
  salesforce: SalesforceStandIn;
  monday: MondayStandIn;
  boardId: string;
  boardUserId: string;
}

const leadEdit = z
  .object({
    lastName: z.string().trim().min(1).max(80),
    company: z.string().trim().max(255),
    email: z.string().trim().max(80),
    status: z.string().trim().min(1),
    annualRevenue: z.number().nullable()
  })
  .partial()
  .strict();

const itemEdit = z
  .object({
    name: z.string().trim().min(1).max(255),
    company: z.string().max(2000),
    email: z.string().trim().max(200),
    status: z.string().trim(),
    revenue: z.number().nullable()
  })
  .partial()
  .strict();

/** Refused by the stand-in as the real service would refuse it: the person sees the service's message. */
class RefusedEditError extends RelayError {
  readonly code = 'EDIT_REFUSED';
  readonly httpStatus = 400;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new InvalidBodyError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    );
  }
  return result.data;
}

function leadFields(edit: z.infer<typeof leadEdit>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (edit.lastName !== undefined) fields.LastName = edit.lastName;
  if (edit.company !== undefined) fields.Company = edit.company;
  if (edit.email !== undefined) fields.Email = edit.email === '' ? null : edit.email;
  if (edit.status !== undefined) fields.Status = edit.status;
  if (edit.annualRevenue !== undefined) fields.AnnualRevenue = edit.annualRevenue;
  return fields;
}

function itemColumns(edit: z.infer<typeof itemEdit>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (edit.name !== undefined) columns.name = edit.name;
  if (edit.company !== undefined) columns.company = edit.company;
  if (edit.email !== undefined) columns.email = edit.email === '' ? null : { email: edit.email, text: edit.email };
  if (edit.status !== undefined) columns.status = edit.status === '' ? null : { label: edit.status };
  if (edit.revenue !== undefined) columns.revenue = edit.revenue === null ? null : String(edit.revenue);
  return columns;
}

/** Runs a person's edit; the stand-ins' refusals become 400 answers with their message. */
function asPerson<T>(edit: () => T): T {
  try {
    return edit();
  } catch (error) {
    if (error instanceof SalesforceApiError || error instanceof MondayApplicationError)
      throw new RefusedEditError(error.message);
    throw error;
  }
}

export function localPage(parts: LocalPageParts): Router {
  const { salesforce, monday, boardUserId } = parts;
  const router = express.Router();
  router.use('/local', express.static(join(__dirname, 'page'), { index: 'index.html' }));
  router.get('/', (_request, response) => {
    response.redirect('/local/');
  });

  router.get('/local/api/state', (_request, response) => {
    const leadObject = salesforce.store.object('Lead');
    const statuses = fieldOf(leadObject, 'Status')?.picklistValues ?? [];
    const board = monday.state.boards.get(parts.boardId);
    const columns = board?.columns ?? [];
    const text = (item: Parameters<typeof columnText>[0], id: string): string => {
      const column = columns.find((candidate) => candidate.id === id);
      return column ? columnText(item, column, monday.state) : '';
    };
    const items = monday.state
      .itemsOfBoard(parts.boardId)
      .filter((item) => item.state === 'active')
      .map((item) => ({
        id: item.id,
        name: item.name,
        company: text(item, 'company'),
        email: text(item, 'email'),
        status: text(item, 'status'),
        revenue: text(item, 'revenue'),
        recordId: text(item, 'salesforce_record'),
        updatedAt: item.updatedAt
      }));
    const leads = salesforce.org
      .all('Lead')
      .filter((record) => !record.deleted)
      .map(({ id, values }) => ({
        id,
        firstName: values.FirstName ?? null,
        lastName: values.LastName,
        company: values.Company ?? '',
        email: values.Email ?? '',
        status: values.Status ?? '',
        annualRevenue: values.AnnualRevenue ?? null,
        lastModified: values.LastModifiedDate
      }));
    const itemIds = new Set(monday.state.itemsOfBoard(parts.boardId).map((item) => item.id));
    const failures = [
      ...salesforce.org.all('Monday_Sync_Log__c').map(({ values }) => ({
        at: String(values.Occurred_At__c ?? values.CreatedDate),
        where: 'Salesforce sync log',
        code: typeof values.Error_Code__c === 'string' ? values.Error_Code__c : '',
        text: typeof values.Reason__c === 'string' ? values.Reason__c : ''
      })),
      ...monday.state.updates
        .filter((update) => itemIds.has(update.itemId))
        .map((update) => ({
          at: update.createdAt,
          where: `monday update on item ${update.itemId}`,
          code: '',
          text: update.body
        }))
    ].sort((a, b) => b.at.localeCompare(a.at));
    const statusColumn = columns.find((column) => column.id === 'status');
    const labels = Object.values((statusColumn?.settings.labels as Record<string, string> | undefined) ?? {});
    response.json({
      board: {
        id: parts.boardId,
        name: board?.name ?? '',
        url: `https://${monday.accountSlug}.monday.com/boards/${parts.boardId}`
      },
      statuses,
      boardStatuses: labels,
      leads,
      items,
      failures: failures.slice(0, 50)
    });
  });

  const json = express.json({ limit: '16kb' });
  router.post('/local/api/leads', json, (request, response) => {
    const edit = parse(leadEdit.required({ lastName: true, company: true }), request.body);
    const record = asPerson(() => salesforce.org.create('Lead', leadFields(edit)));
    response.status(201).json({ id: record.id });
  });
  router.post('/local/api/leads/:id', json, (request, response) => {
    const edit = parse(leadEdit, request.body);
    asPerson(() => salesforce.org.update('Lead', request.params.id, leadFields(edit)));
    response.json({ ok: true });
  });
  router.post('/local/api/items', json, (request, response) => {
    const edit = parse(itemEdit.required({ name: true }), request.body);
    const { name, ...columns } = itemColumns(edit);
    const item = asPerson(() =>
      monday.operations.createItem({
        boardId: parts.boardId,
        name: String(name),
        columnValues: columns,
        // A person on the board can add a status label as they set it.
        createLabelsIfMissing: true,
        actorId: boardUserId
      })
    );
    response.status(201).json({ id: item.id });
  });
  router.post('/local/api/items/:id', json, (request, response) => {
    const edit = parse(itemEdit, request.body);
    asPerson(() =>
      monday.operations.changeColumnValues({
        boardId: parts.boardId,
        itemId: request.params.id,
        columnValues: itemColumns(edit),
        createLabelsIfMissing: true,
        actorId: boardUserId
      })
    );
    response.json({ ok: true });
  });
  router.use('/local/api', (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (error instanceof RelayError) {
      response.status(error.httpStatus).json(error.toBody());
      return;
    }
    next(error);
  });
  return router;
}
