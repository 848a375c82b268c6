/**
 * Webhooks in local mode, kept in a JSON file (`BANTIN_DATA/webhooks.json`) so they
 * survive restarts and every part of the local stack reads the same list. This adapter only
 * keeps them: as SNS does, confirmation happens apart from registering — the local runner sends
 * each new webhook its `SubscriptionConfirmation` and delivers the notifications
 * (infra/local/webhooks.ts), and the local HTTP server answers the `SubscribeURL`
 * (/sns/confirm) by calling confirm(). No HTTP client here, so handlers that wire this adapter
 * stay small.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseOrThrow } from '../../domain/validation.js';
import {
  type Webhook,
  type WebhookFilter,
  WebhookFilterSchema,
  WebhookSchema,
} from '../../domain/webhook.js';
import * as z from '../../domain/zod.js';
import { WebhookConflict, type WebhookSubscriptions } from '../../ports.js';

const StoredWebhookSchema = z.extend(WebhookSchema, {
  filter: WebhookFilterSchema,
  /** The SubscriptionConfirmation's Token, required by the SubscribeURL. */
  token: z.string(),
  createdAt: z.string(),
  /** When the SubscriptionConfirmation was sent (unset: not yet). */
  confirmationSentAt: z.optional(z.string()),
});
export type StoredWebhook = z.infer<typeof StoredWebhookSchema>;

export class FileWebhookSubscriptions implements WebhookSubscriptions {
  constructor(
    private readonly options: {
      file: string;
      topicArn: string;
      /** Base URL of the local HTTP server, where /sns/confirm and /sns/unsubscribe are served. */
      publicBaseUrl: string;
      /**
       * Sends a new webhook its SubscriptionConfirmation before register() returns, as SNS does
       * soon after Subscribe; without it, the local delivery sends it at its next poll.
       */
      sendConfirmation?: (hook: StoredWebhook) => Promise<void>;
    },
  ) {}

  get topicArn(): string {
    return this.options.topicArn;
  }

  /** As SNS Subscribe: the same endpoint again gets its confirmation again while pending; another filter is refused. */
  async register(endpoint: string, filter: WebhookFilter): Promise<Webhook> {
    const hooks = this.load();
    const existing = hooks.find((h) => h.endpoint === endpoint);
    if (existing) {
      if (JSON.stringify(existing.filter) !== JSON.stringify(filter)) {
        throw new WebhookConflict(endpoint);
      }
      if (existing.status !== 'confirmed') {
        delete existing.confirmationSentAt;
        this.save(hooks);
        await this.options.sendConfirmation?.(existing);
      }
      return publicView(this.load().find((h) => h.id === existing.id) ?? existing);
    }
    const hook: StoredWebhook = {
      id: `${this.options.topicArn}:${randomUUID()}`,
      endpoint,
      filter,
      status: 'pending-confirmation',
      token: randomBytes(32).toString('hex'),
      createdAt: new Date().toISOString(),
    };
    this.save([...hooks, hook]);
    await this.options.sendConfirmation?.(hook);
    return publicView(this.load().find((h) => h.id === hook.id) ?? hook);
  }

  async list(): Promise<Webhook[]> {
    return this.load().map(publicView);
  }

  async remove(id: string): Promise<boolean> {
    const hooks = this.load();
    const kept = hooks.filter((h) => h.id !== id);
    if (kept.length === hooks.length) return false;
    this.save(kept);
    return true;
  }

  /** What GET SubscribeURL does: confirms the subscription when the token matches. */
  async confirm(id: string, token: string): Promise<boolean> {
    const hooks = this.load();
    const hook = hooks.find((h) => h.id === id);
    if (!hook || hook.token !== token) return false;
    if (hook.status !== 'confirmed') {
      hook.status = 'confirmed';
      this.save(hooks);
    }
    return true;
  }

  /** Every webhook with what only the local stack may see (tokens). */
  stored(): StoredWebhook[] {
    return this.load();
  }

  markConfirmationSent(id: string): void {
    const hooks = this.load();
    const hook = hooks.find((h) => h.id === id);
    if (!hook) return;
    hook.confirmationSentAt = new Date().toISOString();
    this.save(hooks);
  }

  subscribeUrl(hook: StoredWebhook): string {
    return `${this.options.publicBaseUrl}/sns/confirm?${new URLSearchParams({ subscription: hook.id, token: hook.token })}`;
  }

  unsubscribeUrl(id: string): string {
    return `${this.options.publicBaseUrl}/sns/unsubscribe?${new URLSearchParams({ subscription: id })}`;
  }

  /** Reads the file once: throws, naming it, when it is damaged (a start stops there, the file untouched). */
  check(): void {
    this.load();
  }

  /** Read at every call: the file is the one list all local processes share. */
  private load(): StoredWebhook[] {
    if (!existsSync(this.options.file)) return [];
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.options.file, 'utf-8'));
    } catch (error) {
      throw new Error(
        `the webhooks file ${this.options.file} is damaged (${error instanceof Error ? error.message : String(error)}): restore it, or delete it to start without webhooks`,
      );
    }
    return parseOrThrow(z.array(StoredWebhookSchema), json, `webhooks file ${this.options.file}`);
  }

  private save(hooks: StoredWebhook[]): void {
    mkdirSync(dirname(this.options.file), { recursive: true });
    const temporary = `${this.options.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(hooks, null, 2));
    renameSync(temporary, this.options.file);
  }
}

function publicView(hook: StoredWebhook): Webhook {
  return { id: hook.id, endpoint: hook.endpoint, filter: hook.filter, status: hook.status };
}
