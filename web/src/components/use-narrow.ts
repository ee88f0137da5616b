import { useEffect, useState } from 'react';

/** Below 768 px: a phone, or a narrow window. The navigation folds into a menu button. */
export const narrowQuery = '(max-width: 767px)';

/**
 * Below 1024 px a list's table does not fit beside the navigation (a tablet keeps the side
 * navigation, which leaves about 480 px): lists show each row as a stacked card instead.
 */
const stackedListQuery = '(max-width: 1023px)';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

export const useNarrow = (): boolean => useMediaQuery(narrowQuery);

/** Whether lists show stacked cards (every field and action on screen) rather than a table. */
export const useStackedLists = (): boolean => useMediaQuery(stackedListQuery);
