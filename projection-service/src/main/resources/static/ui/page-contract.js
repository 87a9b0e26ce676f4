// The contract page (contract.html): kept out of the page so that its Content-Security-Policy allows
// scripts from this server only (ADR 0021).
const { el, api, money, when } = Sla;
const id = decodeURIComponent(location.pathname.split('/')[3]);
const params = new URLSearchParams(location.search);
const asOf = params.get('asOf');
const contractPath = '/api/contracts/' + encodeURIComponent(id);

document.getElementById('timetravel').addEventListener('submit', e => {
  e.preventDefault();
  const value = document.getElementById('asOf').value;
  if (value) { params.set('asOf', new Date(value + 'Z').toISOString()); location.search = params.toString(); }
});
document.getElementById('now').onclick = () => { params.delete('asOf'); location.search = params.toString(); };
document.getElementById('print').onclick = () => window.print();
document.getElementById('diffLink').href = '/ui/contracts/' + encodeURIComponent(id) + '/diff?from=1.0&to=2.0';
document.getElementById('export').onclick = async () => {
  const blob = await api(contractPath + '/export', 'application/json;q=1, */*');
  const link = el('a', { href: URL.createObjectURL(blob), download: id + '.bundle.json' });
  document.body.append(link); link.click(); link.remove();
};

/** Fetches what the reader's role allows; a 403 leaves that part out with a note. */
async function optional(path) {
  try { return await api(path); } catch (e) { if (e instanceof Sla.NotFound) throw e; return { unavailable: e.message }; }
}

function versionsTimeline(view, versions, history) {
  const items = [el('li', {}, 'Draft ', el('span', { class: 'muted' }, when(view.draftedAt)))];
  for (const h of (history.unavailable ? [] : history).filter(h => h.type === 'ContractSigned')) {
    items.push(el('li', {}, 'Signed by the ' + h.actor.party.toLowerCase() + ' ', el('span', { class: 'muted' }, when(h.occurredAt))));
  }
  for (const v of versions) {
    const agreed = history.unavailable ? null
      : history.find(h => h.contractVersion === v.version && (h.type === 'ChangeAgreed' || h.type === 'ContractActivated'));
    const by = agreed ? (agreed.type === 'ContractActivated' ? 'both parties signed' : 'agreed by the ' + agreed.actor.party.toLowerCase()) : '';
    items.push(el('li', { testid: 'version', class: 'version' }, el('strong', {}, v.version), ' ',
      el('span', { class: 'muted' }, when(v.reachedAt) + (by ? ', ' + by : '') + ', ' + v.openClauses + ' open')));
  }
  document.getElementById('versions').replaceChildren(...items);
}

function lane(view, clause, history, recorded) {
  const steps = history.unavailable ? [] : history.filter(h => h.clauseId === clause.clauseId && !h.type.startsWith('Breach'));
  const breaches = recorded.breaches.filter(b => b.clauseId === clause.clauseId);
  const panel = el('div', { class: 'panel', hidden: true, 'aria-live': 'polite' });
  const open = el('button', { type: 'button', 'aria-expanded': 'false',
    onclick: async () => {
      const shown = panel.hidden;
      panel.hidden = !shown; open.setAttribute('aria-expanded', String(shown));
      if (shown && !panel.dataset.loaded) { panel.dataset.loaded = 'yes'; await details(clause, panel); }
    } }, 'Provenance, evidence, pinch');
  return el('section', { testid: 'clause-lane', class: 'lane', 'data-clause-id': clause.clauseId, 'data-state': clause.state },
    el('header', {}, el('strong', {}, clause.heading), el('span', { class: 'muted' }, clause.clauseId),
      el('span', { class: 'badge state-' + clause.state }, clause.state + (clause.pending ? ', ' + clause.pending.kind.toLowerCase().replace('_', ' ') + ' proposed by the ' + clause.pending.proposedBy.toLowerCase() : '')),
      clause.reviewBy && clause.state === 'OPEN' ? el('span', { class: clause.overdue ? 'bad' : 'muted' }, 'review by ' + clause.reviewBy + (clause.overdue ? ' (overdue)' : '')) : null,
      clause.enteredVersion ? el('span', { class: 'muted' }, 'in ' + clause.enteredVersion) : null, open),
    el('p', {}, clause.text || clause.intent || ''),
    el('ol', { class: 'steps', 'aria-label': 'Steps' }, steps.map(h => el('li', {}, h.summary, ' ', el('span', { class: 'muted' }, when(h.occurredAt))))),
    el('div', { 'aria-label': 'Breaches' }, breaches.map(b => el('span', {
      testid: 'breach', class: 'breach', 'data-credited': String(b.treatment === 'CREDITED'),
      title: b.description || '' },
      b.breachId + ': ' + (b.treatment === 'EXPERIENCE' ? 'experience while open' : b.treatment === 'CREDITED' ? 'credited ' + money(b.credit.credited) : 'not credited')
      + (b.measured ? ', ' + b.measured.value + ' ' + b.measured.unit : '')
      + (b.waived ? ', waived' : '') + (b.dispute === 'OPEN' ? ', disputed' : b.dispute === 'NONE' ? '' : ', settled: ' + b.dispute.toLowerCase())))),
    panel);
}

