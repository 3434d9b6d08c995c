import { webhooks } from '@klarefi/astro';
import { klarefiOptions } from '../../lib/klarefi.js';

// POST /webhooks/klarefi: verified over the raw bytes, deduplicated, then onEvent runs.
export const { POST } = webhooks(klarefiOptions);
