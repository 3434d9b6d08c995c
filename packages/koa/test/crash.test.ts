import { runCrashProof } from '@klarefi/conformance/crash';

// The app runs in a child process on the installed Koa (the highest major of the peer range).
runCrashProof('koa', new URL('./crash/app.ts', import.meta.url));
