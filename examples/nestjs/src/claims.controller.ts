import { claimsPage, type ExampleConfig, homePage, resultPage } from '@klarefi/example-kit';
import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ClaimsService } from './claims.service.js';
import { EXAMPLE_CONFIG } from './config.js';

/** The pages. `/start-claim` and `/webhooks/klarefi` are served by KlarefiModule. */
@Controller()
export class ClaimsController {
  constructor(
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(EXAMPLE_CONFIG) private readonly config: ExampleConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  home(): string {
    return homePage(this.config.locale);
  }

  @Get('claims')
  @Header('content-type', 'text/html; charset=utf-8')
  list(): string {
    return claimsPage(this.claims.store, this.config.locale);
  }

  /** The session's `return_url`: Klarefi sends the claimant back with `?case_id=`. */
  @Get('claims/result')
  @Header('content-type', 'text/html; charset=utf-8')
  result(@Query('case_id') caseId?: string): string {
    return resultPage(this.claims.store, typeof caseId === 'string' ? caseId : undefined, this.config.locale);
  }
}
