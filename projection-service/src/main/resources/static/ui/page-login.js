// The login page (login.html): kept out of the page so that its Content-Security-Policy allows
// scripts from this server only (ADR 0021).
document.getElementById('login').addEventListener('submit', event => {
  event.preventDefault();
  Sla.signIn(document.getElementById('token').value);
  const next = new URLSearchParams(location.search).get('next');
  location.href = next && next.startsWith('/ui/') ? next : '/ui/contracts';
});
