import { ClaimStore } from '@klarefi/example-kit';

/** The claims the webhook received, in memory (one process); the pages read it. */
export const store = new ClaimStore();
