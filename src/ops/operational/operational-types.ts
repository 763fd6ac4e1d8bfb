// What operational webhooks are made of, without the code that sends them: the API's endpoint
// routes check filters against these event types and find the built-in application by its uid.

/** The built-in application operational events are messages of. */
export const OPERATIONAL_APP_UID = "hookrelay-operational";

export const OPERATIONAL_EVENT_TYPES = ["endpoint.disabled", "endpoint.failing", "message.attempt.exhausted", "message.attempt.recovered", "source.rejecting"] as const;
export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[number];
