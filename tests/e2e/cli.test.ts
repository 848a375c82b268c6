/**
 * The CLI as a user runs it from a shell: `npm run cli -- …` runs the prebuilt dist/cli.mjs
 * (built again first when a source is newer) and prints only the result on stdout, no npm banner.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/local-stack.js';
import { freePort } from '../support/processes.js';

const PAGE = 'tests/fixtures/pages/provincial/le-hoi-van-hoa.html';

/** A shell command in the project folder, with the environment of a terminal (none of `npm test`'s npm_* settings). */
function shell(command: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return spawnSync('bash', ['-o', 'pipefail', '-c', command], { cwd: projectRoot, env, encoding: 'utf8' });
}

describe('npm run cli', () => {
  it('prints only JSON on stdout: extract FILE | python3 -m json.tool works', () => {
    const run = shell(`npm run cli -- extract ${PAGE} | /usr/bin/python3 -m json.tool`);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      title: 'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
      author: 'Lan Anh',
    });
  });

  it('extracts several pages in worker threads, printing JSON Lines in input order', () => {
    const other = 'tests/fixtures/pages/national/toa-dam-qcdc.html';
    const run = shell(`npm run cli -- extract ${PAGE} /no/such/page.html ${other} ${PAGE} --jobs 2`);
    expect(run.status).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.title ?? line.error)).toEqual([
      'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
      'no such file (ENOENT)',
      expect.stringMatching(/^Tọa đàm/),
      'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
    ]);
    expect(run.stderr).toContain('/no/such/page.html: error: no such file (ENOENT)');
  });

  it('stops quietly, with success, when its reader stops early (| head)', () => {
    // Several pages: more output than the pipe holds once head has left.
    const pages = Array(40).fill(PAGE).join(' ');
    const run = shell(`npm run cli -- extract ${pages} --jobs 1 | head -c 100 >/dev/null`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('EPIPE');
  });

  it('exits non-zero with the reason, and nothing on stdout, for a text file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bantin-cli-')), 'ghi-chu.txt');
    writeFileSync(file, 'Chỉ là ghi chú, không phải trang web.\n');
    const run = shell(`npm run cli -- extract ${file}`);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}: error: not an HTML page (plain text)`);
  });

  it('prints the help asked for on stdout (exit 0), and after a mistake on stderr (exit 2)', () => {
    const asked = shell('npm run cli -- --help');
    expect(asked.status).toBe(0);
    expect(asked.stdout).toContain('parse-feed');
    expect(asked.stderr).toBe('');
    const mistaken = shell('npm run cli -- exract x.html');
    expect(mistaken.status).toBe(2);
    expect(mistaken.stdout).toBe('');
    expect(mistaken.stderr).toContain('unknown command: exract');
  });

  it('bundles one copy of the HTML parser, though sanitize-html requires it as CommonJS', () => {
    expect(shell('npm run cli -- --help').status).toBe(0); // builds dist/ when stale
    const chunks = join(projectRoot, 'dist/chunks');
    const bundled = readdirSync(chunks).map((file) => readFileSync(join(chunks, file), 'utf8'));
    // esbuild keeps a CommonJS module's path as the key of its wrapper.
    expect(bundled.some((code) => code.includes('node_modules/sanitize-html/index.js'))).toBe(true);
    expect(
      bundled.filter((code) => /node_modules\/(?:htmlparser2|entities)\/dist\/commonjs/.test(code)),
    ).toEqual([]);
  });

  it('dlq looks for a running npm start in the data folder of the project (.bantin/), not beside it', () => {
    const run = shell('env -u BANTIN_DATA npm run cli -- dlq list');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no local-aws.json in ${join(projectRoot, '.bantin')})`);
  });

  it('dlq says the local service does not answer when its endpoints file outlived it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bantin-dlq-'));
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    writeFileSync(
      join(dataDir, 'local-aws.json'),
      JSON.stringify({
        region: 'ap-southeast-1',
        sqsEndpoint: endpoint,
        queues: [{ name: 'ingest', url: `${endpoint}/0/ingest`, deadLetterUrl: `${endpoint}/0/ingest-dlq` }],
      }),
    );
    const run = shell(`BANTIN_DATA=${dataDir} npm run cli -- dlq list ingest`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error: cannot reach the local service (${endpoint}): is it running?`);
  });
});
