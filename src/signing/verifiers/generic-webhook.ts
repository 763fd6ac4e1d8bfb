// `generic-webhook`: no authentication at all; the unguessable ingest URL token is the only gate.
import { OK } from "./common.ts";
import { defineVerifier } from "./define.ts";

export const genericWebhook = defineVerifier<Record<string, never>>({
  type: "generic-webhook",
  secretFields: [],
  fields: {},
  verify: () => OK,
});
