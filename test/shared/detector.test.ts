import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrancDetector } from '../../shared/adapters/franc-detector.ts';

const detector = new FrancDetector();

describe('FrancDetector', () => {
  it('detects English and Spanish articles and answers in Amazon Translate’s codes', () => {
    expect(
      detector.detect(readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url), 'utf8')),
    ).toBe('en');
    expect(
      detector.detect(
        'El ayuntamiento aprobó el presupuesto el martes después de un largo debate sobre el tranvía y las escuelas.',
      ),
    ).toBe('es');
  });

  it('declines to guess on a short text where two languages score alike', () => {
    expect(
      detector.detect('Trump news\nDonald Trump met Putin in Kyiv.\nBiden said nothing.'),
    ).toBeUndefined();
    expect(detector.detect('ok')).toBeUndefined();
  });
});
