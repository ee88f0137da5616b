/** RFC 8288's Link to the next page of a list answered as a plain array: the same query, after the cursor. */
export function nextPageLink(url: string, cursor: string): string {
  const next = new URL(url, 'http://settle.invalid');
  next.searchParams.set('after', cursor);
  return `<${next.pathname}${next.search}>; rel="next"`;
}
