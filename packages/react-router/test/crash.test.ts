import { runCrashProof } from '@klarefi/conformance/crash';

// The app runs in a child process, on the fixture's production build (made by global-setup.ts).
runCrashProof('react-router', new URL('./crash/app.ts', import.meta.url));
