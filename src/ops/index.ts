/**
 * @module ops — what an operator needs to run hookrelay for months: scheduled backups, retention,
 * Prometheus metrics and operational alerts. Imported once from src/features.ts.
 */
import { registerFeature } from "../app";
import { registerBackupJob } from "./backup-job";
import { registerRetentionJob } from "./retention-job";

registerFeature(registerBackupJob);
registerFeature(registerRetentionJob);
