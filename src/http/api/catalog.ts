// Every public API route with its documentation: the source of /api/v1/openapi.json and /docs.
// A test checks this list against the routes the server actually registers.
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryParam = [name: string, type: "string" | "integer" | "boolean" | "date-time" | "string[]", description: string];

export interface RouteDoc {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** The svix SDK call that maps to this route. */
  svix: string;
  status: number;
  body?: string;
  response?: string;
  query?: QueryParam[];
  example?: unknown;
  auth?: false;
  notes?: string;
}

const PAGE: QueryParam[] = [
  ["limit", "integer", "Items per page, 1-250 (default 50)"],
  ["iterator", "string", "`iterator` from the previous page; `prevIterator` (leading '-') walks back"],
  ["order", "string", "ascending | descending"],
];
const MSG_FILTERS: QueryParam[] = [
  ["channel", "string", "Only messages carrying this channel"],
  ["tag", "string", "Only messages carrying this tag"],
  ["event_types", "string[]", "Only these event types (repeat or comma-separate)"],
  ["before", "date-time", "Created before this time"],
  ["after", "date-time", "Created after this time"],
  ["with_content", "boolean", "Include payloads (default true)"],
];
const ATTEMPT_FILTERS: QueryParam[] = [
  ["status", "integer", "0 success, 2 fail (1, 3 and 4 match no finished attempt)"],
  ["status_code_class", "integer", "0 (no response), 100, 200, 300, 400 or 500"],
  ...MSG_FILTERS,
];

const APP = "/api/v1/app/{app_id}";
const EP = `${APP}/endpoint/{endpoint_id}`;
const MSG = `${APP}/msg/{msg_id}`;
const POLL = `${APP}/poller/{sink_id}`;
const OPW = "/api/v1/operational-webhook/endpoint";
const INTEG = `${APP}/integration`;
const DEST = `${APP}/destination`;
const PE = `${APP}/polling-endpoint/{poller_id}`;
const appExample = { name: "Acme Inc", uid: "acme", metadata: { plan: "pro" } };
const endpointExample = { url: "https://example.com/webhooks", description: "Production", filterTypes: ["invoice.paid"], channels: ["project_1"], metadata: {} };
const since = { since: "2026-11-01T00:00:00Z" };

