import { runCrashProof } from '@klarefi/conformance/crash';

runCrashProof('fastify', new URL('./crash/app.ts', import.meta.url));
