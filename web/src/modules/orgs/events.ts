/** Tells the organization tree to reload after a create, rename, move or close. */
const target = new EventTarget();

export function notifyOrgsChanged(): void {
  target.dispatchEvent(new Event('changed'));
}

export function onOrgsChanged(listener: () => void): () => void {
  target.addEventListener('changed', listener);
  return () => target.removeEventListener('changed', listener);
}
