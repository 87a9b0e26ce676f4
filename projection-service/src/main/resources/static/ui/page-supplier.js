// The supplier page (supplier.html): kept out of the page so that its Content-Security-Policy allows
// scripts from this server only (ADR 0021).
const { el, api, money } = Sla;
const id = decodeURIComponent(location.pathname.split('/')[3]);
const pct = x => x === null || x === undefined ? '-' : (Number(x) * 100).toFixed(1) + ' %';
Sla.page(async () => {
  const s = await api('/api/suppliers/' + encodeURIComponent(id) + '/scorecard');
  document.getElementById('title').textContent = 'Supplier reference check: ' + (s.supplierName || id);
  const rows = [
    ['Contracts (clients)', s.contracts + ' (' + s.clients + ')'], ['Active', s.activeContracts],
    ['At SLA 2.0 or later', s.reachedTwoPointZero + ' (' + pct(s.shareReachedTwoPointZero) + ' of the signed)'],
    ['Median days from 1.0 to 2.0', s.sla20.medianDaysFromOneToTwo ?? '-'],
    ['Median days from left open to filled in', s.medianDaysOpenToFilledIn ?? '-'],
    ['Open clauses past their review-by date', s.sla20.clausesOpenPastReviewBy],
    ['Months with credits that hit the cap', pct(s.sla20.shareOfMonthsAtCap)],
    ['Breaches', s.breaches], ['Credited', s.credited.map(money).join(', ') || '-'],
    ['Satisfaction', s.meanSatisfaction === null ? '-' : s.meanSatisfaction + ' / 10 over ' + s.satisfactionRatings + ' ratings'],
    ['Would recommend', pct(s.shareWouldRecommend)]];
  document.getElementById('figures').replaceChildren(...rows.map(([k, v]) => el('tr', { testid: 'scorecard-figure' }, el('th', { scope: 'row' }, k), el('td', {}, v))));
  document.getElementById('standing').replaceChildren(...(s.standing ? s.standing.figures : []).map(f => el('tr', {},
    el('td', {}, f.name), el('td', {}, f.value ?? '-'), el('td', {}, f.medianOfAllSuppliers ?? '-'), el('td', {}, f.percentile ?? '-'))));
});
