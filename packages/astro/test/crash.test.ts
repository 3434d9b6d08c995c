import { runCrashProof } from '@klarefi/conformance/crash';

runCrashProof('astro', new URL('./crash/app.ts', import.meta.url));
