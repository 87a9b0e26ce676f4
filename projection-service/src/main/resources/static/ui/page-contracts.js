// The contracts page (contracts.html): kept out of the page so that its Content-Security-Policy allows
// scripts from this server only (ADR 0021).
const { el, api } = Sla;
const params = new URLSearchParams(location.search);
for (const name of ['clientId', 'supplierId', 'status']) document.getElementById(name).value = params.get(name) || '';
const pageNo = Number(params.get('page') || 0);
function go(page) { params.set('page', page); location.search = params.toString(); }
document.getElementById('previous').onclick = () => go(Math.max(0, pageNo - 1));
document.getElementById('next').onclick = () => go(pageNo + 1);
Sla.page(async () => {
  const query = new URLSearchParams({ page: pageNo, size: 25 });
  for (const name of ['clientId', 'supplierId', 'status']) if (params.get(name)) query.set(name, params.get(name));
  const list = await api('/api/contracts?' + query);
  document.getElementById('count').textContent = list.total + ' contract(s); page ' + (list.page + 1);
  document.getElementById('rows').replaceChildren(...list.items.map(c => el('tr', { testid: 'contract-row', 'data-contract-id': c.contractId },
    el('td', {}, el('a', { href: '/ui/contracts/' + encodeURIComponent(c.contractId) }, c.contractId), el('br'), el('span', { class: 'muted' }, c.title)),
    el('td', {}, c.clientName), el('td', {}, el('a', { href: '/ui/suppliers/' + encodeURIComponent(c.supplierId) }, c.supplierName)),
    el('td', {}, c.status), el('td', {}, c.version || '-'), el('td', {}, c.openClauses),
    el('td', { testid: 'overdue' }, c.overdueClauses > 0 ? el('span', { class: 'bad' }, c.overdueClauses + ' review(s) overdue') : ''))));
  document.getElementById('page').textContent = 'page ' + (list.page + 1) + ' of ' + Math.max(1, Math.ceil(list.total / list.size));
  document.getElementById('next').disabled = (list.page + 1) * list.size >= list.total;
  document.getElementById('previous').disabled = list.page === 0;
});
