import { runCrashProof } from '@klarefi/conformance/crash';

runCrashProof('nestjs (Express platform)', new URL('./crash/app.ts', import.meta.url));
