import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStationBodySchema, createUserBody, silenceBody } from '@langxanh/contracts';
import { initI18n } from '../../../i18n';
import { AdminApiError, fieldErrorsOf } from '../api/admin-api';
import { serverErrors, validate } from './validation';

describe('admin form validation with the API schemas', () => {
  beforeAll(() => {
    initI18n();
  });

  const check = (schema: Parameters<typeof validate>[0], input: unknown) => {
    const result = validate(schema, input, i18next.t);
    if (result.ok) throw new Error('expected field errors');
    return result.errors;
  };

  it('names each refused field of a new account in Vietnamese, then in English', async () => {
    await i18next.changeLanguage('vi');
    const vi = check(createUserBody, { username: 'Quan Ly', password: 'ngan', role: 'boss' });
    expect(vi).toEqual({
      username: '2–64 ký tự: chữ thường a–z, chữ số, “.”, “_”, “-”; bắt đầu bằng chữ hoặc số.',
      password: 'Ít nhất 12 ký tự.',
      role: 'Hãy chọn một trong các giá trị có sẵn.',
    });
    await i18next.changeLanguage('en');
    expect(check(createUserBody, { username: 'ok-name', password: 'ngan', role: 'manager' })).toEqual({
      password: 'At least 12 characters.',
    });
    await i18next.changeLanguage('vi');
  });

  it('keys nested registry problems by their path (permit limits, coordinates)', () => {
    const errors = check(createStationBodySchema, {
      cluster: 'phong-khe',
      id: 'pk-ww-09',
      name: 'x',
      kind: 'wastewater',
      location: { lat: 'abc', lon: 106 },
      standard: { qcvn: 'QCVN 40:2011/BTNMT', column: 'B', kq: 5 },
      permit: {
        number: '1/GP',
        effectiveFrom: '2026-12-07',
        limits: [{ parameter: 'COD', min: 60, max: 50 }],
      },
    });
    expect(Object.keys(errors).sort()).toEqual(['location.lat', 'permit.limits.0', 'standard.kq']);
    expect(errors['standard.kq']).toBe('Nhiều nhất 1.3.');
  });

  it('says "required" for an empty reason and "not a valid time" for a bad time', () => {
    const errors = check(silenceBody, { station: 'pk-ww-01', to: 'ngày mai', reason: '  ' });
    expect(errors).toEqual({ to: 'Thời gian không hợp lệ.', reason: 'Bắt buộc.' });
  });

  it('reads the server field errors of a problem-details body and of a bad_request message', () => {
    expect(fieldErrorsOf({ errors: [{ path: ['permit', 'limits', 0, 'max'], message: 'too big' }] })).toEqual(
      [{ path: 'permit.limits.0.max', message: 'too big' }],
    );
    expect(fieldErrorsOf({ error: 'bad_request', message: 'username: taken; password: too short' })).toEqual([
      { path: 'username', message: 'taken' },
      { path: 'password', message: 'too short' },
    ]);
    const errors = serverErrors(new AdminApiError(409, 'conflict', 'user "a" exists', []), i18next.t);
    expect(errors['']).toBe('Mâu thuẫn với trạng thái hiện tại (user "a" exists)');
  });
});
