import { runCrashProof } from '@klarefi/conformance/crash';

runCrashProof('hono (Node.js server)', new URL('./crash/app.ts', import.meta.url));
