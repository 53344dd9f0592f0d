import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of every CSV the API answers (csv-stringify): RFC 4180 quoting, CRLF line ends, a line end
 * after the last row, and `escape_formulas`, so that a cell beginning with = + - @ (or a tab or CR) that a
 * client wrote is prefixed with ' and a spreadsheet never runs it as a formula (numbers keep their sign).
 * Cells: null and undefined empty, booleans true/false, dates ISO-8601, objects and arrays as JSON.
 * The first row is the header.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], {
    escape_formulas: true,
    record_delimiter: '\r\n',
    // a line break inside a cell is quoted whatever the record delimiter (csv-stringify quotes only that one otherwise)
    quote_record_delimiter: true,
    cast: {
      boolean: (v) => String(v),
      date: (v) => v.toISOString(),
      object: (v) => JSON.stringify(v),
    },
  });
}
