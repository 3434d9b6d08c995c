import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a run was measured on, for the RESULTS.md header. */
export function describeMachine(): string[] {
  const cores = cpus();
  return [
    `CPU: ${cores[0]?.model.trim() ?? 'unknown'}, ${cores.length} cores`,
    `Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `Node: ${process.version} (${process.platform} ${process.arch})`,
    `Load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1 / 5 / 15 min)`,
  ];
}
