// Version, commit and build date: baked in by `bun build --define` (scripts/build.ts); dev runs show "dev".
declare const HOOKRELAY_VERSION: string | undefined;
declare const HOOKRELAY_COMMIT: string | undefined;
declare const HOOKRELAY_BUILD_DATE: string | undefined;

export const buildInfo = {
  version: typeof HOOKRELAY_VERSION === "string" ? HOOKRELAY_VERSION : "0.1.0-dev",
  commit: typeof HOOKRELAY_COMMIT === "string" ? HOOKRELAY_COMMIT : "dev",
  date: typeof HOOKRELAY_BUILD_DATE === "string" ? HOOKRELAY_BUILD_DATE : "unbuilt",
  bun: Bun.version,
};

export const versionLine = () => `hookrelay ${buildInfo.version} (${buildInfo.commit}, built ${buildInfo.date}, bun ${buildInfo.bun})`;
export const userAgent = () => `hookrelay/${buildInfo.version}`;
