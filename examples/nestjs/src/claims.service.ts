import { ClaimStore } from '@klarefi/example-kit';
import { type KlarefiEvent, type KlarefiEventContext, OnKlarefiEvent } from '@klarefi/nestjs';
import { Injectable } from '@nestjs/common';

/** Keeps the verified events by case id (in memory here: use your database). */
@Injectable()
export class ClaimsService {
  readonly store = new ClaimStore();

  // Runs for every verified delivery: the module checked the signature, the timestamp and the
  // delivery id first. Throwing here answers 500, so Klarefi delivers the event again.
  @OnKlarefiEvent()
  async record(event: KlarefiEvent, { claim }: KlarefiEventContext): Promise<void> {
    await this.store.record(event, claim);
  }
}
