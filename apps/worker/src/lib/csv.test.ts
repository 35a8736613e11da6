import { describe, expect, it } from 'vitest';
import { parseCsv } from '../test/helpers.ts';
import { csvField, csvLine } from './csv.ts';

describe('csvField', () => {
  it('leaves plain text, numbers and booleans as they are and writes null as an empty field', () => {
    expect(csvField('qwen2.5-coder')).toBe('qwen2.5-coder');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes fields with a comma, quote or line break and doubles the quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('defuses text that a spreadsheet would run as a formula with a leading single quote', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('\t=x')).toBe("'\t=x");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('csvLine', () => {
  it('joins fields with commas, ends with CRLF, and reads back to the same values', () => {
    const values = ['id-1', 'He said "no", then\r\nleft', '=2*3', 4.5, null, false];
    const line = csvLine(values);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line)).toEqual([['id-1', 'He said "no", then\r\nleft', "'=2*3", '4.5', '', 'false']]);
  });
});