async function details(clause, panel) {
  const parts = [];
  const provenance = await optional(contractPath + '/clauses/' + encodeURIComponent(clause.clauseId) + '/provenance');
  parts.push(el('h3', {}, 'Provenance'));
  parts.push(provenance.unavailable ? el('p', { class: 'muted' }, 'needs the AUDITOR role')
    : el('table', {}, el('thead', {}, el('tr', {}, ['When', 'Step', 'By', 'Version', 'What'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, provenance.steps.map(s => el('tr', {}, el('td', {}, when(s.at)), el('td', {}, s.kind + (s.change ? ' (' + s.change + ')' : '')),
        el('td', {}, s.by && s.by.party ? s.by.party.toLowerCase() : '-'), el('td', {}, s.enteredVersion || ''),
        el('td', {}, s.wording ? (s.wording.text || s.wording.intent || '') : s.breach ? s.breach.breachId : (s.reason || '')))))));
  if (clause.openedAt) {
    const evidence = await optional(contractPath + '/clauses/' + encodeURIComponent(clause.clauseId) + '/evidence');
    parts.push(el('h3', {}, 'Evidence while open'));
    if (!evidence.unavailable) {
      const s = evidence.suggestedServiceLevel;
      parts.push(el('p', { testid: 'evidence' }, evidence.breaches.length + ' breach(es) while open' +
        (evidence.spread.length ? '; ' + evidence.spread.map(x => x.unit + ' min ' + x.min + ', median ' + x.median + ', p90 ' + x.p90 + ', max ' + x.max).join('; ') : '') +
        (s ? '; suggested ' + s.level.target + ' ' + s.level.unit + ' (met in ' + s.monthsMet + ' of ' + s.monthsWithMeasurements + ' months)' : '') +
        (evidence.agreed && evidence.agreed.serviceLevel ? '; agreed ' + evidence.agreed.serviceLevel.target + ' ' + evidence.agreed.serviceLevel.unit : '')));
    }
  }
  if (clause.state === 'AGREED') {
    const pinch = await optional(contractPath + '/pinch');
    const mine = pinch.clauses ? pinch.clauses.find(c => c.clauseId === clause.clauseId) : null;
    if (mine) {
      parts.push(el('h3', {}, 'Pinch'));
      parts.push(el('p', { testid: 'pinch' }, 'score ' + mine.score + ': ' +
        mine.reasons.filter(r => Number(r.contribution) > 0).map(r => r.reason.toLowerCase().replaceAll('_', ' ') + ' ' + r.contribution).join(', ')));
    }
  }
  panel.replaceChildren(...parts);
}

function credits(ledger) {
  const box = document.getElementById('credits');
  if (ledger.unavailable || !ledger.months.length) { box.replaceChildren(el('p', { class: 'muted' }, ledger.unavailable ? 'needs the ANALYST or AUDITOR role' : 'no service credits')); return; }
  const max = Math.max(...ledger.months.map(m => Math.max(Number(m.cap.amount), Number(m.credited.amount))));
  const width = 70, height = 120;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'chart'); svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Credits per month against the cap; the table below has the same figures');
  svg.setAttribute('width', ledger.months.length * width + 20); svg.setAttribute('height', height + 40);
  ledger.months.forEach((m, i) => {
    const h = height * Number(m.credited.amount) / max, cap = height - height * Number(m.cap.amount) / max;
    const bar = document.createElementNS(svg.namespaceURI, 'rect');
    bar.setAttribute('x', 10 + i * width); bar.setAttribute('y', height - h); bar.setAttribute('width', width - 20); bar.setAttribute('height', h);
    bar.setAttribute('class', m.capReached ? 'capped' : 'credited');
    const line = document.createElementNS(svg.namespaceURI, 'line');
    line.setAttribute('x1', 5 + i * width); line.setAttribute('x2', 5 + (i + 1) * width - 10); line.setAttribute('y1', cap); line.setAttribute('y2', cap); line.setAttribute('class', 'cap');
    const label = document.createElementNS(svg.namespaceURI, 'text');
    label.setAttribute('x', 10 + i * width); label.setAttribute('y', height + 15); label.textContent = m.month + (m.capReached ? ' cap' : '');
    svg.append(bar, line, label);
  });
  box.replaceChildren(svg, el('table', {}, el('caption', { class: 'muted' }, 'Credits per month (the chart above as a table)'),
    el('thead', {}, el('tr', {}, ['Month', 'Credited', 'Cap', 'Waived', 'Payable', 'Cap reached'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ledger.months.map(m => el('tr', { testid: 'credit-month', 'data-month': m.month, 'data-capped': String(m.capReached) },
      el('td', {}, m.month), el('td', {}, money(m.credited)), el('td', {}, money(m.cap)), el('td', {}, money(m.waived)),
      el('td', {}, money(m.payable)), el('td', {}, m.capReached ? el('strong', { class: 'bad' }, 'cap reached') : 'no'))))));
}

async function integrity() {
  const box = document.getElementById('integrity');
  const show = async (label, source, path) => {
    const answer = await optional(path);
    const text = answer.unavailable ? 'unavailable (' + answer.unavailable + ')'
      : answer.valid ? 'valid' : 'broken at sequence ' + answer.brokenAtSequence;
    return el('div', {}, el('strong', {}, label), el('br'),
      el('span', { testid: 'verify-status', 'data-source': source, class: answer.valid ? 'ok' : 'bad' }, text),
      answer.eventsChecked !== undefined ? el('span', { class: 'muted' }, ' (' + answer.eventsChecked + ' events)') : null);
  };
  box.replaceChildren(await show('Event store (contract-service)', 'event-store', contractPath + '/history/verify/event-store'),
    await show('Read models (projection-service)', 'projection', contractPath + '/history/verify'));
}

let renderedSequence = -1;

async function render() {
  const view = await api(contractPath + (asOf ? '?asOf=' + encodeURIComponent(asOf) : ''));
  renderedSequence = view.lastSequence;
  const [versions, history, ledger] = await Promise.all([api(contractPath + '/versions'), optional(contractPath + '/history?size=1000'), optional(contractPath + '/credits')]);
  document.title = view.title + ' · SLA Ledger';
  document.getElementById('title').textContent = view.title + ' (' + view.contractId + ')';
  document.getElementById('summary').textContent = view.clientName + ' (client) and ' + view.supplierName + ' (supplier); ' +
    view.status.toLowerCase() + ', version ' + (view.version || 'none yet') + '; ' + money(view.monthlyFee) + ' a month, ' +
    view.atRiskPercent + ' % at risk' + (asOf ? '; as of ' + when(asOf) : '');
  document.getElementById('supplierLink').href = '/ui/suppliers/' + encodeURIComponent(view.supplierId);
  const shown = asOf ? versions.filter(v => v.reachedAt <= asOf) : versions;
  versionsTimeline(view, shown, history);
  // The first 200 breaches; the page says how many more there are.
  const recorded = await api(contractPath + '/breaches?size=200' + (asOf ? '&knownAt=' + encodeURIComponent(asOf) : ''));
  document.getElementById('lanes').replaceChildren(...view.clauses.map(c => lane(view, c, history, recorded)));
  if (recorded.next !== null) {
    document.getElementById('lanes').append(el('p', { class: 'muted' }, 'The first ' + recorded.breaches.length + ' of ' + view.breachCount + ' breaches are shown.'));
  }
  credits(ledger);
  await integrity();
}

Sla.page(async () => {
  await render();
  if (!asOf) {
    const live = document.getElementById('live');
    live.textContent = 'live';
    let pending = null;
    const follow = () => Sla.stream(contractPath + '/stream', event => {
      // The stream opens with the view as it is: redraw only for what is new.
      if (event.lastSequence <= renderedSequence) return;
      clearTimeout(pending);
      pending = setTimeout(() => render().then(() => { live.textContent = 'live, updated ' + new Date().toLocaleTimeString(); }), 300);
    });
    // A stream that was open and ended (its token expired, or half an hour passed) is opened again:
    // with an expired token that answers 401, which leads to sign-in, so a page never shows a
    // contract as live on a token that no longer may read it.
    (async () => {
      while (await follow()) {
        await new Promise(resume => setTimeout(resume, 1000));
      }
      live.textContent = '';
    })().catch(() => { live.textContent = ''; });
  }
});
