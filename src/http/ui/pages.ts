/**
 * @module http/ui pages — the resource pages of the web UI, one route module per resource (each uses
 * uiSession, so every state-changing request is CSRF-checked). Importing this file registers them.
 */
import { registerUiPages } from "./index";
import { dashboardPages } from "./dashboard-pages";
import { applicationPages } from "./application-pages";
import { endpointPages } from "./endpoint-pages";
import { endpointActions } from "./endpoint-actions";
import { pollingPages } from "./polling-pages";
import { integrationPages } from "./integration-pages";
import { messagePages } from "./message-pages";
import { eventTypePages } from "./event-type-pages";
import { sourcePages } from "./source-pages";
import { sourceInspector } from "./source-inspector";
import { settingsPages } from "./settings-pages";
import { helpPages } from "./help-pages";
import { notFoundPages } from "./not-found-pages";

for (const m of [dashboardPages, applicationPages, endpointPages, endpointActions, pollingPages, integrationPages, messagePages, eventTypePages, sourcePages, sourceInspector, settingsPages, helpPages, notFoundPages]) {
  registerUiPages(m);
}
