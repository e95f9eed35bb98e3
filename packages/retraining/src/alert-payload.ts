// The Alertmanager webhook payload (version "4"), as a zod schema with limits on every field.

import { z } from 'zod';

/** Most alerts one notification may carry (the shipped config sets `max_alerts` lower). */
export const MAX_WEBHOOK_ALERTS = 100;

const LabelSet = z.record(z.string().max(200), z.string().max(2000)).refine((labels) => Object.keys(labels).length <= 64, 'at most 64 labels');

/** One alert of a notification: its labels, state, and when its episode started. */
export const WebhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: LabelSet,
  annotations: LabelSet.optional(),
  /** RFC 3339: when this episode of the alert began; the same in every notification of the episode. */
  startsAt: z.string().min(1).max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'an RFC 3339 time'),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(2000).optional(),
  /** Alertmanager's hash of the labels: the same alert in every notification. */
  fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/, 'hex digits, as Alertmanager sends'),
});
export type WebhookAlert = z.infer<typeof WebhookAlertSchema>;

/** A webhook notification as Alertmanager 0.x sends it (`version: "4"`). */
export const AlertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().max(2000).optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(200).optional(),
  groupLabels: LabelSet.optional(),
  commonLabels: LabelSet.optional(),
  commonAnnotations: LabelSet.optional(),
  externalURL: z.string().max(2000).optional(),
  alerts: z.array(WebhookAlertSchema).max(MAX_WEBHOOK_ALERTS),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhookSchema>;
