import { runCrashProof } from '@klarefi/conformance/crash';

runCrashProof('express', new URL('./crash/app.ts', import.meta.url));
