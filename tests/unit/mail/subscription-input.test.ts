import { describe, expect, it } from 'vitest';
import * as input from '../../../shared/mail/subscription-input.js';

const known = [{ id: 'bao-ha-nam', name: 'Báo Hà Nam' }];

describe('the subscribe and manage forms, read', () => {
  it('splits lists on commas, semicolons and line breaks, and reads the hour as a number', () => {
    const form = new URLSearchParams(
      'sources=bao-ha-nam&categories=X%C3%A3+h%E1%BB%99i%3B+V%C4%83n+h%C3%B3a%0AKinh+t%E1%BA%BF&keywords=+,H%C3%A0+Nam,,&sendHour=06&frequency=weekly',
    );
    expect(input.preferencesFromForm(form)).toEqual({
      sources: ['bao-ha-nam'],
      categories: ['Xã hội', 'Văn hóa', 'Kinh tế'],
      keywords: ['Hà Nam'],
      frequency: 'weekly',
      sendHour: 6,
    });
  });

  it("keeps a number's decimal comma inside its keyword (attack run 25: '1,5 tỷ đồng' was refused)", () => {
    const form = new URLSearchParams({ keywords: '1,5 tỷ đồng, giá vàng,2024, 3,14' });
    expect(input.preferencesFromForm(form).keywords).toEqual(['1,5 tỷ đồng', 'giá vàng', '2024', '3,14']);
  });

  it('leaves a malformed hour for the schema to refuse, named by its field', () => {
    const read = input.readPreferences(input.preferencesFromForm(new URLSearchParams('sendHour=7pm')), known);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issues.map((i) => i.path)).toEqual(['sendHour']);
    expect(input.issueLines(read.issues)[0]).toBe('Giờ nhận: phải là một số nguyên');
  });

  it('refuses a source a reader cannot choose, in English for the API and in Vietnamese for the page', () => {
    const read = input.readSignup(
      input.signupFromForm(new URLSearchParams('email=ban%40example.vn&sources=bao-khac')),
      known,
    );
    expect(read).toEqual({
      ok: false,
      issues: [{ path: 'sources', message: 'unknown source "bao-khac"' }],
    });
    if (read.ok) return;
    expect(input.issueSummary(read.issues)).toBe('Invalid request: sources: unknown source "bao-khac"');
    expect(input.issueLines(read.issues)).toEqual(['Nguồn tin: không có nguồn tin "bao-khac"']);
  });

  it('refuses keywords and categories without a letter or digit: they would match every article', () => {
    const read = input.readSignup(
      { email: 'ban@example.vn', keywords: ['🔥🔥', 'Hà Nam'], categories: ['???'] },
      known,
    );
    expect(read).toEqual({
      ok: false,
      issues: [
        { path: 'categories', message: '"???" has no letter or digit: it would match every article' },
        { path: 'keywords', message: '"🔥🔥" has no letter or digit: it would match every article' },
      ],
    });
    expect(input.readPreferences({ keywords: ['C++', 'Covid-19'] }, known).ok).toBe(true);
  });

  it("refuses the server's own zone (system, local, default) as a reader's, naming the field (attack run 19)", () => {
    for (const zone of ['system', 'local', 'Default']) {
      const read = input.readSignup({ email: 'ban@example.vn', timeZone: zone }, known);
      expect(read.ok, zone).toBe(false);
      if (read.ok) continue;
      expect(read.issues.map((i) => i.path)).toEqual(['timeZone']);
      // The page says why in Vietnamese.
      expect(input.issueLines(read.issues)[0]).toMatch(/^Múi giờ: ".*" là múi giờ của máy chủ/);
      expect(input.readPreferences({ timeZone: zone }, known).ok).toBe(false);
    }
    for (const zone of ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'UTC', 'UTC+07:00'])
      expect(input.readPreferences({ timeZone: zone }, known).ok, zone).toBe(true);
  });

  it('takes a valid request, and shows the defaults again when the choices are not valid', () => {
    const read = input.readSignup({ email: 'ban@example.vn', sources: ['bao-ha-nam'] }, known);
    expect(read.ok && read.value).toMatchObject({
      email: 'ban@example.vn',
      sources: ['bao-ha-nam'],
      sendHour: 7,
    });
    expect(input.formFallback(new URLSearchParams('sendHour=99&keywords=H%C3%A0+Nam'))).toMatchObject({
      sendHour: 7,
      keywords: [],
    });
    expect(input.formFallback(new URLSearchParams('sendHour=9'))).toMatchObject({ sendHour: 9 });
  });
});

describe('the reasons the Vietnamese pages give', () => {
  it('say in Vietnamese what the schemas refused, field by field', () => {
    const lines = (value: Record<string, unknown>) => {
      const read = input.readSignup(value, known);
      return read.ok ? [] : input.issueLines(read.issues);
    };
    expect(lines({ email: 'ban.example.vn' })).toEqual([
      'Địa chỉ email: địa chỉ email phải có đúng một dấu @',
    ]);
    expect(lines({ email: 'ban@example.vn', sendHour: 25 })).toEqual(['Giờ nhận: phải từ 23 trở xuống']);
    expect(lines({ email: 'ban@example.vn', frequency: 'hourly' })).toEqual([
      'Tần suất: phải là một trong: instant, daily, weekly',
    ]);
    expect(lines({ email: 'ban@example.vn', keywords: ['a'] })).toEqual(['Từ khóa: cần ít nhất 2 ký tự']);
    expect(lines({ email: 'ban@example.vn', timeZone: 'Sao Hỏa/Olympus' })).toEqual([
      'Múi giờ: không phải múi giờ hợp lệ (ví dụ Asia/Ho_Chi_Minh)',
    ]);
    // A reason not listed is shown as the schema gave it.
    expect(input.vietnameseReason('something new')).toBe('something new');
  });
});
