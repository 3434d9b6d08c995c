import { webhooks } from '@klarefi/nextjs';
import { klarefiOptions } from '../../../lib/klarefi';

// POST /webhooks/klarefi: verified over the raw bytes, deduplicated, then onEvent runs.
export const { POST } = webhooks(klarefiOptions);
