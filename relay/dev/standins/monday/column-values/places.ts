// Location and country columns. https://developer.monday.com/api-reference/reference/location, .../country
import { ColumnValueError } from '../errors';
import { type ColumnTypeRules, type StoredValue, isRecord, stringField } from './types';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** The English name of an ISO 3166-1 alpha-2 country code, or undefined when the code is not one. */
export function countryName(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    return regionNames.of(code);
  } catch {
    return undefined;
  }
}

export function isCountryCode(code: string): boolean {
  return countryName(code) !== undefined;
}

function coordinate(value: unknown, limit: number): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && Math.abs(number) <= limit ? number : undefined;
}

export const locationRules: ColumnTypeRules = {
  write(input, { column, now }) {
    let lat: unknown;
    let lng: unknown;
    let address: unknown;
    if (typeof input === 'string') {
      const [latText, lngText, ...rest] = input.trim().split(/\s+/);
      [lat, lng, address] = [latText, lngText, rest.join(' ')];
    } else if (isRecord(input)) ({ lat, lng, address } = input);
    const latitude = coordinate(lat, 90);
    const longitude = coordinate(lng, 180);
    if (latitude === undefined || longitude === undefined) {
      throw new ColumnValueError(
        'invalid value, please send a latitude (-90 to 90) and a longitude (-180 to 180)',
        column.type,
        column.id
      );
    }
    return {
      lat: String(latitude),
      lng: String(longitude),
      address: typeof address === 'string' ? address : '',
      changed_at: now
    };
  },
  text: (value: StoredValue) =>
    stringField(value, 'address') || `${stringField(value, 'lat') ?? ''}, ${stringField(value, 'lng') ?? ''}`,
  webhookValue: (value: StoredValue) => ({
    lat: Number(stringField(value, 'lat')),
    lng: Number(stringField(value, 'lng')),
    address: stringField(value, 'address')
  })
};

export const countryRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const code = isRecord(input) ? input.countryCode : undefined;
    const name = isRecord(input) ? input.countryName : undefined;
    const expected = typeof code === 'string' ? countryName(code) : undefined;
    // monday validates the country strictly (changelog: "Country column: The API will now strictly validate the
    // country name").
    if (expected === undefined || typeof name !== 'string' || name.toLowerCase() !== expected.toLowerCase()) {
      throw new ColumnValueError(
        'invalid value, please send a valid {"countryCode", "countryName"} pair',
        column.type,
        column.id
      );
    }
    return { countryCode: code, countryName: expected, changed_at: now };
  },
  text: (value: StoredValue) => stringField(value, 'countryName') ?? '',
  webhookValue: (value: StoredValue) => ({
    countryCode: stringField(value, 'countryCode'),
    countryName: stringField(value, 'countryName')
  })
};
