// Prometheus metrics at /metrics: what came in, what was synced or failed, how deep the queues are, and how much
// API budget is left on both sides (B7).
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export class RelayMetrics {
  readonly registry = new Registry();
  readonly changesReceived = new Counter({
    name: 'relay_changes_received_total',
    help: 'Record changes received from Salesforce',
    registers: [this.registry]
  });
  readonly changesApplied = new Counter({
    name: 'relay_changes_applied_total',
    help: 'Record changes applied, by outcome per recipe',
    labelNames: ['outcome'],
    registers: [this.registry]
  });
  readonly customObjectPollRequests = new Counter({
    name: 'relay_custom_object_poll_requests_total',
    help: 'Salesforce API requests spent polling custom objects (counted against the org daily allocation)',
    labelNames: ['object'] as const,
    registers: [this.registry]
  });
  readonly jobFailures = new Counter({
    name: 'relay_job_failures_total',
    help: 'Failed job runs, by treatment (hold, postpone, retry, give-up), and the runs that ended dead',
    labelNames: ['treatment'],
    registers: [this.registry]
  });
  readonly queueDepth = new Gauge({
    name: 'relay_queue_depth',
    help: 'Jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [this.registry]
  });
  readonly serviceUp = new Gauge({
    name: 'relay_service_up',
    help: 'Whether monday and Salesforce answer (1) or their work is held (0)',
    labelNames: ['service'],
    registers: [this.registry]
  });
  readonly mondayComplexityLeft = new Gauge({
    name: 'relay_monday_complexity_remaining',
    help: 'monday complexity budget left in the current minute, as of the last answer',
    registers: [this.registry]
  });
  readonly mondayItemBudgetLeft = new Gauge({
    name: 'relay_monday_item_budget_remaining',
    help: "monday item creates and updates left in the rolling hour (the account's hourly budget)",
    registers: [this.registry]
  });
  readonly salesforceApiUsed = new Gauge({
    name: 'relay_salesforce_api_used',
    help: 'Salesforce API requests used today',
    registers: [this.registry]
  });
  readonly salesforceApiLimit = new Gauge({
    name: 'relay_salesforce_api_limit',
    help: "The org's daily API allocation",
    registers: [this.registry]
  });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
