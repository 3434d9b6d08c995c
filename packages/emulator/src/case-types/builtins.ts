import type { CaseTypeDefinition } from './types.js';

const motorClaim: CaseTypeDefinition = {
  id: 'motor_claim',
  name: { en: 'Motor claim', nl: 'Autoschade melden' },
  questions: [
    {
      id: 'incident_date',
      kind: 'date',
      label: { en: 'Date of the incident', nl: 'Datum van het incident' },
      required: true,
      step: 1,
    },
    {
      id: 'incident_location',
      kind: 'text',
      label: { en: 'Where did it happen?', nl: 'Waar is het gebeurd?' },
      required: true,
      step: 1,
    },
    {
      id: 'license_plate',
      kind: 'plate',
      label: { en: 'Licence plate of your vehicle', nl: 'Kenteken van uw voertuig' },
      required: true,
      step: 1,
    },
    {
      id: 'other_party_plate',
      kind: 'plate',
      label: { en: 'Licence plate of the other party', nl: 'Kenteken van de tegenpartij' },
      step: 1,
    },
    {
      id: 'damage_amount',
      kind: 'amount',
      label: { en: 'Estimated damage', nl: 'Geschatte schade' },
      required: true,
      step: 2,
    },
    {
      id: 'description',
      kind: 'textarea',
      label: { en: 'What happened?', nl: 'Wat is er gebeurd?' },
      required: true,
      step: 2,
    },
    {
      id: 'policy_number',
      kind: 'text',
      label: { en: 'Policy number', nl: 'Polisnummer' },
      step: 2,
    },
    { id: 'email', kind: 'email', label: { en: 'E-mail address', nl: 'E-mailadres' }, step: 2 },
    { id: 'phone', kind: 'phone', label: { en: 'Phone number', nl: 'Telefoonnummer' }, step: 2 },
  ],
  documents: {
    label: {
      en: 'Photos of the damage, a repair quote or the accident report',
      nl: "Foto's van de schade, een offerte of het schadeformulier",
    },
  },
};

const travelClaim: CaseTypeDefinition = {
  id: 'travel_claim',
  name: { en: 'Travel insurance claim', nl: 'Reisschade melden' },
  questions: [
    {
      id: 'destination',
      kind: 'text',
      label: { en: 'Destination', nl: 'Bestemming' },
      required: true,
      step: 1,
    },
    {
      id: 'departure_date',
      kind: 'date',
      label: { en: 'Departure date', nl: 'Vertrekdatum' },
      required: true,
      step: 1,
    },
    { id: 'return_date', kind: 'date', label: { en: 'Return date', nl: 'Terugkeerdatum' }, step: 1 },
    {
      id: 'incident_date',
      kind: 'date',
      label: { en: 'Date of the incident', nl: 'Datum van het incident' },
      required: true,
      step: 1,
    },
    {
      id: 'claimed_amount',
      kind: 'amount',
      label: { en: 'Amount claimed', nl: 'Geclaimd bedrag' },
      required: true,
      step: 2,
    },
    {
      id: 'description',
      kind: 'textarea',
      label: { en: 'What happened?', nl: 'Wat is er gebeurd?' },
      required: true,
      step: 2,
    },
    {
      id: 'email',
      kind: 'email',
      label: { en: 'E-mail address', nl: 'E-mailadres' },
      required: true,
      step: 2,
    },
  ],
  documents: {
    label: { en: 'Receipts, tickets or a police report', nl: 'Bonnen, tickets of een proces-verbaal' },
  },
};

const homeContentsClaim: CaseTypeDefinition = {
  id: 'home_contents_claim',
  name: { en: 'Home contents claim', nl: 'Inboedelschade melden' },
  questions: [
    {
      id: 'incident_date',
      kind: 'date',
      label: { en: 'Date of the incident', nl: 'Datum van het incident' },
      required: true,
      step: 1,
    },
    { id: 'address', kind: 'text', label: { en: 'Address', nl: 'Adres' }, required: true, step: 1 },
    {
      id: 'cause',
      kind: 'text',
      label: { en: 'Cause (e.g. water, fire, theft)', nl: 'Oorzaak (bijv. water, brand, diefstal)' },
      required: true,
      step: 1,
    },
    {
      id: 'damage_amount',
      kind: 'amount',
      label: { en: 'Estimated damage', nl: 'Geschatte schade' },
      required: true,
      step: 2,
    },
    {
      id: 'description',
      kind: 'textarea',
      label: { en: 'What was damaged?', nl: 'Wat is er beschadigd?' },
      required: true,
      step: 2,
    },
    { id: 'phone', kind: 'phone', label: { en: 'Phone number', nl: 'Telefoonnummer' }, step: 2 },
  ],
  documents: {
    label: { en: 'Photos, invoices or receipts', nl: "Foto's, facturen of aankoopbonnen" },
  },
};

/** The case types every emulator knows: `motor_claim`, `travel_claim` and `home_contents_claim`. */
export const BUILT_IN_CASE_TYPES: readonly CaseTypeDefinition[] = [
  motorClaim,
  travelClaim,
  homeContentsClaim,
];

/** Answers that fill every question of `motor_claim`, used for sample events. */
export const SAMPLE_MOTOR_ANSWERS: Readonly<Record<string, string>> = {
  incident_date: '3 februari 2023',
  incident_location: 'Stationsplein 1, Utrecht',
  license_plate: 'ab-123-c',
  damage_amount: '€ 1.234,56',
  description: 'Bij het achteruit inparkeren raakte de tegenpartij mijn achterbumper.',
  policy_number: 'POL-2023-0042',
  email: 'claimant@example.com',
  phone: '06-12345678',
};
