/**
 * The JSON text pre-checks of one detector, for its raw texts and the message pipeline: on a text
 * (json-text.ts), on a frame's bytes before they are decoded (json-bytes.ts), each with the
 * detector's reader of the strings the check notes for it (json-kept.ts): the engines, reading
 * a string as the walk's visitor would. A text answers clean without a parse or a walk when each
 * of its strings is clean to the line-rate pass or to that reader.
 */
import {
  type Engines,
  inspectText,
  knownKey,
  PLAIN_EVIDENCE,
  rememberKey,
  type TextHit,
} from './inspect-text.js'
import { cleanJson, cleanJsonBytes, type DecodedText } from './json-bytes.js'
import { type KeptReader, useReader } from './json-kept.js'

/**
 * A check of a JSON text that answers true only when the detector would find nothing in it;
 * `bytes`: the UTF-8 bytes the text was decoded from, `ascii`: whether they are all ASCII (when
 * the caller knows), `keyword`: the bytes check found a place of the keyword search in it.
 */
export type TextCheck = (
  text: string,
  maxDepth: number,
  bytes?: Uint8Array,
  ascii?: boolean,
  keyword?: boolean,
) => boolean

/**
 * A check of a JSON frame's UTF-8 bytes before they are decoded (detect/json-bytes.ts): true when
 * the detector would find nothing in its text, false when the text check would not answer true,
 * null when only the decoded text can tell (`out.text`: the frame's text, when the check decoded
 * it and did not answer true).
 */
export type BytesCheck = (bytes: Buffer, maxDepth: number, out?: DecodedText) => boolean | null

/** A detector's two pre-checks (no bytes check with evidence kept: see {@link preChecks}). */
export interface PreChecks {
  text: TextCheck
  bytes: BytesCheck | null
}

/**
 * The pre-checks of the engines `e` (paranoia 1, no custom pattern). With evidence kept, inspectText's
 * fast path also reads plain statements and handler names for a higher paranoia: a text where none
 * appears (read once, whole) keeps no evidence either, and a string the reader finds evidence in
 * goes to the walk, which keeps it. (An escape can hide such a word from a search of the raw text:
 * a text with one takes the walk, and there is no bytes check.)
 */
export function preChecks(e: Engines): PreChecks {
  const hits: TextHit[] = []
  const evidence: TextHit[] = []
  /** The short strings of this text the reader found clean (see inspectText). */
  const seen = new Set<string>()
  const read: KeptReader = (text, key) => {
    if (knownKey(e, text, key)) return true
    if (inspectText(text, e, false, hits, evidence, seen) || evidence.length !== 0) return false
    rememberKey(e, text, key)
    return true
  }
  const done = (before: KeptReader | null) => {
    useReader(before)
    if (hits.length !== 0) hits.length = 0
    if (evidence.length !== 0) evidence.length = 0
    if (seen.size !== 0) seen.clear()
  }
  const plain: TextCheck = (text, maxDepth, bytes, ascii, keyword) => {
    const before = useReader(read)
    try {
      return cleanJson(text, maxDepth, bytes, ascii, keyword)
    } finally {
      done(before)
    }
  }
  if (e.evidence)
    return {
      text: (text, maxDepth, bytes, ascii, keyword) =>
        text.indexOf('\\') < 0 && !PLAIN_EVIDENCE.test(text) && plain(text, maxDepth, bytes, ascii, keyword),
      bytes: null,
    }
  const bytes: BytesCheck = (b, maxDepth, out) => {
    const before = useReader(read)
    try {
      return cleanJsonBytes(b, maxDepth, out)
    } finally {
      done(before)
    }
  }
  return { text: plain, bytes }
}
