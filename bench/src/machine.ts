import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { version as esbuildVersion } from 'esbuild';
import Stripe from 'stripe';

const require = createRequire(import.meta.url);

/** The 1, 5 and 15 minute load averages, as `"1.87 / 2.91 / 5.48"`. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** The machine and tools a run was measured with, for the RESULTS.md header. */
export function describeMachine(): string[] {
  const cores = cpus();
  const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return [
    `CPU: ${cores[0]?.model.trim() ?? 'unknown'}, ${cores.length} cores`,
    `Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `Node: ${process.version} (${process.platform} ${process.arch})`,
    `Tools: stripe ${Stripe.PACKAGE_VERSION}, autocannon ${versionOf('autocannon')}, esbuild ${esbuildVersion}`,
  ];
}
