import type { CpuPool } from '../../cpu/pool.js';
import type { AiProvider } from '../provider.js';
import { classifyOffline } from './classify.js';
import { extractInvoiceOffline } from './extract.js';

/**
 * The deterministic provider used when no OpenAI key is configured, and as the fallback. With a
 * pool it reads on the pool's threads (as workers do), without one in the calling thread.
 */
export function createOfflineProvider(pool?: CpuPool): AiProvider {
  return {
    name: 'offline',
    classify: async (text) => (pool ? pool.run('classify', text) : classifyOffline(text)),
    extractInvoice: async (text) => (pool ? pool.run('extract', text) : extractInvoiceOffline(text)),
  };
}
