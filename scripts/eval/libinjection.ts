/**
 * libinjection through `@datadog/native-appsec` (libddwaf): a ruleset with one `is_sqli` and one
 * `is_xss` rule on a single input address, no transformers. The payload string is passed as the
 * decoded value a WAF would see after URL/form decoding, i.e. the corpus payload itself.
 */
import { createRequire } from 'node:module'

export interface Libinjection {
  check(value: string): { sqli: boolean; xss: boolean }
  version: string
}

export function loadLibinjection(): Libinjection | null {
  try {
    const require = createRequire(import.meta.url)
    const { DDWAF } = require('@datadog/native-appsec') as typeof import('@datadog/native-appsec')
    const rule = (id: string, operator: string) => ({
      id,
      name: id,
      tags: { type: id, category: 'attack_attempt' },
      conditions: [{ operator, parameters: { inputs: [{ address: 'wsguard.eval.input' }] } }],
      transformers: [],
    })
    const waf = new DDWAF(
      {
        version: '2.2',
        metadata: { rules_version: '1.0.0' },
        rules: [rule('sqli', 'is_sqli'), rule('xss', 'is_xss')],
      },
      'wsguard-eval',
    )
    return {
      version: `libddwaf ${DDWAF.version()}`,
      check(value: string) {
        const ctx = waf.createContext()
        const r = ctx.run({ ephemeral: { 'wsguard.eval.input': value } }, 1e7)
        ctx.dispose()
        const ids = new Set((r.events ?? []).map((e: any) => e.rule?.id as string))
        return { sqli: ids.has('sqli'), xss: ids.has('xss') }
      },
    }
  } catch {
    return null
  }
}
