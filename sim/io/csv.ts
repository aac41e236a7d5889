/**
 * CSV as RFC 4180 writes it: fields joined by commas, a field quoted when it
 * holds a comma, a quote or a line break (quotes inside doubled); numbers as
 * JavaScript prints them (full precision); null and undefined as empty fields.
 */
export function csvLine(
  fields: ReadonlyArray<string | number | boolean | null | undefined>,
): string {
  return fields.map(csvField).join(",");
}

/** A table: a header line, then one line per row; ends with a newline. */
export function csvTable(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>,
): string {
  return [csvLine(header), ...rows.map(csvLine)].join("\n") + "\n";
}

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
