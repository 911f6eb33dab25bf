import type { AppConfig } from '../../config/index.js';
import type { CpuPool } from '../cpu/pool.js';
import { createOfflineProvider } from './offline/index.js';
import { createOpenAiProvider } from './openai.js';
import type { AiProvider } from './tasks.js';

/** The configured provider: OpenAI when a key is set, the offline provider otherwise. */
export function createAiProvider(config: AppConfig['openai'], pool?: CpuPool): AiProvider {
  if (!config.apiKey) return createOfflineProvider(pool);
  return createOpenAiProvider({ apiKey: config.apiKey, baseUrl: config.baseUrl, model: config.model, timeoutMs: config.timeoutMs });
}

export { createOfflineProvider } from './offline/index.js';
