/**
 * Rule provenance in words (issue 14). The catalogues keep, for each rule, how sure the source is
 * (V verified, S secondary, L local practice, U unverified) and reference tags into the research
 * notes ([P19], [P45b]). Both are internal: people see the rule and its source in words only.
 * Shared by the server's presenters and the web (a `.contract.ts` file).
 */

/** Reference tags such as [P19], [P45b], [P50e] (with the spaces before them). */
const REFERENCE_TAGS = /\s*\[P\d+[a-z]?\]/g;
/** A status letter alone in brackets: 「（V）」, 「(S)」. */
const LONE_STATUS = /\s*[（(]\s*[VSLU]\s*[）)]/g;
/** A status letter leading or closing a bracket: 「（V，…）」, 「（…，L）」. */
const LEADING_STATUS = /([（(])\s*[VSLU]\s*[，,；;]\s*/g;
const TRAILING_STATUS = /\s*[，,；;]\s*[VSLU]\s*([）)])/g;
/** Brackets left empty once the letter is gone. */
const EMPTY_BRACKETS = /\s*[（(]\s*[）)]/g;

/** The source of a rule as people read it: no status letters, no reference tags. */
export function sourceInWords(source: string): string {
  return source
    .replace(REFERENCE_TAGS, '')
    .replace(LONE_STATUS, '')
    .replace(LEADING_STATUS, '$1')
    .replace(TRAILING_STATUS, '$1')
    .replace(EMPTY_BRACKETS, '')
    .trim();
}

/** 「规则（依据：来源）」 for a rule's text and its source. */
export function ruleInWords(text: string, source: string): string {
  const words = sourceInWords(source);
  return words ? `${sourceInWords(text)}（依据：${words}）` : sourceInWords(text);
}

/** Whether a text still carries an internal status letter or reference tag (for tests). */
export function hasInternalProvenance(text: string): boolean {
  return /\[P\d+[a-z]?\]|[（(，,；;]\s*[VSLU]\s*[）)，,；;]/.test(text);
}
