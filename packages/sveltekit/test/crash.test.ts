import { runCrashProof } from '@klarefi/conformance/crash';

runCrashProof('sveltekit (adapter-node build)', new URL('./crash/app.ts', import.meta.url));
