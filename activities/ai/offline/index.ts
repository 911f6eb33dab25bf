import type { AiProvider } from '../provider.js';
import { classifyOffline } from './classify.js';
import { extractInvoiceOffline } from './extract.js';

/** The deterministic provider used when no OpenAI key is configured, and as the fallback. */
export function createOfflineProvider(): AiProvider {
  return {
    name: 'offline',
    classify: async (text) => classifyOffline(text),
    extractInvoice: async (text) => extractInvoiceOffline(text),
  };
}
