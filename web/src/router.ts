import { type MouseEvent, useEffect, useState } from 'react';

// A handful of pages need no router library: the path is the state, and links push to history.

export type Route =
  | { page: 'signIn' }
  | { page: 'products' }
  | { page: 'bills' }
  | { page: 'paymentMethods' }
  | { page: 'auditLog' }
  | { page: 'messages' }
  | { page: 'security' }
  | { page: 'users' }
  | { page: 'billingAccount' }
  | { page: 'acceptInvitation' }
  | { page: 'resetPassword' }
  | { page: 'forgotPassword' }
  | { page: 'subscription'; subscriptionId: string }
  | { page: 'notFound' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/billing' || pathname === '/billing/products')
    return { page: 'products' };
  if (pathname === '/sign-in') return { page: 'signIn' };
  if (pathname === '/billing/bills') return { page: 'bills' };
  if (pathname === '/billing/payment-methods') return { page: 'paymentMethods' };
  if (pathname === '/billing/notifications') return { page: 'messages' };
  if (pathname === '/audit-log') return { page: 'auditLog' };
  if (pathname === '/account/security') return { page: 'security' };
  if (pathname === '/users') return { page: 'users' };
  if (pathname === '/billing/account') return { page: 'billingAccount' };
  if (pathname === '/accept-invitation') return { page: 'acceptInvitation' };
  if (pathname === '/reset-password') return { page: 'resetPassword' };
  if (pathname === '/forgot-password') return { page: 'forgotPassword' };
  const match = /^\/billing\/products\/([0-9a-f-]{36})$/.exec(pathname);
  if (match?.[1]) return { page: 'subscription', subscriptionId: match[1] };
  return { page: 'notFound' };
}

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/**
 * A real link's click: a plain click navigates in place; a middle click, or one with Ctrl, Cmd,
 * Shift or Alt, is left to the browser (a new tab or window), as with any link.
 */
export function followInPlace(path: string, before?: () => void) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    before?.();
    navigate(path);
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}

/**
 * A drawer whose being open lives in the URL (?name=1): the browser's Back closes it instead of
 * leaving the page, and a reload or a shared link opens it again.
 */
export function useUrlFlag(name: string): [boolean, (open: boolean) => void] {
  const read = () => new URLSearchParams(window.location.search).has(name);
  const [open, setOpen] = useState(read);
  useEffect(() => {
    const update = () => setOpen(new URLSearchParams(window.location.search).has(name));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, [name]);
  const change = (next: boolean) => {
    const url = new URL(window.location.href);
    if (next === url.searchParams.has(name)) return setOpen(next);
    if (next) {
      url.searchParams.set(name, '1');
      window.history.pushState({ openedFlag: name }, '', url);
    } else if ((window.history.state as { openedFlag?: string } | null)?.openedFlag === name) {
      // Opened here: closing goes back, so that Back afterwards leaves the page as expected.
      window.history.back();
    } else {
      url.searchParams.delete(name);
      window.history.replaceState(null, '', url);
    }
    setOpen(next);
  };
  return [open, change];
}
