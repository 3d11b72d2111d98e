// Registers the service worker that keeps "Aujourd'hui" readable offline, asks it to keep the week's work pages
// (and their attachments), and clears every copy on log-out. The page works the same without it.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(async () => {
    const ready = await navigator.serviceWorker.ready;
    const banner = document.getElementById('offline-banner');
    if (banner && banner.dataset.offline === 'true') {
      return; // this is the offline copy: nothing to refresh
    }
    // The page itself first: it may have loaded before the worker took control, so it was not kept on the way.
    const urls = [...new Set([location.pathname + location.search,
      ...[...document.querySelectorAll('a[href^="/travail/"], a[href^="/fichiers/"]')]
        .map((a) => a.getAttribute('href').split('#')[0])])];
    ready.active && ready.active.postMessage({ type: 'prefetch', urls });
  }).catch(() => {});
  document.addEventListener('submit', (event) => {
    if (event.target.matches('form[action="/deconnexion"]') && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: 'clear' });
    }
  });
}
