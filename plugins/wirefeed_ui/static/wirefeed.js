// The wirefeed view runs inside Airflow's plugin frame (same origin). Two small things need script:
// 1. follow Airflow's light/dark mode (its <html> has the class "dark"), else the system's;
// 2. links into Airflow itself (data-airflow) open in the Airflow UI around the frame, not in it.
(function () {
  var root = document.documentElement;
  function parentDoc() { try { return window.parent !== window ? window.parent.document : null; } catch (e) { return null; } }
  function applyTheme() {
    var doc = parentDoc(), dark;
    if (doc) dark = doc.documentElement.classList.contains('dark');
    else dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    root.setAttribute('data-theme', dark ? 'dark' : 'light');
  }
  applyTheme();
  var doc = parentDoc();
  if (doc && window.MutationObserver) {
    new MutationObserver(applyTheme).observe(doc.documentElement, { attributes: true, attributeFilter: ['class'] });
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[data-airflow]');
    if (!a || !parentDoc() || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    var top = window.parent, state = top.history.state || {};
    top.history.pushState({ usr: null, key: Math.random().toString(36).slice(2, 10), idx: (state.idx || 0) + 1 }, '', a.getAttribute('href'));
    top.dispatchEvent(new PopStateEvent('popstate', { state: top.history.state }));
  });
})();
