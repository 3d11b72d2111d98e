// Préau service worker: keeps the last "Aujourd'hui", the week's work pages and their attachments readable
// offline. Pages are fetched from the network first (always fresh when online) and a copy is kept; offline, the
// copy is served with its "copie hors ligne de HH:MM" banner shown. Nothing is cached for anyone signed out:
// the log-out button clears everything.
const PAGES = 'preau-pages-v1';
const ASSETS = 'preau-assets-v1';
const MAX_FILE_BYTES = 5 * 1024 * 1024;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function isPage(url) {
  return url.origin === self.location.origin
    && (url.pathname === '/' || (url.pathname.startsWith('/travail/') && !url.pathname.endsWith('.zip')));
}

function isFile(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/fichiers/');
}

function isAsset(url) {
  return url.origin === self.location.origin && (url.pathname.startsWith('/assets/'));
}

async function keep(request, response) {
  if (!response.ok || response.redirected) {
    return;
  }
  const headers = new Headers(response.headers);
  headers.set('X-Preau-Saved-At', new Date().toISOString());
  const body = await response.clone().arrayBuffer();
  if (body.byteLength > MAX_FILE_BYTES) {
    return;
  }
  const cache = await caches.open(PAGES);
  await cache.put(request.url, new Response(body, { status: 200, headers }));
}

function hhmm(iso) {
  const d = new Date(iso);
  return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
}

// Shows the banner the page carries hidden, with the time of the copy, without needing the page's own script.
async function offlineCopy(cached) {
  const html = await cached.text();
  const at = hhmm(cached.headers.get('X-Preau-Saved-At') || new Date().toISOString());
  const shown = html.replace(
    /<p id="offline-banner"([^>]*?) hidden data-label="([^"]*)"><\/p>/,
    (m, attrs, label) => `<p id="offline-banner"${attrs} data-offline="true" data-label="${label}">${label.replace('{0}', at)}</p>`);
  return new Response(shown, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (isPage(url)) {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        event.waitUntil(keep(request, response.clone()));
        return response;
      } catch (offline) {
        const cached = await (await caches.open(PAGES)).match(request.url);
        if (cached) {
          return offlineCopy(cached);
        }
        throw offline;
      }
    })());
  } else if (isFile(url)) {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        event.waitUntil(keep(request, response.clone()));
        return response;
      } catch (offline) {
        const cached = await (await caches.open(PAGES)).match(request.url);
        if (cached) {
          return cached;
        }
        throw offline;
      }
    })());
  } else if (isAsset(url)) {
    // Fingerprinted assets never change under one URL: cache first.
    event.respondWith((async () => {
      const cache = await caches.open(ASSETS);
      const cached = await cache.match(request);
      if (cached) {
        return cached;
      }
      const response = await fetch(request);
      if (response.ok) {
        event.waitUntil(cache.put(request, response.clone()));
      }
      return response;
    })());
  }
});

// The page lists the week's work pages; keep them, and the attachments they link, for offline reading.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'clear') {
    event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(ASSETS)]));
  } else if (data.type === 'prefetch' && Array.isArray(data.urls)) {
    event.waitUntil((async () => {
      for (const href of data.urls.slice(0, 60)) {
        const url = new URL(href, self.location.origin);
        if (!isPage(url) && !isFile(url)) {
          continue;
        }
        try {
          const response = await fetch(url, { credentials: 'same-origin' });
          await keep(new Request(url), response.clone());
          if (isPage(url) && response.ok) {
            const html = await response.text();
            for (const m of html.matchAll(/href="(\/fichiers\/[0-9a-f-]{36})"/g)) {
              const file = new URL(m[1], self.location.origin);
              const fileResponse = await fetch(file, { credentials: 'same-origin' });
              await keep(new Request(file), fileResponse);
            }
          }
        } catch (e) {
          // Offline or refused: keep what we have.
        }
      }
      const clients = await self.clients.matchAll();
      clients.forEach((c) => c.postMessage({ type: 'prefetched' }));
    })());
  }
});
