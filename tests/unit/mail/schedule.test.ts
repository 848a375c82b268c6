import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  digestPeriod,
  gmtLabel,
  nextDigestAt,
  vietnameseDate,
  vietnameseDateTime,
} from '../../../shared/mail/schedule.js';

const daily = (timeZone: string, sendHour = 7) => ({ frequency: 'daily' as const, sendHour, timeZone });

describe('digest schedule', () => {
  it('sends at 07:00 in Hanoi (UTC+7, no DST) and at 07:00 in Berlin (CET in winter)', () => {
    const after = new Date('2026-11-26T12:00:00Z');
    expect(nextDigestAt(daily('Asia/Ho_Chi_Minh'), after)?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(nextDigestAt(daily('Europe/Berlin'), after)?.toISOString()).toBe('2026-11-27T06:00:00.000Z');
  });

  it('follows Berlin into summer time (CEST, UTC+2) across the March change', () => {
    // 29 March 2026: clocks go from 02:00 to 03:00 in Berlin.
    const saturday = nextDigestAt(daily('Europe/Berlin'), new Date('2026-03-27T12:00:00Z'));
    expect(saturday?.toISOString()).toBe('2026-03-28T06:00:00.000Z');
    expect(nextDigestAt(daily('Europe/Berlin'), saturday!)?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
    // An hour that does not exist that night (02:00) moves to the next one that does.
    expect(nextDigestAt(daily('Europe/Berlin', 2), new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('is strictly after the given instant: at 07:00 sharp the next one is tomorrow', () => {
    const at = new Date('2026-11-27T00:00:00Z'); // 07:00 in Hanoi
    expect(nextDigestAt(daily('Asia/Ho_Chi_Minh'), at)?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(nextDigestAt(daily('Asia/Ho_Chi_Minh'), new Date(at.getTime() - 1))?.toISOString()).toBe(
      at.toISOString(),
    );
  });

  it('gives every local day one digest across the daylight-saving changes, hours that vanish included', () => {
    // Greenland springs forward at 23:00 (to midnight): a 23:00 digest that day goes the minute before.
    for (const timeZone of ['America/Nuuk', 'America/Scoresbysund', 'Europe/Berlin', 'America/Santiago']) {
      for (const sendHour of [0, 1, 22, 23]) {
        const periods: string[] = [];
        let at = new Date('2025-01-01T00:00:00Z');
        for (let n = 0; n < 400; n++) {
          at = nextDigestAt(daily(timeZone, sendHour), at)!;
          periods.push(digestPeriod('daily', at, timeZone));
        }
        const days = periods.map((p) => DateTime.fromISO(p, { zone: 'UTC' }).toMillis() / 86_400_000);
        expect(days.every((day, i) => i === 0 || day - days[i - 1]! === 1)).toBe(true);
      }
    }
    const nuuk = nextDigestAt(daily('America/Nuuk', 23), new Date('2025-03-29T12:00:00Z'))!;
    expect(nuuk.toISOString()).toBe('2025-03-30T00:59:00.000Z'); // 22:59 on the 29th, local
    expect(digestPeriod('daily', nuuk, 'America/Nuuk')).toBe('2025-03-29');
  });

  it('sends a digest whose hour vanishes at the first hour after the jump, however long the jump (attack run 22)', () => {
    // Antarctica/Troll jumps two hours (01:00 → 03:00) on 29 March 2026: a 02:00 digest goes at 03:00.
    const troll = nextDigestAt(daily('Antarctica/Troll', 2), new Date('2026-03-28T12:00:00Z'))!;
    expect(troll.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(DateTime.fromJSDate(troll, { zone: 'Antarctica/Troll' }).toFormat('HH:mm')).toBe('03:00');
    // A one-hour jump (Berlin, 02:00 → 03:00) and a half-hour one (Lord Howe, 02:00 → 02:30).
    const berlin = nextDigestAt(daily('Europe/Berlin', 2), new Date('2026-03-28T12:00:00Z'))!;
    expect(DateTime.fromJSDate(berlin, { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2026-03-29 03:00',
    );
    const lordHowe = nextDigestAt(daily('Australia/Lord_Howe', 2), new Date('2026-10-03T12:00:00Z'))!;
    expect(DateTime.fromJSDate(lordHowe, { zone: 'Australia/Lord_Howe' }).toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2026-10-04 02:30',
    );
  });

  it('sends weekly digests on Mondays at the send hour', () => {
    const next = nextDigestAt(
      { frequency: 'weekly', sendHour: 18, timeZone: 'Asia/Ho_Chi_Minh' },
      new Date('2026-11-27T00:00:00Z'),
    );
    expect(next?.toISOString()).toBe('2026-11-30T11:00:00.000Z'); // Monday 30/11 18:00 in Hanoi
  });

  it('sends no digest to instant subscribers', () => {
    expect(nextDigestAt({ frequency: 'instant', sendHour: 7, timeZone: 'UTC' }, new Date())).toBeUndefined();
  });

  it('names periods by the local date, which is not always the UTC date', () => {
    const at = new Date('2026-11-26T23:00:00Z'); // 06:00 on 27/11 in Hanoi, still 26/11 in UTC and Berlin
    expect(digestPeriod('daily', at, 'Asia/Ho_Chi_Minh')).toBe('2026-11-27');
    expect(digestPeriod('daily', at, 'Europe/Berlin')).toBe('2026-11-27'); // 00:00 on 27/11 in Berlin
    expect(digestPeriod('daily', at, 'America/New_York')).toBe('2026-11-26');
    expect(digestPeriod('weekly', at, 'Asia/Ho_Chi_Minh')).toBe('2026-W48');
    expect(vietnameseDate(at, 'Asia/Ho_Chi_Minh')).toBe('27/11/2026');
  });

  it('writes dates and times in a zone as luxon writes them', () => {
    const zones = [
      'Asia/Ho_Chi_Minh',
      'Europe/Berlin',
      'America/St_Johns',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'Pacific/Kiritimati',
      'UTC',
      'utc+7',
      'UTC-03:30',
      'Nowhere/Atlantis',
    ];
    const instants = [
      new Date('2026-03-29T00:59:59Z'),
      new Date('2026-10-25T01:00:00Z'),
      new Date(Number.NaN),
    ];
    // Every 97 hours and 11 minutes over 6 years, DST changes and year ends included.
    for (let time = Date.UTC(2023, 0, 1); time < Date.UTC(2029, 0, 1); time += 97 * 3_600_000 + 11 * 60_000) {
      instants.push(new Date(time));
    }
    instants.push(new Date('0999-05-04T03:02:01Z'), new Date('+012345-01-01T00:00:00Z'));
    for (const zone of zones) {
      for (const at of instants) {
        const local = DateTime.fromJSDate(at, { zone });
        expect(vietnameseDate(at, zone)).toBe(local.toFormat('dd/MM/yyyy'));
        expect(vietnameseDateTime(at, zone)).toBe(local.toFormat('HH:mm dd/MM/yyyy'));
      }
    }
    expect(vietnameseDateTime('2026-11-27T08:15:00+07:00', 'Asia/Ho_Chi_Minh')).toBe('08:15 27/11/2026');
    // Whose time it is, beside it in mail (attack run 37).
    expect(gmtLabel('2026-11-27T08:15:00+07:00', 'Asia/Ho_Chi_Minh')).toBe('GMT+7');
    expect(gmtLabel('2026-11-27T08:15:00+07:00', 'Asia/Kolkata')).toBe('GMT+5:30');
    expect(gmtLabel('2026-07-27T08:15:00Z', 'Europe/London')).toBe('GMT+1');
    expect(gmtLabel('2026-11-27T08:15:00Z', 'Europe/London')).toBe('GMT');
    expect(gmtLabel('2026-11-27T08:15:00Z', 'America/St_Johns')).toBe('GMT-3:30');
    expect(gmtLabel('not a date', 'Asia/Ho_Chi_Minh')).toBe('');
    expect(vietnameseDateTime('not a date', 'Asia/Ho_Chi_Minh')).toBe(
      DateTime.fromJSDate(new Date('not a date')).toFormat('HH:mm dd/MM/yyyy'),
    );
  });
});
