import { useEffect, useState } from 'react';

/** Phone width: list pages turn into cards at 576 px and below. */
export const PHONE_QUERY = '(max-width: 576px)';

export function useIsPhone(): boolean {
  const [isPhone, setPhone] = useState(() => window.matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(PHONE_QUERY);
    const onChange = () => setPhone(query.matches);
    query.addEventListener('change', onChange);
    onChange();
    return () => query.removeEventListener('change', onChange);
  }, []);
  return isPhone;
}
