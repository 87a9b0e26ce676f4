// The diff page (diff.html): kept out of the page so that its Content-Security-Policy allows
// scripts from this server only (ADR 0021).
const { el, api } = Sla;
const id = decodeURIComponent(location.pathname.split('/')[3]);
const params = new URLSearchParams(location.search);
const contractPath = '/api/contracts/' + encodeURIComponent(id);
document.getElementById('back').href = '/ui/contracts/' + encodeURIComponent(id);
const side = s => s ? [s.state, s.heading, s.text || s.intent || '', s.serviceLevel ? s.serviceLevel.target + ' ' + s.serviceLevel.unit : '']
  .filter(x => x).join(' · ') : '-';
Sla.page(async () => {
  const versions = await api(contractPath + '/versions');
  const from = params.get('from') || (versions[0] && versions[0].version);
  const to = params.get('to') || (versions.length && versions[versions.length - 1].version);
  for (const name of ['from', 'to']) {
    document.getElementById(name).replaceChildren(...versions.map(v => el('option', { selected: v.version === (name === 'from' ? from : to) }, v.version)));
  }
  document.getElementById('title').textContent = 'Compare versions of ' + id + ': ' + from + ' to ' + to;
  const diff = await api(contractPath + '/diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
  document.getElementById('changes').replaceChildren(...(diff.changes.length ? diff.changes.map(c => el('tr', { testid: 'diff-change', 'data-clause-id': c.clauseId },
    el('td', {}, c.clauseId), el('td', {}, c.change), el('td', {}, side(c.before)), el('td', {}, side(c.after))))
    : [el('tr', {}, el('td', { colspan: 4 }, 'No clause changed.'))]));
});
