// What `npx klarefi types` writes, augmenting the module that declares Register.
import type { Money } from '../../src/entries/index.js';

interface MotorClaimValues {
  incident_date: string;
  damage_amount: Money;
  other_party_plate?: string | undefined;
}
interface TravelClaimValues {
  trip_start: string;
}

declare module '../../src/claims/register.js' {
  interface Register {
    caseTypes: { motor_claim: MotorClaimValues; travel_claim: TravelClaimValues };
  }
}
