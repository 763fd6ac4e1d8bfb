// JSON schemas of the API's bodies (OpenAPI 3.0 components), mirroring the svix SDK models.
type Schema = Record<string, unknown>;

const str: Schema = { type: "string" };
const nstr: Schema = { type: "string", nullable: true };
const int: Schema = { type: "integer" };
const nint: Schema = { type: "integer", nullable: true };
const bool: Schema = { type: "boolean" };
const time: Schema = { type: "string", format: "date-time" };
const ntime: Schema = { type: "string", format: "date-time", nullable: true };
const strList: Schema = { type: "array", items: str, nullable: true };
const strMap: Schema = { type: "object", additionalProperties: str };
const any: Schema = {};
const uid: Schema = { type: "string", nullable: true, minLength: 1, maxLength: 256, pattern: "^[a-zA-Z0-9\\-_.]+$" };
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: "object", properties, ...(required.length ? { required } : {}) });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const appIn = { name: { ...str, minLength: 1 }, uid, rateLimit: nint, throttleRate: nint, metadata: strMap };
const eventTypeBody = { description: str, archived: bool, deprecated: bool, schemas: { type: "object", nullable: true, description: "JSON schemas keyed by version, e.g. {\"1\": {...}}; `examples` feed send-example" }, featureFlag: nstr, featureFlags: strList, groupName: nstr };
const endpointBody = {
  url: { ...str, format: "uri" }, uid, description: str, version: int, disabled: bool,
  filterTypes: { ...strList, description: "Event types this endpoint receives (null = all). svix 1.x name" },
  eventTypes: { ...strList, description: "svix 2.x name of filterTypes; either is accepted" },
  channels: { ...strList, maxItems: 10 }, rateLimit: nint, throttleRate: nint, metadata: strMap,
  timeoutMs: { ...nint, description: "hookrelay extension: per-endpoint request timeout" },
  retrySchedule: { type: "array", items: int, nullable: true, description: "hookrelay extension: delays in seconds, first = initial" },
  maxInFlight: { ...nint, description: "hookrelay extension: cap on concurrent requests to this endpoint" },
};
const messageCore = { id: str, eventType: str, eventId: nstr, channels: strList, tags: strList, payload: any, timestamp: time, deliverAt: ntime };
const status = { status: { type: "integer", enum: [0, 1, 2, 3, 4], description: "0 success, 1 pending, 2 fail, 3 sending, 4 canceled" }, statusText: { type: "string", enum: ["success", "pending", "fail", "sending", "canceled"] } };
const opEndpointBody = {
  url: { ...str, format: "uri" }, uid, description: str, disabled: bool, rateLimit: nint, throttleRate: nint, metadata: strMap,
  filterTypes: { ...strList, description: "Operational event types: endpoint.disabled, endpoint.failing, message.attempt.exhausted, message.attempt.recovered, source.rejecting (null = all)" },
  secret: { ...nstr, pattern: "^(whsec_)?[a-zA-Z0-9+/=]{32,100}$" },
};
const pollingBody = {
  uid, description: str, disabled: { ...bool, description: "A disabled polling endpoint refuses reads (409)" }, metadata: strMap,
  filterTypes: { ...strList, description: "Event types this polling endpoint reads (null = all)" },
  eventTypes: { ...strList, description: "Another name of filterTypes; either is accepted" },
  channels: { ...strList, maxItems: 10 },
};
const pollingOutProps = { ...pollingBody, id: str, url: { ...str, description: "What consumers poll (message.poller.poll)" }, keyPrefix: str, createdAt: time, updatedAt: time };
const endpointOutProps = { ...endpointBody, id: str, createdAt: time, updatedAt: time, disabledReason: nstr };