export const ROUTES: RouteDoc[] = [
  { method: "GET", path: "/api/v1/health", summary: "Liveness of the API (204, no body)", tag: "Health", svix: "health.get", status: 204, auth: false },

  { method: "GET", path: "/api/v1/app", summary: "List applications", tag: "Application", svix: "application.list", status: 200, response: "ListResponseApplicationOut",
    query: [...PAGE, ["exclude_apps_with_no_endpoints", "boolean", "Skip applications without endpoints"], ["exclude_apps_with_disabled_endpoints", "boolean", "Skip applications with a disabled endpoint"]] },
  { method: "POST", path: "/api/v1/app", summary: "Create an application (get-or-create with get_if_exists=true)", tag: "Application", svix: "application.create / application.getOrCreate", status: 201, body: "ApplicationIn", response: "ApplicationOut",
    query: [["get_if_exists", "boolean", "Return the application with this uid (200) instead of 409"]], example: appExample },
  { method: "GET", path: APP, summary: "Get an application by id or uid", tag: "Application", svix: "application.get", status: 200, response: "ApplicationOut" },
  { method: "PUT", path: APP, summary: "Replace an application; an unknown uid creates it (201)", tag: "Application", svix: "application.update", status: 200, body: "ApplicationIn", response: "ApplicationOut", example: appExample },
  { method: "PATCH", path: APP, summary: "Change some fields of an application", tag: "Application", svix: "application.patch", status: 200, body: "ApplicationPatch", response: "ApplicationOut", example: { name: "Acme Corp" } },
  { method: "DELETE", path: APP, summary: "Delete an application with its endpoints, messages and attempts", tag: "Application", svix: "application.delete", status: 204 },

  { method: "GET", path: "/api/v1/event-type", summary: "List event types (by name)", tag: "Event type", svix: "eventType.list", status: 200, response: "ListResponseEventTypeOut",
    query: [...PAGE, ["include_archived", "boolean", "Include archived types"], ["with_content", "boolean", "Include schemas (default false)"]] },
  { method: "POST", path: "/api/v1/event-type", summary: "Create an event type (un-archives an archived one)", tag: "Event type", svix: "eventType.create", status: 201, body: "EventTypeIn", response: "EventTypeOut",
    example: { name: "invoice.paid", description: "An invoice was paid", schemas: { "1": { type: "object", properties: { id: { type: "string" } }, examples: [{ id: "inv_1" }] } } } },
  { method: "POST", path: "/api/v1/event-type/import/openapi", summary: "Create or update event types from the webhooks of an OpenAPI document (dryRun: only say which)", tag: "Event type", svix: "eventType.importOpenapi", status: 200, body: "EventTypeImportOpenApiIn", response: "EventTypeImportOpenApiOut",
    example: { specRaw: "openapi: 3.1.0\ninfo: {title: Shop, version: '1'}\nwebhooks:\n  order.paid:\n    post:\n      description: An order was paid\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {id: {type: string}}}\n", dryRun: true } },
  { method: "GET", path: "/api/v1/event-type/{event_type_name}", summary: "Get an event type", tag: "Event type", svix: "eventType.get", status: 200, response: "EventTypeOut" },
  { method: "PUT", path: "/api/v1/event-type/{event_type_name}", summary: "Replace an event type; an unknown name creates it (201)", tag: "Event type", svix: "eventType.update", status: 200, body: "EventTypeUpdate", response: "EventTypeOut", example: { description: "An invoice was paid" } },
  { method: "PATCH", path: "/api/v1/event-type/{event_type_name}", summary: "Change some fields of an event type", tag: "Event type", svix: "eventType.patch", status: 200, body: "EventTypePatch", response: "EventTypeOut", example: { deprecated: true } },
  { method: "DELETE", path: "/api/v1/event-type/{event_type_name}", summary: "Archive an event type (expunge=true deletes it)", tag: "Event type", svix: "eventType.delete", status: 204, query: [["expunge", "boolean", "Delete instead of archiving"]] },

  { method: "GET", path: `${APP}/endpoint`, summary: "List an application's endpoints", tag: "Endpoint", svix: "endpoint.list", status: 200, response: "ListResponseEndpointOut", query: PAGE },
  { method: "POST", path: `${APP}/endpoint`, summary: "Create an endpoint (the URL is checked against the destination policy)", tag: "Endpoint", svix: "endpoint.create", status: 201, body: "EndpointIn", response: "EndpointOut", example: endpointExample },
  { method: "GET", path: EP, summary: "Get an endpoint by id or uid", tag: "Endpoint", svix: "endpoint.get", status: 200, response: "EndpointOut" },
  { method: "PUT", path: EP, summary: "Replace an endpoint (headers and secret are kept); an unknown uid creates it (201)", tag: "Endpoint", svix: "endpoint.update", status: 200, body: "EndpointUpdate", response: "EndpointOut", example: endpointExample },
  { method: "PATCH", path: EP, summary: "Change some fields of an endpoint (a `secret` rotates it)", tag: "Endpoint", svix: "endpoint.patch", status: 200, body: "EndpointPatch", response: "EndpointOut", example: { disabled: false } },
  { method: "DELETE", path: EP, summary: "Delete an endpoint with its deliveries and attempts", tag: "Endpoint", svix: "endpoint.delete", status: 204 },
  { method: "GET", path: `${EP}/secret`, summary: "Get the endpoint's signing secret", tag: "Endpoint", svix: "endpoint.getSecret", status: 200, response: "EndpointSecretOut" },
  { method: "POST", path: `${EP}/secret/rotate`, summary: "Rotate the signing secret; the old one keeps signing for the grace period", tag: "Endpoint", svix: "endpoint.rotateSecret", status: 204, body: "EndpointSecretRotateIn", example: {} },
  { method: "GET", path: `${EP}/headers`, summary: "Get the custom headers (sensitive values hidden)", tag: "Endpoint", svix: "endpoint.getHeaders", status: 200, response: "EndpointHeadersOut" },
  { method: "PUT", path: `${EP}/headers`, summary: "Replace the custom headers", tag: "Endpoint", svix: "endpoint.updateHeaders", status: 204, body: "EndpointHeadersIn", example: { headers: { "x-tenant": "acme" } } },
  { method: "PATCH", path: `${EP}/headers`, summary: "Add, change or delete custom headers", tag: "Endpoint", svix: "endpoint.patchHeaders", status: 204, body: "EndpointHeadersPatchIn", example: { headers: { "x-region": "eu" }, deleteHeaders: ["x-tenant"] } },
  { method: "GET", path: `${EP}/stats`, summary: "Delivery counts per state", tag: "Endpoint", svix: "endpoint.getStats", status: 200, response: "EndpointStats",
    query: [["since", "date-time", "Deliveries created at or after"], ["until", "date-time", "Deliveries created before"]] },
  { method: "POST", path: `${EP}/send-example`, summary: "Send an event type's example payload to this endpoint only", tag: "Endpoint", svix: "endpoint.sendExample", status: 202, body: "EventExampleIn", response: "MessageOut", example: { eventType: "invoice.paid" } },
  { method: "POST", path: `${EP}/recover`, summary: "Re-send failed (and missed-while-disabled) messages since a time, as a background task", tag: "Endpoint", svix: "endpoint.recover", status: 202, body: "RecoverIn", response: "BackgroundTaskOut", example: since },
  { method: "POST", path: `${EP}/replay-missing`, summary: "Send every matching message since a time that this endpoint never got, as a background task", tag: "Endpoint", svix: "endpoint.replayMissing", status: 202, body: "ReplayIn", response: "BackgroundTaskOut", example: since },
  { method: "POST", path: `${EP}/bulk-replay`, summary: "Send again every message of a time window this endpoint got, narrowed by outcome, status class, event type, channel or tag, as a background task", tag: "Endpoint", svix: "endpoint.bulkReplay", status: 202, body: "BulkReplayIn", response: "BackgroundTaskOut", example: { since: "2026-11-01T00:00:00Z", status: 2 } },

  { method: "GET", path: `${APP}/msg`, summary: "List messages, newest first", tag: "Message", svix: "message.list", status: 200, response: "ListResponseMessageOut", query: [...PAGE, ...MSG_FILTERS] },
  { method: "POST", path: `${APP}/msg`, summary: "Create a message and queue it for every subscribed endpoint (Idempotency-Key honoured)", tag: "Message", svix: "message.create", status: 202, body: "MessageIn", response: "MessageOut",
    query: [["with_content", "boolean", "Echo the payload in the response (default true)"]], example: { eventType: "invoice.paid", eventId: "evt_123", payload: { id: "inv_1", amount: 1200 }, channels: ["project_1"] } },
  { method: "GET", path: MSG, summary: "Get a message by id or eventId", tag: "Message", svix: "message.get", status: 200, response: "MessageOut", query: [["with_content", "boolean", "Include the payload (default true)"]] },
  { method: "DELETE", path: `${MSG}/content`, summary: "Delete a message's payload (the record stays)", tag: "Message", svix: "message.expungeContent", status: 204 },
  { method: "POST", path: `${APP}/msg/expunge-all-contents`, summary: "Delete the payload of every message of the application, as a background task", tag: "Message", svix: "message.expungeAllContents", status: 202, response: "BackgroundTaskOut" },
  { method: "POST", path: `${APP}/msg/bulk-expunge`, summary: "Delete the payloads of up to 1,000 messages (ids or eventIds); says which were found", tag: "Message", svix: "message.bulkExpungeContent", status: 200, body: "BulkExpungeContentsIn", response: "BulkExpungeContentsOut", example: { ids: ["msg_1", "evt_123"] } },
  { method: "POST", path: `${APP}/msg/precheck/active`, summary: "Whether any enabled endpoint would receive this event", tag: "Message", svix: "message.precheck", status: 200, body: "MessagePrecheckIn", response: "MessagePrecheckOut", example: { eventType: "invoice.paid" } },

  { method: "GET", path: `${APP}/attempt/msg/{msg_id}`, summary: "List a message's delivery attempts", tag: "Message attempt", svix: "messageAttempt.listByMsg", status: 200, response: "ListResponseMessageAttemptOut",
    query: [...PAGE, ...ATTEMPT_FILTERS, ["endpoint_id", "string", "Only attempts to this endpoint (id or uid)"]] },
  { method: "GET", path: `${APP}/attempt/endpoint/{endpoint_id}`, summary: "List an endpoint's delivery attempts", tag: "Message attempt", svix: "messageAttempt.listByEndpoint", status: 200, response: "ListResponseMessageAttemptOut",
    query: [...PAGE, ...ATTEMPT_FILTERS, ["with_msg", "boolean", "Embed each attempt's message"]] },
  { method: "GET", path: `${EP}/msg`, summary: "List the messages routed to an endpoint, with their state", tag: "Message attempt", svix: "messageAttempt.listAttemptedMessages", status: 200, response: "ListResponseEndpointMessageOut",
    query: [...PAGE, ["status", "integer", "0 success, 1 pending, 2 fail, 3 sending"], ...MSG_FILTERS] },
  { method: "GET", path: `${MSG}/endpoint`, summary: "List the endpoints a message was routed to, with their state", tag: "Message attempt", svix: "messageAttempt.listAttemptedDestinations", status: 200, response: "ListResponseMessageEndpointOut", query: PAGE },
  { method: "GET", path: `${MSG}/attempt/{attempt_id}`, summary: "Get one attempt", tag: "Message attempt", svix: "messageAttempt.get", status: 200, response: "MessageAttemptOut" },
  { method: "DELETE", path: `${MSG}/attempt/{attempt_id}/content`, summary: "Delete an attempt's captured response body", tag: "Message attempt", svix: "messageAttempt.expungeContent", status: 204 },
  { method: "POST", path: `${MSG}/endpoint/{endpoint_id}/resend`, summary: "Send a message to one endpoint again, now", tag: "Message attempt", svix: "messageAttempt.resend", status: 202, response: "EmptyResponse" },

  { method: "GET", path: "/api/v1/background-task", summary: "List background tasks, newest first", tag: "Background task", svix: "backgroundTask.list", status: 200, response: "ListResponseBackgroundTaskOut",
    query: [...PAGE, ["status", "string", "running | finished | failed"], ["task", "string", "endpoint.recover | endpoint.replay | endpoint.bulk-replay | application.purge_content | application.stats | event-type.aggregate"]] },
  { method: "GET", path: "/api/v1/background-task/{task_id}", summary: "Get a background task", tag: "Background task", svix: "backgroundTask.get", status: 200, response: "BackgroundTaskOut" },

  { method: "GET", path: `${POLL}`, summary: "Read the application's messages that this polling endpoint takes, from an iterator (the first read starts at its creation)", tag: "Polling endpoint", svix: "message.poller.poll", status: 200, response: "PollingEndpointPollOut",
    query: [["limit", "integer", "Messages per answer, 1-250 (default 50)"], ["iterator", "string", "`iterator` from the previous answer"], ["event_type", "string", "Only this event type"], ["channel", "string", "Only messages carrying this channel"], ["after", "date-time", "Without an iterator: start after this time instead of at the creation"]],
    notes: "Also open to the polling endpoint's consumer key. `done` is true when nothing more can be read now." },
  { method: "GET", path: `${POLL}/consumer/{consumer_id}`, summary: "Read on from where this named consumer stopped, and move it past what is handed out", tag: "Polling endpoint", svix: "message.poller.consumerPoll", status: 200, response: "PollingEndpointPollOut",
    query: [["limit", "integer", "Messages per answer, 1-250 (default 50)"], ["iterator", "string", "Read from here instead of the consumer's place"]] },
  { method: "POST", path: `${POLL}/consumer/{consumer_id}/seek`, summary: "Move a named consumer to the messages created after a time", tag: "Polling endpoint", svix: "message.poller.consumerSeek", status: 200, body: "PollingEndpointConsumerSeekIn", response: "PollingEndpointConsumerSeekOut", example: { after: "2026-11-01T00:00:00Z" } },

  { method: "GET", path: OPW, summary: "List the endpoints that receive operational events", tag: "Operational webhook", svix: "operationalWebhookEndpoint.list", status: 200, response: "ListResponseOperationalWebhookEndpointOut", query: PAGE },
  { method: "POST", path: OPW, summary: "Add an endpoint for operational events (endpoint.disabled, message.attempt.exhausted, …)", tag: "Operational webhook", svix: "operationalWebhookEndpoint.create", status: 201, body: "OperationalWebhookEndpointIn", response: "OperationalWebhookEndpointOut", example: { url: "https://ops.example.com/hookrelay", filterTypes: ["endpoint.disabled", "message.attempt.exhausted"] } },
  { method: "GET", path: `${OPW}/{endpoint_id}`, summary: "Get an operational-webhook endpoint", tag: "Operational webhook", svix: "operationalWebhookEndpoint.get", status: 200, response: "OperationalWebhookEndpointOut" },
  { method: "PUT", path: `${OPW}/{endpoint_id}`, summary: "Replace an operational-webhook endpoint", tag: "Operational webhook", svix: "operationalWebhookEndpoint.update", status: 200, body: "OperationalWebhookEndpointUpdate", response: "OperationalWebhookEndpointOut", example: { url: "https://ops.example.com/hookrelay" } },
  { method: "DELETE", path: `${OPW}/{endpoint_id}`, summary: "Delete an operational-webhook endpoint", tag: "Operational webhook", svix: "operationalWebhookEndpoint.delete", status: 204 },
  { method: "GET", path: `${OPW}/{endpoint_id}/secret`, summary: "Get its signing secret", tag: "Operational webhook", svix: "operationalWebhookEndpoint.getSecret", status: 200, response: "EndpointSecretOut" },
  { method: "POST", path: `${OPW}/{endpoint_id}/secret/rotate`, summary: "Rotate its signing secret (the old one stays valid for --secret-rotation-grace)", tag: "Operational webhook", svix: "operationalWebhookEndpoint.rotateSecret", status: 204, body: "EndpointSecretRotateIn" },
  { method: "GET", path: `${OPW}/{endpoint_id}/headers`, summary: "Get its custom headers (credential values withheld)", tag: "Operational webhook", svix: "operationalWebhookEndpoint.getHeaders", status: 200, response: "EndpointHeadersOut" },
  { method: "PUT", path: `${OPW}/{endpoint_id}/headers`, summary: "Replace its custom headers", tag: "Operational webhook", svix: "operationalWebhookEndpoint.updateHeaders", status: 204, body: "EndpointHeadersIn", example: { headers: { "x-team": "ops" } } },

  { method: "POST", path: "/api/v1/environment/export", summary: "The event type catalogue (archived types included) as one document", tag: "Environment", svix: "environment.export", status: 200, response: "EnvironmentOut" },
  { method: "POST", path: "/api/v1/environment/import", summary: "Create or update the event types of an exported document; others stay", tag: "Environment", svix: "environment.import", status: 204, body: "EnvironmentIn", example: { eventTypes: [{ name: "invoice.paid", description: "An invoice was paid" }] } },

  { method: "POST", path: "/api/v1/stats/usage/app", summary: "Count each application's message destinations (message × endpoint) in a time window, as a background task", tag: "Statistics", svix: "statistics.aggregateAppStats", status: 202, body: "AppUsageStatsIn", response: "AppUsageStatsOut", example: { since: "2026-11-01T00:00:00Z", until: "2026-12-01T00:00:00Z" } },
  { method: "PUT", path: "/api/v1/stats/usage/event-types", summary: "List the event types each application's enabled endpoints subscribe to, as a background task", tag: "Statistics", svix: "statistics.aggregateEventTypes", status: 202, response: "BackgroundTaskOut" },

  { method: "GET", path: `${INTEG}`, summary: "List an application's integrations", tag: "Integration", svix: "integration.list", status: 200, response: "ListResponseIntegrationOut", query: PAGE },
  { method: "POST", path: `${INTEG}`, summary: "Create an integration: a key that opens this application's API only (the key is in this answer only)", tag: "Integration", svix: "integration.create", status: 201, body: "IntegrationIn", response: "IntegrationCreatedOut", example: { name: "Zapier" } },
  { method: "GET", path: `${INTEG}/{integ_id}`, summary: "Get an integration", tag: "Integration", svix: "integration.get", status: 200, response: "IntegrationOut" },
  { method: "PUT", path: `${INTEG}/{integ_id}`, summary: "Rename an integration or change its feature flags", tag: "Integration", svix: "integration.update", status: 200, body: "IntegrationIn", response: "IntegrationOut", example: { name: "Zapier (prod)" } },
  { method: "DELETE", path: `${INTEG}/{integ_id}`, summary: "Delete an integration; its key stops working at once", tag: "Integration", svix: "integration.delete", status: 204 },
  { method: "POST", path: `${INTEG}/{integ_id}/key/rotate`, summary: "Give an integration a new key; the old one stops working at once", tag: "Integration", svix: "integration.rotateKey", status: 200, response: "IntegrationKeyOut" },
  { method: "GET", path: `${INTEG}/{integ_id}/key`, summary: "Always 409: keys are stored hashed (rotate for a new one)", tag: "Integration", svix: "integration.getKey", status: 409 },

  { method: "GET", path: DEST, summary: "List the application's destinations (its polling endpoints, type pollingEndpoint)", tag: "Destination", svix: "destination.list (svix 2.x)", status: 200, response: "ListResponseDestinationOut", query: PAGE },
  { method: "POST", path: DEST, summary: "Create a pollingEndpoint destination, that is a polling endpoint", tag: "Destination", svix: "destination.create (svix 2.x)", status: 201, body: "DestinationIn", response: "DestinationOut", example: { type: "pollingEndpoint", config: {}, uid: "nightly-export", eventTypes: ["invoice.paid"] } },
  { method: "GET", path: `${DEST}/{destination_id}`, summary: "Get a destination by id or uid", tag: "Destination", svix: "destination.get (svix 2.x)", status: 200, response: "DestinationOut" },
  { method: "PUT", path: `${DEST}/{destination_id}`, summary: "Replace a destination; an unknown uid creates it (201)", tag: "Destination", svix: "destination.upsert (svix 2.x)", status: 200, body: "DestinationIn", response: "DestinationOut", example: { type: "pollingEndpoint", config: {} } },
  { method: "PATCH", path: `${DEST}/{destination_id}`, summary: "Change some fields of a destination (status enabled/disabled among them)", tag: "Destination", svix: "destination.patch (svix 2.x)", status: 200, body: "DestinationIn", response: "DestinationOut", example: { status: "disabled" } },
  { method: "DELETE", path: `${DEST}/{destination_id}`, summary: "Delete a destination", tag: "Destination", svix: "destination.delete (svix 2.x)", status: 204 },

  // hookrelay's own routes: no svix SDK method calls them.
  { method: "GET", path: `${APP}/polling-endpoint`, summary: "List polling endpoints", tag: "Polling endpoint", svix: "none (hookrelay extension; Svix creates them in its App Portal)", status: 200, response: "ListResponsePollingEndpointOut", query: PAGE },
  { method: "POST", path: `${APP}/polling-endpoint`, summary: "Create a polling endpoint; the answer carries its consumer key, shown only once", tag: "Polling endpoint", svix: "none (hookrelay extension)", status: 201, body: "PollingEndpointIn", response: "PollingEndpointCreatedOut", example: { uid: "acme-audit", filterTypes: ["invoice.paid"] } },
  { method: "GET", path: PE, summary: "Get a polling endpoint by id or uid", tag: "Polling endpoint", svix: "none (hookrelay extension)", status: 200, response: "PollingEndpointOut" },
  { method: "PATCH", path: PE, summary: "Change a polling endpoint's uid, description or filters", tag: "Polling endpoint", svix: "none (hookrelay extension)", status: 200, body: "PollingEndpointPatch", response: "PollingEndpointOut", example: { channels: ["project_1"] } },
  { method: "DELETE", path: PE, summary: "Delete a polling endpoint with its consumers' places", tag: "Polling endpoint", svix: "none (hookrelay extension)", status: 204 },
  { method: "POST", path: `${PE}/key/rotate`, summary: "Give a polling endpoint a new consumer key; the old one stops working at once", tag: "Polling endpoint", svix: "none (hookrelay extension)", status: 200, response: "PollingEndpointKeyOut" },
  { method: "GET", path: "/api/v1/auth/whoami", summary: "The API token this request authenticated with", tag: "Auth", svix: "none (hookrelay extension)", status: 200, response: "WhoamiOut" },
  { method: "GET", path: "/api/v1/audit-log", summary: "The audit log of administrative actions, newest first", tag: "Audit", svix: "none (hookrelay extension)", status: 200, response: "ListResponseAuditEntryOut",
    query: [...PAGE, ["action", "string", "Only entries with this action, e.g. endpoint.delete"], ["actor", "string", "Only entries by this actor, e.g. token:<id>"]] },
];

/** Path parameters of a catalog path, in order. */
export const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
