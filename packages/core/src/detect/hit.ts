/** What a text detector reports: a rule, its paranoia level and the span of the match. */
export interface Hit {
  rule: string
  paranoia: number
  start: number
  end: number
}

/**
 * A detector over one (lower-cased) text: the first hit at or below `paranoia`, else null.
 * `mask` is charMask(text) when the caller has it; `raw`, the lower-cased message string of which
 * `text` is a view (decoded, folded), when it is one.
 */
export type TextDetector = (text: string, paranoia: number, mask?: number, raw?: string) => Hit | null

export function hit(rule: string, paranoia: number, start: number, end: number): Hit {
  return { rule, paranoia, start, end }
}
