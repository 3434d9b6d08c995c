import { runCrashProof } from '@klarefi/conformance/crash';

// The app runs in a child process on the installed h3 (the highest major of the peer range).
runCrashProof('h3', new URL('./crash/app.ts', import.meta.url));
