import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutgoingMail } from '../../domain/outgoing-mail.js';
import type { Mailer } from '../../ports.js';

/**
 * Local mode's mail server: every message is written, byte for byte as it would go to SES, to
 * `{folder}/{time}-{kind}-{random}.eml` (written aside, then renamed, so readers never see
 * half a file). Open them with any mail client, or at http://localhost:8787/outbox.
 */
export class OutboxMailer implements Mailer {
  constructor(private readonly folder: string) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    await mkdir(this.folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    const name = `${stamp}-${mail.kind}-${randomBytes(4).toString('hex')}.eml`;
    const temporary = join(this.folder, `.${name}.tmp`);
    await writeFile(temporary, mail.raw);
    await rename(temporary, join(this.folder, name));
    return { messageId: `outbox/${name}` };
  }
}
