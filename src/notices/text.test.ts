import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cleanText, decodeBytes, fixMojibake } from './text.js';

describe('text cleaning', () => {
  it('repairs UTF-8 read as windows-1252, run by run', () => {
    expect(fixMojibake('from 1â€¯April â€“ the councilâ€™s plan')).toBe(
      'from 1\u202FApril – the council’s plan',
    );
    expect(fixMojibake('CafÃ© and Ã\u00A0la carte')).toBe('Café and àla carte');
  });

  it('leaves genuine Latin-1 text alone', () => {
    expect(fixMojibake('Café façade naïve')).toBe('Café façade naïve');
  });

  it('decodes UTF-8, and windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeBytes(new TextEncoder().encode('£5 – café'))).toBe('£5 – café');
    expect(decodeBytes(iconv.encode('£5 – café', 'windows-1252'))).toBe('£5 – café');
  });

  it('tidies whitespace, line endings and entities, and empties to null', () => {
    expect(cleanText('  Line one\r\n\r\n\r\nLine&nbsp;two  ')).toBe('Line one\n\nLine two');
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(42)).toBeNull();
  });
});
