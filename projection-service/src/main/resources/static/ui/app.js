// SLA Ledger's auditor pages: every figure comes from the query API, with the bearer token kept in
// this tab's sessionStorage (never in a URL). A 401 sends the reader to sign in; a 404 (a contract
// that does not exist, or one the token may not see) shows the not-found page.
const Sla = (() => {
  const KEY = 'sla.token';

  class NotFound extends Error {}

  function token() { return sessionStorage.getItem(KEY); }

  function signIn(value) { sessionStorage.setItem(KEY, value.trim()); }

  function toLogin() {
    location.href = '/ui/login?next=' + encodeURIComponent(location.pathname + location.search);
  }

  async function api(path, accept = 'application/json') {
    if (!token()) { toLogin(); throw new Error('not signed in'); }
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token(), Accept: accept } });
    if (response.status === 401) { toLogin(); throw new Error('sign in again'); }
    if (response.status === 404) { throw new NotFound(path); }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(response.status + ' ' + detail);
    }
    return accept === 'application/json' ? response.json() : response.blob();
  }

  /** el('a', {href: '/x', testid: 'row'}, 'text', child, ...) */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'testid') node.setAttribute('data-testid', value);
      else if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function money(m) { return m ? m.amount + ' ' + m.currency : '-'; }

  function when(instant) { return instant ? instant.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '-'; }

  function notFound(main) {
    main.replaceChildren(el('section', { testid: 'not-found' },
      el('h1', {}, 'Not found'),
      el('p', {}, 'There is no such contract, or your token may not see it.'),
      el('p', {}, el('a', { href: '/ui/contracts' }, 'All contracts you may see'))));
  }

  /** Runs a page: shows not-found for a 404 and any other failure as a message. */
  async function page(render) {
    const main = document.querySelector('main');
    try {
      await render(main);
    } catch (e) {
      if (e instanceof NotFound) notFound(main);
      else main.append(el('p', { class: 'bad', role: 'alert' }, 'Could not load: ' + e.message));
    }
  }

  /**
   * Server-sent events over fetch, so that the bearer token travels in a header: calls onEvent for
   * each event until the stream ends. Answers whether the stream was open (the server ends one when
   * the token that opened it expires, and after half an hour); a 401 sends the reader to sign in.
   */
  async function stream(path, onEvent) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' } });
    if (response.status === 401) { toLogin(); return false; }
    if (!response.ok || !response.body) return false;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.substring(0, end);
        buffer = buffer.substring(end + 2);
        const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.substring(5)).join('\n');
        if (data) onEvent(JSON.parse(data));
      }
    }
  }

  return { NotFound, token, signIn, api, el, money, when, page, stream };
})();
