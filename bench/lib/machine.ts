// What the numbers were measured on: CPU count and model, memory, kernel, Bun, commit.
import { readFileSync } from "node:fs";
import { availableParallelism, totalmem, release } from "node:os";
import { $ } from "bun";

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  kernel: string;
  bun: string;
}

export function machineInfo(): Machine {
  let cpuModel = "unknown";
  try { cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel; } catch { /* not Linux */ }
  return { nproc: availableParallelism(), cpuModel, memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10, kernel: release(), bun: Bun.version };
}

export async function gitCommit(cwd: string): Promise<{ commit: string; dirty: boolean }> {
  const commit = (await $`git rev-parse --short HEAD`.cwd(cwd).nothrow().quiet().text()).trim() || "unknown";
  // Only tracked source files count: other engineers' untracked work in progress is not "this commit" either way.
  const dirty = (await $`git status --porcelain --untracked-files=no -- src`.cwd(cwd).nothrow().quiet().text()).trim().length > 0;
  return { commit, dirty };
}
