import { exampleConfig, resultPage } from '@klarefi/example-kit';
import type { NextRequest } from 'next/server';
import { claims, html } from '../../../lib/klarefi';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Response {
  const caseId = request.nextUrl.searchParams.get('case_id') ?? undefined;
  return html(resultPage(claims, caseId, exampleConfig().locale));
}
