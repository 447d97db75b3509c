/**
 * Messages in the user's language. The harness and the adapters describe what happened as
 * data (a key and its parameters); reporters render it in English or Chinese. Values such as
 * "SN=ISS+1 (2290000001)" or a quoted line are the same in every language.
 */
import { CATALOG, type MessageKey } from './catalog.js';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export type Param = string | number | Text;

export interface Text {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, Param>>;
}

export function t(key: MessageKey, params?: Readonly<Record<string, Param>>): Text {
  return params ? { key, params } : { key };
}

export function render(text: Text, lang: Lang): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(text.params ?? {}))
    params[k] = typeof v === 'object' ? render(v, lang) : String(v);
  return CATALOG[text.key][lang](params);
}
