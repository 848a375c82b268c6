/** `--help` after a command: that command's usage on stdout, exit 0, whatever else is on the line. */
import { describe, expect, it } from 'vitest';
import { cli } from '../../support/cli.js';

describe('a command asked for its help', () => {
  it.each([
    ['extract', 'usage: npm run cli -- extract FILE_OR_URL...'],
    ['parse-feed', 'usage: npm run cli -- parse-feed FILE_OR_URL'],
    ['sources', 'usage: npm run cli -- sources <command>'],
    ['audit', 'usage: npm run cli -- audit [--target source:ID] [--limit N] [--before ENTRY_ID]'],
    ['dlq', 'usage: npm run cli -- dlq <command>'],
  ])('%s prints its own usage on stdout and exits 0', async (command, usage) => {
    for (const help of ['--help', '-h']) {
      const run = await cli([command, 'list', help]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout.startsWith(usage)).toBe(true);
    }
  });

  it('reads --help after -- as an input, and a mistake still as a mistake on stderr', async () => {
    const run = await cli(['extract', '--', '--help']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    const audit = await cli(['audit', '--bogus']);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toContain('usage: npm run cli -- audit');
    expect(audit.stderr).not.toContain('npm run cli -- sources');
  });
});
