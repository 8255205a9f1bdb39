/** Follow-up rectification items typed one per line (interviews, site-visit comments): title, owner, evidence. */
export function followUpsOf(text: unknown, ownerPerson: string) {
  return String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((title) => ({ title, ownerPerson, requiredEvidence: '整改落实的佐证材料' }));
}
