import { describe, expect, it } from 'vitest';
import {
  normalizeAmount,
  normalizeDate,
  normalizeEmail,
  normalizePhone,
  normalizePlate,
  normalizeText,
} from '../src/index.js';

describe('normalizeDate', () => {
  it.each([
    ['3 februari 2023', '2023-02-03'],
    ['3 Februari 2023', '2023-02-03'],
    ['03 feb 2023', '2023-02-03'],
    ['3 feb. 2023', '2023-02-03'],
    ['3-feb-2023', '2023-02-03'],
    ['vrijdag 3 februari 2023', '2023-02-03'],
    ['17 maart 2024', '2024-03-17'],
    ['1 mei 2022', '2022-05-01'],
    ['31 okt 2021', '2021-10-31'],
    ['3 mrt 2023', '2023-03-03'],
    ['3-2-2023', '2023-02-03'],
    ['03-02-2023', '2023-02-03'],
    ['3/2/2023', '2023-02-03'],
    ['3.2.2023', '2023-02-03'],
    ['3-2-23', '2023-02-03'],
    ['2/13/2023', '2023-02-13'],
    ['February 3, 2023', '2023-02-03'],
    ['february 3 2023', '2023-02-03'],
    ['Feb 3rd, 2023', '2023-02-03'],
    ['3rd February 2023', '2023-02-03'],
    ['3 Feb 2023', '2023-02-03'],
    ['Friday, 3 February 2023', '2023-02-03'],
    ['2023-02-03', '2023-02-03'],
    ['2023-2-3', '2023-02-03'],
    ['2023-02-03T10:30:00Z', '2023-02-03'],
    ['2023/02/03', '2023-02-03'],
    ['  29 februari 2024 ', '2024-02-29'],
    ['1 January 1999', '1999-01-01'],
    ['12-31-99', '1999-12-31'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it.each([
    [''],
    ['gisteren'],
    ['yesterday'],
    ['29 februari 2023'],
    ['31-04-2023'],
    ['13-13-2023'],
    ['3 brumaire 2023'],
    ['2023-02-30'],
    ['3 februari'],
    ['20230203'],
  ])('%j → null', (input) => {
    expect(normalizeDate(input)).toBeNull();
  });
});

describe('normalizeAmount', () => {
  it.each([
    ['€ 1.234,56', { amount: 1234.56, currency: 'EUR' }],
    ['€1.234,56', { amount: 1234.56, currency: 'EUR' }],
    ['1,234.56 EUR', { amount: 1234.56, currency: 'EUR' }],
    ['EUR 250', { amount: 250, currency: 'EUR' }],
    ['250', { amount: 250, currency: 'EUR' }],
    ['€ 250,-', { amount: 250, currency: 'EUR' }],
    ['250,50', { amount: 250.5, currency: 'EUR' }],
    ['250.5', { amount: 250.5, currency: 'EUR' }],
    ['1.234', { amount: 1234, currency: 'EUR' }],
    ['1,234', { amount: 1234, currency: 'EUR' }],
    ['1.234.567,89', { amount: 1234567.89, currency: 'EUR' }],
    ['1,234,567.89', { amount: 1234567.89, currency: 'EUR' }],
    ['1 234,56 euro', { amount: 1234.56, currency: 'EUR' }],
    ['1\u00a0234,56 €', { amount: 1234.56, currency: 'EUR' }],
    ['eur 99,99', { amount: 99.99, currency: 'EUR' }],
    ['$ 12.50', { amount: 12.5, currency: 'USD' }],
    ['£7', { amount: 7, currency: 'GBP' }],
    ['0,5', { amount: 0.5, currency: 'EUR' }],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAmount(input)).toEqual(expected);
  });

  it.each([[''], ['veel'], ['€'], ['-250'], ['1.2.3'], ['1,23,4'], ['12,34.56'], ['€ 5 $'], ['1.234,5,6']])(
    '%j → null',
    (input) => {
      expect(normalizeAmount(input)).toBeNull();
    },
  );
});

describe('normalizePlate', () => {
  it.each([
    ['ab-123-c', 'AB-123-C'],
    ['AB 123 C', 'AB-123-C'],
    ['ab.123.c', 'AB-123-C'],
    ['  ab - 123 - c ', 'AB-123-C'],
    ['AB123C', 'AB-123-C'],
    ['12ABC3', '12-ABC-3'],
    ['AB12CD', 'AB-12-CD'],
    ['AB1234', 'AB-12-34'],
    ['1234AB', '12-34-AB'],
    ['xx-99-99', 'XX-99-99'],
    ['B 123 XYZ', 'B-123-XYZ'],
  ])('%j → %s', (input, expected) => {
    expect(normalizePlate(input)).toBe(expected);
  });

  it.each([[''], ['ABCDEF'], ['AB-12!-C'], ['A'], ['ABCDEFGHIJ123'], ['--']])('%j → null', (input) => {
    expect(normalizePlate(input)).toBeNull();
  });
});

describe('normalizeEmail, normalizePhone, normalizeText', () => {
  it.each([
    [' Jan@Example.COM ', 'Jan@example.com'],
    ['a.b+c@sub.example.nl', 'a.b+c@sub.example.nl'],
    ['not-an-email', null],
    ['a@b', null],
    ['a b@example.com', null],
  ])('email %j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['06-12345678', '+31612345678'],
    ['06 1234 5678', '+31612345678'],
    ['+31 6 1234 5678', '+31612345678'],
    ['0031 20 123 4567', '+31201234567'],
    ['(020) 123-4567', '+31201234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['12345', null],
    ['bel me', null],
    ['612345678', null],
  ])('phone %j → %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('trims text and collapses spaces on one line, keeps lines in multi-line text', () => {
    expect(normalizeText('  Stationsplein   1 \n Utrecht ')).toBe('Stationsplein 1 Utrecht');
    expect(normalizeText(' regel 1\r\nregel 2 ', true)).toBe('regel 1\nregel 2');
    expect(normalizeText('   ')).toBeNull();
  });
});