export const SCHEMAS: Record<string, Schema> = {
  HttpError: obj({ code: str, detail: str }, ["code", "detail"]),
  HTTPValidationError: obj({ code: str, detail: { type: "array", items: obj({ loc: { type: "array", items: str }, msg: str, type: str }) } }),
  ApplicationIn: obj(appIn, ["name"]),
  ApplicationPatch: obj(appIn),
  ApplicationOut: obj({ ...appIn, id: str, createdAt: time, updatedAt: time }, ["id", "name", "metadata", "createdAt", "updatedAt"]),
  EventTypeIn: obj({ name: uid, ...eventTypeBody }, ["name"]),
  EventTypeUpdate: obj(eventTypeBody),
  DestinationIn: obj({
    type: { type: "string", enum: ["pollingEndpoint"], description: "hookrelay serves pollingEndpoint destinations only" },
    config: { type: "object", description: "Empty for pollingEndpoint" }, uid, status: { type: "string", enum: ["enabled", "disabled"] },
    eventTypes: strList, channels: { ...strList, maxItems: 10 }, metadata: strMap,
    batchSize: { ...nint, description: "Checked, not kept (polling endpoints have no batches)" }, maxWaitSecs: { ...nint, description: "Checked, not kept" },
  }, ["type"]),
  DestinationOut: obj({
    type: str, config: { type: "object" }, id: str, uid, status: { type: "string", enum: ["enabled", "disabled"] }, currentIterator: nstr, failureReason: nstr,
    createdAt: time, updatedAt: time, batchSize: nint, maxWaitSecs: nint, eventTypes: strList, channels: strList, nextRetryAt: ntime, metadata: strMap,
  }, ["type", "id", "status", "createdAt", "updatedAt"]),
  IntegrationIn: obj({ name: str, featureFlags: { type: "array", items: str } }, ["name"]),
  IntegrationOut: obj({ id: str, name: str, featureFlags: { type: "array", items: str }, keyPrefix: str, createdAt: time, updatedAt: time }, ["id", "name", "createdAt", "updatedAt"]),
  IntegrationCreatedOut: obj({ id: str, name: str, featureFlags: { type: "array", items: str }, keyPrefix: str, key: { ...str, description: "The key (hri_…), shown only in this answer" }, createdAt: time, updatedAt: time }, ["id", "name", "key"]),
  IntegrationKeyOut: obj({ key: str }, ["key"]),
  AppUsageStatsIn: obj({ since: time, until: time, appIds: { ...strList, description: "Application ids or uids; all applications when absent" } }, ["since", "until"]),
  AppUsageStatsOut: obj({ id: str, status: { type: "string", enum: ["running", "finished", "failed"] }, task: str, updatedAt: time, unresolvedAppIds: { type: "array", items: str } }, ["id", "status", "task", "unresolvedAppIds"]),
  EnvironmentIn: obj({
    eventTypes: { type: "array", items: ref("EventTypeIn"), nullable: true },
    settings: { type: "object", nullable: true, description: "Svix's organisation settings: accepted and ignored" },
    connectors: { type: "array", items: {}, nullable: true, description: "Must be empty: hookrelay has no connectors" },
    version: { ...int, description: "The document's format (1)" },
  }),
  EnvironmentOut: obj({ createdAt: time, version: int, eventTypes: { type: "array", items: ref("EventTypeOut") }, settings: { type: "object", nullable: true }, connectors: { type: "array", items: {} } }, ["createdAt", "eventTypes", "connectors"]),
  EventTypeImportOpenApiIn: obj({
    spec: { type: "object", nullable: true, description: "The OpenAPI document as JSON (send this or specRaw)" },
    specRaw: { ...nstr, description: "The OpenAPI document as YAML or JSON text" },
    dryRun: { ...bool, description: "Only answer which event types would change" },
    replaceAll: { ...bool, description: "Archive every event type the document does not name" },
  }),
  EventTypeImportOpenApiOut: obj({ data: obj({
    modified: { type: "array", items: str },
    to_modify: { type: "array", items: obj({ name: str, description: str, deprecated: bool, featureFlags: strList, groupName: nstr, schemas: any }), nullable: true },
  }, ["modified"]) }, ["data"]),
  EventTypePatch: obj(eventTypeBody),
  EventTypeOut: obj({ name: str, ...eventTypeBody, createdAt: time, updatedAt: time }, ["name", "description", "createdAt", "updatedAt"]),
  EndpointIn: obj({ ...endpointBody, headers: { ...strMap, nullable: true }, secret: { ...nstr, pattern: "^(whsec_)?[a-zA-Z0-9+/=]{32,100}$" } }, ["url"]),
  EndpointUpdate: obj(endpointBody, ["url"]),
  EndpointPatch: obj({ ...endpointBody, secret: nstr }),
  EndpointOut: obj(endpointOutProps, ["id", "url", "version", "metadata", "createdAt", "updatedAt"]),
  EndpointSecretOut: obj({ key: str }, ["key"]),
  EndpointSecretRotateIn: obj({ key: nstr, gracePeriodSeconds: { ...nint, description: "default: --secret-rotation-grace (24 h)" } }),
  EndpointHeadersIn: obj({ headers: strMap }, ["headers"]),
  EndpointHeadersPatchIn: obj({ headers: { type: "object", additionalProperties: nstr }, deleteHeaders: { type: "array", items: str } }),
  EndpointHeadersOut: obj({ headers: strMap, sensitive: { type: "array", items: str } }, ["headers", "sensitive"]),
  EndpointStats: obj({ success: int, fail: int, pending: int, sending: int, canceled: int }),
  EventExampleIn: obj({ eventType: str, exampleIndex: int }, ["eventType"]),
  RecoverIn: obj({ since: time, until: ntime }, ["since"]),
  ReplayIn: obj({ since: time, until: ntime }, ["since"]),
  BulkReplayIn: obj({
    since: time, until: ntime,
    status: { ...nint, enum: [0, 1, 2, 3], description: "Only pairs in this state: 0 success, 1 pending, 2 fail (3 sending matches nothing: a pair being sent is never replayed)" },
    statusCodeClass: { ...nint, enum: [0, 100, 200, 300, 400, 500], description: "Only pairs whose last attempt's status is in this class; 0 = no response" },
    eventTypes: strList, channel: nstr, tag: nstr,
  }, ["since"]),
  BackgroundTaskOut: obj({ id: str, status: { type: "string", enum: ["running", "finished", "failed"] }, task: { type: "string", enum: ["endpoint.recover", "endpoint.replay", "endpoint.bulk-replay", "application.purge_content", "application.stats", "event-type.aggregate"] }, data: any, updatedAt: time }),
  MessageIn: obj({
    eventType: str, payload: any, eventId: nstr, channels: { ...strList, maxItems: 10 }, tags: { ...strList, maxItems: 5 }, deliverAt: ntime,
    payloadRetentionPeriod: { ...nint, description: "days (1-90, default 90)" }, payloadRetentionHours: nint,
    application: { ...ref("ApplicationIn"), description: "creates the application when the path's app_id does not exist" },
  }, ["eventType", "payload"]),
  MessageOut: obj(messageCore, ["id", "eventType", "payload", "timestamp"]),
  MessagePrecheckIn: obj({ eventType: str, channels: strList }, ["eventType"]),
  MessagePrecheckOut: obj({ active: bool }),
  BulkExpungeContentsIn: obj({ ids: { type: "array", items: str, maxItems: 1000 } }),
  BulkExpungeContentsOut: obj({ results: { type: "object", additionalProperties: { type: "string", enum: ["expunged", "not-found"] } } }, ["results"]),
  EndpointMessageOut: obj({ ...messageCore, ...status, nextAttempt: ntime }),
  MessageEndpointOut: obj({ ...endpointOutProps, ...status, nextAttempt: ntime }),
  MessageAttemptOut: obj({
    id: str, msgId: str, endpointId: str, url: str, response: str, responseStatusCode: int, responseDurationMs: int, ...status,
    triggerType: { type: "integer", enum: [0, 1], description: "0 scheduled, 1 manual" }, timestamp: time, msg: ref("MessageOut"),
    attemptNumber: int, errorClass: nstr,
  }),
  PollingEndpointIn: obj(pollingBody),
  PollingEndpointPatch: obj(pollingBody),
  PollingEndpointOut: obj(pollingOutProps, ["id", "url", "keyPrefix", "createdAt", "updatedAt"]),
  PollingEndpointCreatedOut: obj({ ...pollingOutProps, key: { ...str, description: "The consumer key (hrp_…), shown only in this answer" } }, ["id", "url", "key", "createdAt", "updatedAt"]),
  PollingEndpointKeyOut: obj({ key: str }, ["key"]),
  PollingEndpointPollOut: obj({ data: { type: "array", items: ref("MessageOut") }, iterator: str, done: bool }, ["data", "iterator", "done"]),
  PollingEndpointConsumerSeekIn: obj({ after: time }, ["after"]),
  PollingEndpointConsumerSeekOut: obj({ iterator: str }, ["iterator"]),
  OperationalWebhookEndpointIn: obj(opEndpointBody, ["url"]),
  OperationalWebhookEndpointUpdate: obj(opEndpointBody, ["url"]),
  OperationalWebhookEndpointOut: obj({ ...opEndpointBody, id: str, createdAt: time, updatedAt: time }, ["id", "url", "description", "metadata", "createdAt", "updatedAt"]),
  EmptyResponse: obj({}),
  WhoamiOut: obj({ tokenId: str, name: str }, ["tokenId", "name"]),
  AuditEntryOut: obj({ id: str, timestamp: time, actor: str, action: str, target: nstr, detail: any }, ["id", "timestamp", "actor", "action"]),
};

/** `ListResponse<X>` for each listed model. */
for (const m of ["ApplicationOut", "EventTypeOut", "EndpointOut", "MessageOut", "MessageAttemptOut", "EndpointMessageOut", "MessageEndpointOut", "BackgroundTaskOut", "AuditEntryOut", "PollingEndpointOut", "OperationalWebhookEndpointOut", "IntegrationOut", "DestinationOut"]) {
  SCHEMAS[`ListResponse${m}`] = obj({ data: { type: "array", items: ref(m) }, iterator: nstr, prevIterator: nstr, done: bool }, ["data", "iterator", "done"]);
}
