import { claimsPage, homePage, resultPage } from '@klarefi/example-kit';
import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ClaimsService } from './claims.service.js';

/** The pages. `/start-claim` and `/webhooks/klarefi` are served by KlarefiModule. */
@Controller()
export class ClaimsController {
  constructor(@Inject(ClaimsService) private readonly claims: ClaimsService) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  home(): string {
    return homePage();
  }

  @Get('claims')
  @Header('content-type', 'text/html; charset=utf-8')
  list(): string {
    return claimsPage(this.claims.store);
  }

  /** The session's `return_url`: Klarefi sends the claimant back with `?case_id=`. */
  @Get('claims/result')
  @Header('content-type', 'text/html; charset=utf-8')
  result(@Query('case_id') caseId?: string): string {
    return resultPage(this.claims.store, typeof caseId === 'string' ? caseId : undefined);
  }
}
