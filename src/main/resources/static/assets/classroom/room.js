// The live room: one WebSocket, events folded in sequence order (the same fold as the server's RoomState).
// Resumes after a drop from the last number seen; the page without this script still shows the room.
const root = document.getElementById('room');
if (root) {
  const roomId = root.dataset.room;
  const moderator = root.dataset.role === 'MODERATOR';
  const me = root.dataset.account;
  const t = (name, values = {}) => {
    let s = root.dataset['t' + name.split('-').map(w => w[0].toUpperCase() + w.slice(1)).join('')] || '';
    for (const [k, v] of Object.entries(values)) s = s.replace('{' + k + '}', v);
    return s;
  };
  const $ = id => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    children.forEach(c => e.append(c));
    return e;
  };

  let state = fresh();
  let last = 0;          // the last sequence number applied
  let announceAfter = Infinity; // events after this number are live (announced), those before are the replay
  let ws = null;
  let attempts = 0;
  let heard = Date.now();
  let started = false;   // false until a snapshot or the replay gave us the room: the first connection names no number
  let signedOut = false; // the server said the session ended: one more try (a renewed session id), then stop
  let chatEarlier = 0;   // messages older than the snapshot's tail

  function fresh() {
    return { state: 'WAITING', present: new Map(), chat: new Map(), muted: new Set(), hands: new Map(),
      polls: new Map(), strokes: [], pupilsDraw: false };
  }

  // ---- connection ---------------------------------------------------------------------------------------------
  function connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // A page opening asks for the room's state (a snapshot at a number), a reconnection for what it missed.
    const query = started ? `?depuis=${last}` : '';
    ws = new WebSocket(`${proto}//${location.host}/classe/${roomId}/direct${query}`);
    ws.addEventListener('open', () => { attempts = 0; heard = Date.now(); signedOut = false; status(true); });
    ws.addEventListener('message', m => { heard = Date.now(); receive(JSON.parse(m.data)); });
    ws.addEventListener('close', ev => {
      ws = null;
      if (ev.code === 4001) {
        if (signedOut) { $('connection').textContent = '(' + t('signed-out') + ')'; return; }
        signedOut = true;
      } else if (signedOut) { $('connection').textContent = '(' + t('signed-out') + ')'; return; }
      status(false); retry();
    });
  }
  function retry() {
    // Backoff with jitter: a class of thirty reconnecting after a blip does not come back in one burst.
    const wait = Math.min(15000, 500 * 2 ** attempts++) * (0.5 + Math.random());
    setTimeout(connect, wait);
  }
  function send(action) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(action)); return true; }
    return false;
  }
  setInterval(() => {
    if (!ws) return;
    if (Date.now() - heard > 45000) { ws.close(); return; } // silent server: reconnect and resume
    send({ action: 'beat' });
  }, 15000);
  function status(online) {
    $('connection').textContent = online ? '(' + t('online') + ')' : '(' + t('offline') + ')';
  }

  function receive(frame) {
    if (frame.type === 'welcome') {
      if (announceAfter === Infinity) announceAfter = frame.last;
      return;
    }
    if (frame.type === 'error') { showError(frame.message); return; }
    if (frame.type === 'snapshot') { restore(frame.state); last = frame.seq; started = true; render(); redraw(); return; }
    if (frame.type !== 'events') return;
    let changed = false;
    for (const e of frame.events) {
      if (e.seq <= last) continue;            // never twice
      // A run of votes the server folded into its last (counts only: ADR 0090) stands for the numbers `from`..`seq`.
      if ((e.from || e.seq) > last + 1) { ws.close(); return; } // a gap: reconnect, resume from `last`
      if (last === 0 && !changed) { state = fresh(); }
      apply(e);
      last = e.seq;
      started = true;
      changed = true;
      if (e.seq > announceAfter) announce(e);
    }
    if (changed) render();
  }

  // ---- the fold ------------------------------------------------------------------------------------------------
  // A snapshot is the server's fold at a number, in the shapes the events leave here.
  function restore(s) {
    state = fresh();
    state.state = s.state;
    state.pupilsDraw = s.pupilsDraw;
    s.present.forEach(p => state.present.set(p.conn, p));
    s.muted.forEach(a => state.muted.add(a));
    s.hands.forEach(h => state.hands.set(h.account, { name: h.name, at: h.at }));
    s.chat.forEach(c => state.chat.set(c.seq, { seq: c.seq, name: c.name, text: c.text || '', deleted: c.deleted, at: c.at }));
    s.polls.forEach(p => state.polls.set(p.seq, { seq: p.seq, question: p.question, options: p.options, multiple: p.multiple,
      anonymous: p.anonymous, open: p.open, counts: p.counts, mine: p.mine || null }));
    state.strokes = s.strokes;
    chatEarlier = s.chatEarlier || 0;
  }

  function apply(e) {
    const b = e.body;
    switch (e.kind) {
      case 'room.open': state.state = 'OPEN'; break;
      case 'room.close': state.state = 'CLOSED'; state.hands.clear(); state.polls.forEach(p => p.open = false); break;
      case 'join': state.present.set(b.conn, b); break;
      case 'leave': state.present.delete(b.conn); break;
      case 'chat': state.chat.set(e.seq, { seq: e.seq, name: b.name, text: b.text, deleted: !!b.deleted, at: e.at }); break;
      case 'chat.delete': { const c = state.chat.get(b.target); if (c) { c.deleted = true; c.text = ''; } break; }
      case 'mute': if (b.muted) state.muted.add(b.account); else state.muted.delete(b.account); break;
      case 'hand.raise': if (!state.hands.has(b.account)) state.hands.set(b.account, { name: b.name, at: e.at }); break;
      case 'hand.lower': state.hands.delete(b.account); break;
      case 'poll.open': state.polls.set(e.seq, { seq: e.seq, question: b.question, options: b.options, multiple: b.multiple,
        anonymous: b.anonymous, open: true, counts: b.options.map(() => 0), voters: 0, mine: null }); break;
      case 'poll.vote': { const p = state.polls.get(b.poll); if (p) { p.counts = b.counts; if (b.mine) p.mine = b.choices; } break; }
      case 'poll.close': { const p = state.polls.get(b.poll); if (p) p.open = false; break; }
      case 'board.stroke': state.strokes.push(b); drawStroke(b); break;
      case 'board.clear': state.strokes = []; clearCanvas(); break;
      case 'board.pupils': state.pupilsDraw = b.allowed; break;
    }
  }

  function announce(e) {
    const b = e.body;
    if (e.kind === 'chat' && b.account !== me && !b.deleted) say(t('message-announce', { name: b.name, text: b.text }));
    else if (e.kind === 'hand.raise' && b.account !== me) say(t('hand-announce', { name: b.name }));
    else if (e.kind === 'poll.open') say(t('poll-announce', { question: b.question }));
    else if (e.kind === 'room.open' || e.kind === 'room.close') {
      // The page's controls change with the room's state (lobby, forms): the server draws them again.
      location.reload();
    }
  }
  function say(text) {
    const a = $('announcer');
    a.textContent = '';
    // A new node each time, so screen readers read a repeated text again.
    a.append(el('p', { text }));
  }

  // ---- rendering -----------------------------------------------------------------------------------------------
  function render() {
    const st = $('room-state');
    if (st) { st.textContent = t('state-' + state.state.toLowerCase()); st.className = 'state state-' + state.state.toLowerCase(); }
    renderPresence(); renderHands(); renderChat(); renderPolls(); renderBoardNote();
  }

  function renderPresence() {
    const ul = $('presence'); if (!ul) return;
    const people = new Map();
    state.present.forEach(p => { if (!people.has(p.account)) people.set(p.account, p); });
    ul.replaceChildren(...[...people.values()].map(p => {
      const li = el('li', { 'data-account': p.account }, p.name);
      if (p.role === 'MODERATOR') li.append(' ', el('span', { class: 'muted', text: '(' + t('role-moderator') + ')' }));
      if (moderator && p.role !== 'MODERATOR') {
        const muted = state.muted.has(p.account);
        li.append(' ', el('button', { type: 'button', class: 'link', 'aria-pressed': String(muted), text: muted ? t('unmute') : t('mute'),
          onclick: () => send({ action: 'mute', account: p.account, muted: !muted }) }));
      }
      return li;
    }));
    $('presence-count').textContent = people.size;
  }

  function renderHands() {
    const ol = $('hand-queue'); if (!ol) return;
    ol.replaceChildren(...[...state.hands.entries()].map(([account, h]) => {
      const li = el('li', { 'data-account': account }, h.name + ' ', el('span', { class: 'muted', text: hour(h.at) }));
      if (moderator) li.append(' ', el('button', { type: 'button', class: 'link', text: t('lower'),
        onclick: () => send({ action: 'hand.lower', account }) }));
      return li;
    }));
    const none = $('hands-none'); if (none) none.hidden = state.hands.size > 0;
    const button = $('hand-button');
    if (button) {
      const raised = state.hands.has(me);
      button.textContent = raised ? button.dataset.lower : button.dataset.raise;
      button.setAttribute('aria-pressed', String(raised));
    }
  }

  function renderChat() {
    const ol = $('messages'); if (!ol) return;
    const atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
    ol.replaceChildren(...[...state.chat.values()].map(c => {
      const li = el('li', { 'data-seq': c.seq }, el('span', { class: 'who', text: c.name }), ' ', el('time', { class: 'muted', text: hour(c.at) }));
      if (c.deleted) { li.className = 'deleted'; li.append(el('p', { class: 'muted', text: t('deleted') })); }
      else {
        li.append(el('p', { class: 'text', text: c.text })); // textContent: a message is text, never markup
        if (moderator) li.append(el('button', { type: 'button', class: 'link', text: t('delete'),
          onclick: () => send({ action: 'chat.delete', seq: c.seq }) }));
      }
      return li;
    }));
    if (atBottom) ol.scrollTop = ol.scrollHeight;
    if (chatEarlier > 0) ol.prepend(el('li', { class: 'muted earlier', text: t('chat-earlier', { count: chatEarlier }) }));
    const none = $('chat-none'); if (none) none.hidden = state.chat.size > 0;
    const form = $('chat-form');
    if (form) {
      const muted = state.muted.has(me);
      form.querySelectorAll('textarea, button').forEach(x => x.disabled = muted);
      $('chat-error').textContent = muted ? t('muted') : '';
    }
  }

  function renderPolls() {
    const list = $('poll-list'); if (!list) return;
    list.replaceChildren(...[...state.polls.values()].map(p => {
      const total = p.counts.reduce((a, b) => a + b, 0);
      const div = el('div', { class: 'poll', 'data-seq': p.seq }, el('h3', { text: p.question }));
      const notes = [];
      if (!p.open) notes.push(t('poll-closed'));
      if (p.anonymous) notes.push(t('poll-anonymous'));
      if (notes.length) div.append(el('p', { class: 'muted', text: notes.join(' · ') }));
      div.append(el('ul', { class: 'results' }, ...p.options.map((o, i) =>
        el('li', {}, `${o} — ${p.counts[i]} `, el('progress', { max: String(Math.max(1, total)), value: String(p.counts[i]), 'aria-label': `${o} (${p.counts[i]})` }, String(p.counts[i]))))));
      if (p.open && !moderator && state.state === 'OPEN') div.append(voteForm(p));
      if (p.open && moderator) div.append(el('button', { type: 'button', text: t('close-poll'), onclick: () => send({ action: 'poll.close', poll: p.seq }) }));
      return div;
    }));
    const none = $('polls-none'); if (none) none.hidden = state.polls.size > 0;
  }

  function voteForm(p) {
    const form = el('form', { class: 'vote' });
    const fs = el('fieldset', {}, el('legend', { text: p.question }));
    p.options.forEach((o, i) => {
      const id = `poll-${p.seq}-${i}`;
      const input = el('input', { type: p.multiple ? 'checkbox' : 'radio', name: `poll-${p.seq}`, value: String(i), id });
      if (p.mine && p.mine.includes(i)) input.checked = true;
      fs.append(el('p', {}, input, ' ', el('label', { for: id, text: o })));
    });
    form.append(fs, el('button', { type: 'submit', text: t('vote') }));
    if (p.mine) form.append(el('p', { class: 'muted', role: 'status', text: t('voted') }));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const choices = [...form.querySelectorAll('input:checked')].map(x => Number(x.value));
      send({ action: 'poll.vote', poll: p.seq, choices });
    });
    return form;
  }

  function renderBoardNote() {
    const note = $('board-note');
    if (note) note.textContent = state.pupilsDraw ? t('board-pupils') : t('board-teacher');
    const box = $('board-pupils'); if (box) box.checked = state.pupilsDraw;
    if (canvas) canvas.classList.toggle('can-draw', mayDraw());
    const line = $('line-form'); if (line) line.hidden = !mayDraw();
  }

  function hour(at) {
    return new Date(at).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
  }

  function showError(message) {
    const target = $('chat-error') || $('poll-error');
    if (target) target.textContent = message; else say(message);
  }

  // ---- forms ---------------------------------------------------------------------------------------------------
  const chatForm = $('chat-form');
  if (chatForm) chatForm.addEventListener('submit', ev => {
    const area = chatForm.querySelector('textarea');
    if (!send({ action: 'chat', text: area.value })) return; // offline: the form posts as without script
    ev.preventDefault();
    area.value = '';
    $('chat-error').textContent = '';
    area.focus();
  });
  const chatArea = chatForm && chatForm.querySelector('textarea');
  if (chatArea) chatArea.addEventListener('keydown', ev => {
    if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); chatForm.requestSubmit(); }
  });
  const handForm = $('hand-form');
  if (handForm) handForm.addEventListener('submit', ev => {
    if (send({ action: state.hands.has(me) ? 'hand.lower' : 'hand.raise' })) ev.preventDefault();
  });
  const pollForm = $('poll-form');
  if (pollForm) {
    pollForm.hidden = false;
    pollForm.addEventListener('submit', ev => {
      ev.preventDefault();
      const options = pollForm.elements.options.value.split('\n').map(s => s.trim()).filter(Boolean);
      if (send({ action: 'poll.open', question: pollForm.elements.question.value, options,
        multiple: pollForm.elements.multiple.checked, anonymous: pollForm.elements.anonymous.checked })) pollForm.reset();
    });
  }
  document.querySelectorAll('.js-only').forEach(x => x.hidden = false);

  // ---- whiteboard ----------------------------------------------------------------------------------------------
  const SIZE = 1000;
  let canvas = null, ctx = null;
  const view = $('board-view');
  if (view) {
    canvas = el('canvas', { width: String(SIZE), height: String(SIZE), class: 'board-canvas', role: 'img', 'aria-label': $('h-board').textContent });
    view.replaceChildren(canvas);
    ctx = canvas.getContext('2d');
    clearCanvas();
    let points = null;
    const at = ev => {
      const r = canvas.getBoundingClientRect();
      return [Math.round((ev.clientX - r.left) * SIZE / r.width), Math.round((ev.clientY - r.top) * SIZE / r.height)]
        .map(v => Math.max(0, Math.min(SIZE, v)));
    };
    canvas.addEventListener('pointerdown', ev => { if (!mayDraw()) return; points = at(ev); canvas.setPointerCapture(ev.pointerId); });
    canvas.addEventListener('pointermove', ev => {
      if (!points) return;
      const p = at(ev);
      ctx.strokeStyle = '#1d4ed8'; ctx.lineWidth = 4; ctx.lineCap = 'round';
      ctx.beginPath(); ctx.moveTo(points[points.length - 2], points[points.length - 1]); ctx.lineTo(p[0], p[1]); ctx.stroke();
      points.push(...p);
      if (points.length >= 1998) { send({ action: 'board.stroke', color: '#1d4ed8', width: 4, points }); points = p.slice(); }
    });
    const end = () => { if (points && points.length >= 2) send({ action: 'board.stroke', color: '#1d4ed8', width: 4, points }); points = null; };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);

    // The keyboard: a cursor moved by the arrows, Space puts the pen down or lifts it (lifting sends the stroke),
    // Enter finishes the stroke, Escape cancels it. The cursor's place and the pen are said in a polite live region.
    canvas.setAttribute('tabindex', '0');
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-describedby', 'board-keys');
    const cursorMark = el('span', { class: 'board-cursor', 'aria-hidden': 'true' });
    view.append(cursorMark);
    let cursor = [SIZE / 2, SIZE / 2];
    let keyPoints = null;
    const clamp = v => Math.max(0, Math.min(SIZE, v));
    const place = () => {
      cursorMark.style.left = (cursor[0] * 100 / SIZE) + '%';
      cursorMark.style.top = (cursor[1] * 100 / SIZE) + '%';
      cursorMark.classList.toggle('pen-down', !!keyPoints);
    };
    const tell = extra => {
      const where = t('board-cursor', { x: cursor[0], y: cursor[1] }) + ' · ' + (keyPoints ? t('board-pen-down') : t('board-pen-up'));
      boardStatus(extra ? extra + ' ' + where : where);
    };
    const finish = () => {
      const pts = keyPoints; keyPoints = null;
      if (pts && send({ action: 'board.stroke', color: '#1d4ed8', width: 4, points: pts })) tell(t('board-sent'));
      else tell();
      place();
    };
    canvas.addEventListener('focus', () => { place(); tell(mayDraw() ? '' : (state.pupilsDraw ? t('board-pupils') : t('board-teacher'))); });
    canvas.addEventListener('keydown', ev => {
      const step = ev.shiftKey ? 50 : 10;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[ev.key]) {
        ev.preventDefault();
        const next = [clamp(cursor[0] + moves[ev.key][0]), clamp(cursor[1] + moves[ev.key][1])];
        if (keyPoints) {
          ctx.strokeStyle = '#1d4ed8'; ctx.lineWidth = 4; ctx.lineCap = 'round';
          ctx.beginPath(); ctx.moveTo(cursor[0], cursor[1]); ctx.lineTo(next[0], next[1]); ctx.stroke();
          keyPoints.push(...next);
          if (keyPoints.length >= 1998) { send({ action: 'board.stroke', color: '#1d4ed8', width: 4, points: keyPoints }); keyPoints = next.slice(); }
        }
        cursor = next;
        place(); tell();
      } else if (ev.key === ' ') {
        ev.preventDefault();
        if (!mayDraw()) { tell(state.pupilsDraw ? t('board-pupils') : t('board-teacher')); return; }
        if (keyPoints) finish(); else { keyPoints = cursor.slice(); place(); tell(); }
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        if (keyPoints) finish();
      } else if (ev.key === 'Escape' && keyPoints) {
        ev.preventDefault();
        keyPoints = null; redraw(); place(); tell(t('board-cancelled'));
      }
    });
  }
  function boardStatus(text) { const s = $('board-status'); if (s) s.textContent = text; }
  function redraw() { clearCanvas(); state.strokes.forEach(drawStroke); }
  function mayDraw() { return state.state === 'OPEN' && (moderator || state.pupilsDraw); }
  function clearCanvas() {
    if (!ctx) return;
    ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, SIZE, SIZE);
  }
  function drawStroke(s) {
    if (!ctx) return;
    ctx.strokeStyle = s.color; ctx.lineWidth = s.width; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(s.points[0], s.points[1]);
    for (let i = 2; i + 1 < s.points.length; i += 2) ctx.lineTo(s.points[i], s.points[i + 1]);
    if (s.points.length === 2) ctx.lineTo(s.points[0] + 0.01, s.points[1]);
    ctx.stroke();
  }
  const clear = $('board-clear');
  if (clear) clear.addEventListener('click', () => send({ action: 'board.clear' }));
  const pupils = $('board-pupils');
  if (pupils) pupils.addEventListener('change', () => send({ action: 'board.pupils', allowed: pupils.checked }));

  connect();
}
